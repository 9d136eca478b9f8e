using System.Buffers.Binary;
using System.Text;
using System.Text.Json;

namespace DeepStats.Core.Persistence;

/// <summary>
/// Reads and writes the safetensors layout (huggingface/safetensors, "Format" section): an 8-byte
/// little-endian unsigned header length N, N bytes of UTF-8 JSON mapping each tensor name to
/// {"dtype", "shape", "data_offsets": [begin, end]} (offsets relative to the byte after the
/// header) plus an optional "__metadata__" string map, then the raw little-endian tensor data.
/// The header is padded with spaces to a multiple of 8 bytes. Reading checks everything the
/// format promises (lengths, known dtypes, sizes matching shapes, offsets contiguous and
/// covering the data exactly), so a damaged file is an error, never a half-loaded model. Plain
/// bytes in, plain bytes out: nothing is executed (unlike pickle-based checkpoints).
/// </summary>
public static class SafeTensors
{
    /// <summary>Largest header accepted (the reference implementation's limit is 100 MB).</summary>
    public const int MaxHeaderBytes = 100_000_000;

    public static byte[] Write(IReadOnlyList<TensorData> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        using var header = new MemoryStream();
        using (var w = new Utf8JsonWriter(header))
        {
            w.WriteStartObject();
            if (metadata is { Count: > 0 })
            {
                w.WriteStartObject("__metadata__");
                foreach (var kv in metadata) w.WriteString(kv.Key, kv.Value);
                w.WriteEndObject();
            }
            long offset = 0;
            foreach (var t in tensors)
            {
                w.WriteStartObject(t.Name);
                w.WriteString("dtype", t.DType);
                w.WriteStartArray("shape");
                foreach (var d in t.Shape) w.WriteNumberValue(d);
                w.WriteEndArray();
                w.WriteStartArray("data_offsets");
                w.WriteNumberValue(offset);
                w.WriteNumberValue(offset + t.Data.Length);
                w.WriteEndArray();
                w.WriteEndObject();
                offset += t.Data.Length;
            }
            w.WriteEndObject();
        }
        int pad = (int)((8 - header.Length % 8) % 8);
        for (int i = 0; i < pad; i++) header.WriteByte((byte)' ');
        long total = 8 + header.Length + tensors.Sum(t => (long)t.Data.Length);
        var result = new byte[total];
        BinaryPrimitives.WriteUInt64LittleEndian(result, (ulong)header.Length);
        header.GetBuffer().AsSpan(0, (int)header.Length).CopyTo(result.AsSpan(8));
        long pos = 8 + header.Length;
        foreach (var t in tensors)
        {
            t.Data.CopyTo(result.AsSpan((int)pos));
            pos += t.Data.Length;
        }
        return result;
    }

    /// <summary>The tensors of a safetensors buffer, in data-offset order, and its metadata. <paramref name="what"/> names the source in errors.</summary>
    public static (IReadOnlyList<TensorData> Tensors, IReadOnlyDictionary<string, string> Metadata) Read(ReadOnlySpan<byte> bytes, string what)
    {
        if (bytes.Length < 8) throw Bad(what, $"it is {bytes.Length} bytes long, shorter than the 8-byte header length");
        ulong n = BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        if (n > MaxHeaderBytes || n > (ulong)(bytes.Length - 8))
            throw Bad(what, $"its header claims {n} bytes but only {bytes.Length - 8} follow");
        var data = bytes[(8 + (int)n)..];
        var tensors = new List<(long Begin, TensorData T)>();
        var metadata = new Dictionary<string, string>();
        try
        {
            using var doc = JsonDocument.Parse(bytes.Slice(8, (int)n).ToArray());
            if (doc.RootElement.ValueKind != JsonValueKind.Object) throw Bad(what, "its header is not a JSON object");
            foreach (var p in doc.RootElement.EnumerateObject())
            {
                if (p.Name == "__metadata__")
                {
                    foreach (var m in p.Value.EnumerateObject()) metadata[m.Name] = m.Value.GetString() ?? "";
                    continue;
                }
                string dtype = p.Value.GetProperty("dtype").GetString() ?? "";
                int size = TensorData.ElementSize(dtype);
                if (size < 0) throw Bad(what, $"tensor '{p.Name}' has the unknown dtype '{dtype}'");
                var shape = p.Value.GetProperty("shape").EnumerateArray().Select(e => e.GetInt64()).ToArray();
                if (shape.Any(d => d < 0)) throw Bad(what, $"tensor '{p.Name}' has a negative dimension");
                var off = p.Value.GetProperty("data_offsets").EnumerateArray().Select(e => e.GetInt64()).ToArray();
                if (off.Length != 2 || off[0] < 0 || off[1] < off[0] || off[1] > data.Length)
                    throw Bad(what, $"tensor '{p.Name}' has data offsets [{string.Join(", ", off)}] outside the {data.Length} data bytes");
                long expected = TensorData.ElementCount(shape) * size;
                if (off[1] - off[0] != expected)
                    throw Bad(what, $"tensor '{p.Name}' ({dtype}, shape [{string.Join(", ", shape)}]) needs {expected} bytes but its offsets span {off[1] - off[0]}");
                tensors.Add((off[0], new TensorData(p.Name, dtype, shape, data[(int)off[0]..(int)off[1]].ToArray())));
            }
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or KeyNotFoundException or FormatException or OverflowException)
        {
            throw Bad(what, $"its header is not valid ({e.Message})");
        }
        tensors.Sort((a, b) => a.Begin.CompareTo(b.Begin));
        long pos = 0;
        foreach (var (begin, t) in tensors)
        {
            if (begin != pos) throw Bad(what, $"tensor '{t.Name}' starts at byte {begin} of the data, not at {pos}: the tensors overlap or leave a gap");
            pos += t.Data.Length;
        }
        if (pos != data.Length) throw Bad(what, $"its tensors cover {pos} of the {data.Length} data bytes");
        return (tensors.Select(t => t.T).ToArray(), metadata);
    }

    private static DeepStatsException Bad(string what, string detail) => new(ErrorIds.ModelFileCorrupt, FailureKind.InvalidData,
        $"{what} is not a valid safetensors weight file: {detail}. The file is damaged; save the model again or restore it from a backup.", what);
}
