using System.Buffers.Binary;
using System.Text;

namespace DeepStats.Core.Export;

/// <summary>
/// The protobuf wire format of the few ONNX messages an export writes (onnx.proto, IR version 8): ModelProto,
/// OperatorSetIdProto, StringStringEntryProto, GraphProto, NodeProto, AttributeProto, TensorProto, ValueInfoProto
/// with TypeProto.Tensor and TensorShapeProto. Written by hand rather than through a generated or packaged set of
/// classes: these messages are write-only here and need about a hundred lines, while a package (OnnxSharp, or classes
/// generated from onnx.proto over Google.Protobuf) would be one more engine dependency whose Google.Protobuf version
/// must agree with the one TorchSharp brings into the engine's load context. Fields are written in field-number order;
/// repeated scalars unpacked (onnx.proto is proto2), which every protobuf reader accepts.
/// </summary>
internal sealed class ProtoWriter
{
    private readonly MemoryStream _s = new();

    public byte[] ToArray() => _s.ToArray();

    private void Tag(int field, int wire) => Raw((ulong)((field << 3) | wire));

    private void Raw(ulong v)
    {
        while (v >= 0x80) { _s.WriteByte((byte)(v | 0x80)); v >>= 7; }
        _s.WriteByte((byte)v);
    }

    public ProtoWriter Int(int field, long v) { Tag(field, 0); Raw((ulong)v); return this; }

    public ProtoWriter Float(int field, float v)
    {
        Tag(field, 5);
        Span<byte> b = stackalloc byte[4];
        BinaryPrimitives.WriteSingleLittleEndian(b, v);
        _s.Write(b);
        return this;
    }

    public ProtoWriter Bytes(int field, ReadOnlySpan<byte> bytes) { Tag(field, 2); Raw((ulong)bytes.Length); _s.Write(bytes); return this; }
    public ProtoWriter String(int field, string s) => Bytes(field, Encoding.UTF8.GetBytes(s));
    public ProtoWriter Message(int field, ProtoWriter m) => Bytes(field, m.ToArray());
    public ProtoWriter Message(int field, byte[] m) => Bytes(field, m);
}

/// <summary>ONNX TensorProto.DataType values used by the export.</summary>
internal enum OnnxType { Float = 1, Int64 = 7, String = 8, Bool = 9, Double = 11 }

/// <summary>One node attribute (AttributeProto): a float, an int, a string, a tensor, or a list of floats, ints or strings.</summary>
internal sealed record OnnxAttribute(string Name, object Value)
{
    public byte[] Encode()
    {
        var w = new ProtoWriter().String(1, Name);
        switch (Value)
        {
            case float f: w.Float(2, f).Int(20, 1); break;
            case long i: w.Int(3, i).Int(20, 2); break;
            case int i: w.Int(3, i).Int(20, 2); break;
            case string s: w.String(4, s).Int(20, 3); break;
            case OnnxTensor t: w.Message(5, t.Encode()).Int(20, 4); break;
            case float[] fs: foreach (var f in fs) w.Float(7, f); w.Int(20, 6); break;
            case long[] ls: foreach (var l in ls) w.Int(8, l); w.Int(20, 7); break;
            case string[] ss: foreach (var s in ss) w.String(9, s); w.Int(20, 8); break;
            default: throw new ArgumentException($"Attribute {Name}: unsupported value {Value.GetType().Name}");
        }
        return w.ToArray();
    }
}

/// <summary>A constant tensor (TensorProto): numbers as little-endian raw data, strings as string_data.</summary>
internal sealed record OnnxTensor(string Name, OnnxType Type, long[] Dims, byte[]? Raw, string[]? Strings = null)
{
    public byte[] Encode()
    {
        var w = new ProtoWriter();
        foreach (var d in Dims) w.Int(1, d);
        w.Int(2, (int)Type);
        if (Strings is not null) foreach (var s in Strings) w.String(6, s);
        if (Name.Length > 0) w.String(8, Name);
        if (Raw is not null) w.Bytes(9, Raw);
        return w.ToArray();
    }

    public static OnnxTensor Of(string name, float[] v, long[] dims) => new(name, OnnxType.Float, dims, Bytes<float>(v));
    public static OnnxTensor Of(string name, double[] v, long[] dims) => new(name, OnnxType.Double, dims, Bytes<double>(v));
    public static OnnxTensor Of(string name, long[] v, long[] dims) => new(name, OnnxType.Int64, dims, Bytes<long>(v));

    private static byte[] Bytes<T>(T[] v) where T : unmanaged
    {
        if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("ONNX raw tensor data is little-endian.");
        return System.Runtime.InteropServices.MemoryMarshal.AsBytes(v.AsSpan()).ToArray();
    }
}

/// <summary>A graph input or output (ValueInfoProto): name, element type and shape, a dimension null for the batch ("N").</summary>
internal sealed record OnnxValue(string Name, OnnxType Type, long?[] Shape, string Doc = "")
{
    public byte[] Encode()
    {
        var shape = new ProtoWriter();
        foreach (var d in Shape)
            shape.Message(1, d is { } v ? new ProtoWriter().Int(1, v) : new ProtoWriter().String(2, "N"));
        var tensor = new ProtoWriter().Int(1, (int)Type).Message(2, shape);
        var w = new ProtoWriter().String(1, Name).Message(2, new ProtoWriter().Message(1, tensor));
        if (Doc.Length > 0) w.String(3, Doc);
        return w.ToArray();
    }
}
