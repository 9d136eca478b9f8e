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

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static ModelSpec FromJson(string json)
    {
        try
        {
            return JsonSerializer.Deserialize<ModelSpec>(json, Json)
                ?? throw new DeepStatsException("ModelSpecInvalid", FailureKind.InvalidData, "The model spec JSON is empty.", json);
        }
        catch (JsonException e)
        {
            throw new DeepStatsException("ModelSpecInvalid", FailureKind.InvalidData, $"The model spec JSON is not valid: {e.Message}", json, e);
        }
    }

    /// <summary>The same spec with the input shape and output count fixed.</summary>
    public ModelSpec For(int[] inputShape, int outputs) => this with { InputShape = inputShape, Outputs = outputs };

    public bool Equivalent(ModelSpec other) => ToJson() == other.ToJson();
}
