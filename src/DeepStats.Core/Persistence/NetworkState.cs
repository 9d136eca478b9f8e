using TorchSharp;
using static TorchSharp.torch;

namespace DeepStats.Core.Persistence;

/// <summary>Copies a network's state (parameters and buffers) out to <see cref="TensorData"/> and back, bit for bit.</summary>
public static class NetworkState
{
    public static TensorData[] Extract(nn.Module module)
    {
        var list = new List<TensorData>();
        using var _ = no_grad();
        foreach (var (name, t) in module.state_dict())
        {
            using var c = t.detach().cpu().contiguous();
            list.Add(new TensorData(name, DTypeName(c.dtype), c.shape.ToArray(), c.bytes.ToArray()));
        }
        return list.ToArray();
    }

    /// <summary>Writes <paramref name="weights"/> into <paramref name="module"/>: every state entry must be present with its shape and dtype, and nothing else.</summary>
    public static void Load(nn.Module module, IReadOnlyList<TensorData> weights, string what)
    {
        var state = module.state_dict();
        var byName = new Dictionary<string, TensorData>(StringComparer.Ordinal);
        foreach (var w in weights)
            if (!byName.TryAdd(w.Name, w)) throw Mismatch(what, $"tensor '{w.Name}' appears twice");
        foreach (var name in byName.Keys)
            if (!state.ContainsKey(name)) throw Mismatch(what, $"it holds tensor '{name}', which the network does not have");
        using var _ = no_grad();
        foreach (var (name, target) in state)
        {
            if (!byName.TryGetValue(name, out var w)) throw Mismatch(what, $"the network's tensor '{name}' is missing");
            if (w.DType != DTypeName(target.dtype) || !w.Shape.SequenceEqual(target.shape))
                throw Mismatch(what, $"tensor '{name}' is {w.DType} [{string.Join(", ", w.Shape)}] but the network needs {DTypeName(target.dtype)} [{string.Join(", ", target.shape)}]");
            using var src = empty(w.Shape, target.dtype);
            src.bytes = w.Data;
            target.copy_(src);
        }
    }

    public static string DTypeName(ScalarType t) => t switch
    {
        ScalarType.Float32 => "F32",
        ScalarType.Float64 => "F64",
        ScalarType.Float16 => "F16",
        ScalarType.BFloat16 => "BF16",
        ScalarType.Int64 => "I64",
        ScalarType.Int32 => "I32",
        ScalarType.Int16 => "I16",
        ScalarType.Int8 => "I8",
        ScalarType.Byte => "U8",
        ScalarType.Bool => "BOOL",
        _ => throw new DeepStatsException(ErrorIds.ModelWeightsMismatch, FailureKind.NotSupported, $"Tensors of type {t} cannot be saved.", t),
    };

    private static DeepStatsException Mismatch(string what, string detail) => new(ErrorIds.ModelWeightsMismatch, FailureKind.InvalidData,
        $"The weights in {what} do not fit the network its spec describes: {detail}. The file is damaged or was edited; save the model again.", what);
}
