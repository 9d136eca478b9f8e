using System.Text.Json;
using System.Text.Json.Serialization;

namespace DeepStats.Core.Models;

/// <summary>
/// A network as plain data: its kind, an optional input shape (taken from the data at training
/// time when absent), an optional output count (the number of classes when absent) and the
/// ordered layers. Round-trips through JSON, so a saved model is rebuilt exactly.
/// </summary>
public sealed record ModelSpec
{
    public string Kind { get; init; } = "Sequential";
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public int[]? InputShape { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public int? Outputs { get; init; }
    public IReadOnlyList<LayerSpec> Layers { get; init; } = Array.Empty<LayerSpec>();
    /// <summary>Weight initialisation of convolution and linear layers: Default (libtorch's), He (Kaiming normal, fan-in, ReLU gain) or Xavier (Glorot uniform); biases start at 0 for He and Xavier.</summary>
    public WeightInit Init { get; init; } = WeightInit.Default;

    public string ToJson() => JsonSerializer.Serialize(this, Persistence.JsonConvention.Options);

    public static ModelSpec FromJson(string json)
    {
        try
        {
            return JsonSerializer.Deserialize<ModelSpec>(json, Persistence.JsonConvention.Options)
                ?? throw new DeepStatsException(ErrorIds.ModelSpecInvalid, FailureKind.InvalidData, "The model spec JSON is empty.", json);
        }
        catch (JsonException e)
        {
            throw new DeepStatsException(ErrorIds.ModelSpecInvalid, FailureKind.InvalidData, $"The model spec JSON is not valid: {e.Message}", json, e);
        }
    }

    /// <summary>The same spec with the input shape and output count fixed.</summary>
    public ModelSpec For(int[] inputShape, int outputs) => this with { InputShape = inputShape, Outputs = outputs };

    public bool Equivalent(ModelSpec other) => ToJson() == other.ToJson();

    /// <summary>
    /// The Keras-style summary as text. With an input shape, every layer's output shape and
    /// parameter count; without the output count, the head is shown per class. Without an input
    /// shape, the layers only (shapes come from the data at training time).
    /// </summary>
    public string SummaryText()
    {
        if (InputShape is null)
            return $"{Kind}: input shape from the data at training time, {(Outputs?.ToString() ?? "classes from the data")} outputs\n" +
                string.Join("\n", Layers.Select((l, i) => $"{i + 1,3}  {l.Describe()}"));
        if (Outputs is { } k) return ModelSummary.Of(this, InputShape, k).ToString();
        // outputs unknown: infer with 1 output, then state the head per class
        var rows = ShapeInference.Infer(this, InputShape, 1);
        var head = rows[^1];
        long perClass = head.Parameters;
        var s = ModelSummary.Of(this, InputShape, 1).ToString().Split('\n').ToList();
        s[0] = $"{Kind}: input {ShapeInference.Format(InputShape)}, outputs = number of classes (from the data)";
        s[^2] = $"{head.Index,3}  {head.Layer,-44} {"classes",-14} {perClass + " x classes",10}";
        s[^1] = $"Total trainable parameters: {rows.Sum(r => r.Parameters) - perClass:N0} + {perClass:N0} per class";
        return string.Join("\n", s);
    }
}
