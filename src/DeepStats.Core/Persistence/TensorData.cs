namespace DeepStats.Core.Persistence;

/// <summary>
/// One named tensor as plain data: its safetensors dtype name ("F32", "I64", ...), its shape and
/// its elements as raw little-endian bytes in row-major order. Weights travel in this form between
/// a trained network, the model artifact and the model file; no TorchSharp type is involved.
/// </summary>
public sealed record TensorData(string Name, string DType, long[] Shape, byte[] Data)
{
    /// <summary>Bytes per element of each supported dtype (the safetensors names).</summary>
    public static int ElementSize(string dtype) => dtype switch
    {
        "F64" or "I64" or "U64" => 8,
        "F32" or "I32" or "U32" => 4,
        "F16" or "BF16" or "I16" or "U16" => 2,
        "I8" or "U8" or "BOOL" => 1,
        _ => -1,
    };

    /// <summary>Number of elements the shape holds (1 for a scalar).</summary>
    public static long ElementCount(IReadOnlyList<long> shape)
    {
        long n = 1;
        foreach (var d in shape) n = checked(n * d);
        return n;
    }

    public bool SameBits(TensorData other) =>
        Name == other.Name && DType == other.DType && Shape.SequenceEqual(other.Shape) && Data.AsSpan().SequenceEqual(other.Data);
}
