using System.Text.Json.Serialization;

namespace DeepStats.Core.Models;

/// <summary>
/// One layer as plain data. Only the fields its <see cref="Type"/> uses are set. A Linear layer
/// with no <see cref="OutFeatures"/> is the output head: its width is the number of classes.
/// <see cref="InFeatures"/> on a Linear layer is an optional declaration that shape inference checks.
/// </summary>
public sealed record LayerSpec
{
    public LayerType Type { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public int? OutChannels { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public int? Kernel { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public int? Stride { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public int? Padding { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public int? InFeatures { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public int? OutFeatures { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public double? Probability { get; init; }
    /// <summary>Recurrent layers: hidden units per direction.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public int? HiddenSize { get; init; }
    /// <summary>Recurrent layers: stacked layers.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public int? NumLayers { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public bool? Bidirectional { get; init; }
    /// <summary>Residual blocks: the layers of the body.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public IReadOnlyList<LayerSpec>? Body { get; init; }

    public bool Equals(LayerSpec? other) =>
        other is not null && Type == other.Type && OutChannels == other.OutChannels && Kernel == other.Kernel &&
        Stride == other.Stride && Padding == other.Padding && InFeatures == other.InFeatures && OutFeatures == other.OutFeatures &&
        Probability == other.Probability && HiddenSize == other.HiddenSize && NumLayers == other.NumLayers &&
        Bidirectional == other.Bidirectional && (Body is null ? other.Body is null : other.Body is not null && Body.SequenceEqual(other.Body));

    public override int GetHashCode() => HashCode.Combine(Type, OutChannels, Kernel, Stride, Padding, OutFeatures, HiddenSize, Body?.Count);

    public static LayerSpec Conv(int outChannels, int kernel, int stride = 1, int padding = 0) =>
        new() { Type = LayerType.Conv2d, OutChannels = outChannels, Kernel = kernel, Stride = stride, Padding = padding };
    public static LayerSpec Pool(LayerType type, int kernel, int? stride = null) => new() { Type = type, Kernel = kernel, Stride = stride ?? kernel };
    public static LayerSpec Dense(int? outFeatures, int? inFeatures = null) => new() { Type = LayerType.Linear, OutFeatures = outFeatures, InFeatures = inFeatures };
    public static LayerSpec DropoutLayer(double p) => new() { Type = LayerType.Dropout, Probability = p };
    public static LayerSpec Of(LayerType type) => new() { Type = type };
    public static LayerSpec ResidualOf(IReadOnlyList<LayerSpec> body) => new() { Type = LayerType.Residual, Body = body };
    public static LayerSpec Recurrent(LayerType type, int hidden, int layers = 1, bool bidirectional = false, double dropout = 0) =>
        new() { Type = type, HiddenSize = hidden, NumLayers = layers, Bidirectional = bidirectional, Probability = dropout > 0 ? dropout : null };

    /// <summary>A short description such as "Conv2d 64, kernel 32x32, stride 1, padding 0".</summary>
    public string Describe() => Type switch
    {
        LayerType.Conv2d => $"Conv2d {OutChannels}, kernel {Kernel}x{Kernel}, stride {Stride ?? 1}, padding {Padding ?? 0}",
        LayerType.MaxPool2d or LayerType.AvgPool2d => $"{Type} {Kernel}x{Kernel}, stride {Stride ?? Kernel}",
        LayerType.Linear => $"Linear {(InFeatures is { } i ? i + "->" : "")}{(OutFeatures?.ToString() ?? "classes")}",
        LayerType.Dropout => $"Dropout {Probability}",
        LayerType.Residual => $"Residual [{string.Join(", ", (Body ?? Array.Empty<LayerSpec>()).Select(b => b.Describe()))}]",
        LayerType.LSTM or LayerType.GRU => $"{Type} {HiddenSize}{(NumLayers is > 1 ? $" x{NumLayers} layers" : "")}{(Bidirectional == true ? ", bidirectional" : "")}",
        _ => Type.ToString(),
    };
}
