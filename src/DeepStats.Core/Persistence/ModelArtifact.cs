using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using DeepStats.Core.Data;
using DeepStats.Core.Models;
using DeepStats.Core.Preprocessing;
using DeepStats.Core.Training;

namespace DeepStats.Core.Persistence;

/// <summary>
/// A trained model as pure data: the resolved network spec, the schema of its input before and
/// after the fitted preprocessing, the fitted preprocessing steps, the target scaling, the
/// classes (in the schema), the training history and options, facts about the training data,
/// and the weights as named tensors. A <see cref="TrainedModel"/> is this plus a network built
/// from it on demand; a model file is this as JSON plus the weights in safetensors.
/// Serialised generically with System.Text.Json, so new init-only members of the records it
/// holds (options, epoch records) travel without hand-written mapping.
/// </summary>
public sealed record ModelArtifact
{
    /// <summary>Version of the model-file format this build writes and the newest it reads.</summary>
    public const int CurrentFormatVersion = 1;

    public int FormatVersion { get; init; } = CurrentFormatVersion;
    public required ModelSpec Spec { get; init; }
    /// <summary>The network's input as training saw it (after the transforms).</summary>
    public required FeatureSchema Schema { get; init; }
    /// <summary>The data as it was given to training, before the model's own transforms.</summary>
    public FeatureSchema? InputSchema { get; init; }
    /// <summary>The fitted preprocessing steps, in order (written through <see cref="TransformStateJson"/>).</summary>
    [JsonIgnore] public IReadOnlyList<IFittedTransform> Transforms { get; init; } = Array.Empty<IFittedTransform>();
    /// <summary>The recipes behind the last <c>Recipes.Count</c> transforms: the preprocessing that refits on other rows.</summary>
    public IReadOnlyList<Recipe> Recipes { get; init; } = Array.Empty<Recipe>();
    /// <summary>A Bloom filter of the rows the network was trained on, for <see cref="LeakageGuard"/>.</summary>
    public RowFilter? TrainingRowFilter { get; init; }
    public double TargetMean { get; init; }
    public double TargetScale { get; init; } = 1;
    public IReadOnlyList<EpochRecord> History { get; init; } = Array.Empty<EpochRecord>();
    public required TrainingOptions Options { get; init; }
    public int TrainingRows { get; init; }
    public int ValidationRows { get; init; }
    public string DataFingerprint { get; init; } = "";
    public bool Completed { get; init; }
    public TimeSpan Duration { get; init; }
    public DateTime TrainedAt { get; init; }
    /// <summary>Why training ended (completed, early stopping, cancelled, diverged) and, when it diverged, what went wrong.</summary>
    public StopReason StopReason { get; init; }
    public string? StopMessage { get; init; }
    /// <summary>The epoch whose weights the model holds.</summary>
    public int BestEpoch { get; init; }
    /// <summary>Seed, threads, library versions, CPU and data fingerprint of the training run.</summary>
    public RunInfo? RunInfo { get; init; }
    /// <summary>Free-form facts (library versions at training time, notes); strings only.</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; init; } = new Dictionary<string, string>();
    /// <summary>The network's state (parameters and buffers) by name, in the network's order; stored in the safetensors entry.</summary>
    [JsonIgnore] public IReadOnlyList<TensorData> Weights { get; init; } = Array.Empty<TensorData>();

    /// <summary>Everything but the weights as JSON (<see cref="JsonConvention"/>), the transforms under "transforms".</summary>
    public string ToJson()
    {
        var node = JsonSerializer.SerializeToNode(this, JsonConvention.Options)!.AsObject();
        var list = new JsonArray();
        foreach (var t in Transforms) list.Add(TransformStateJson.Write(t, JsonConvention.Options));
        node["transforms"] = list;
        return node.ToJsonString(JsonConvention.Options);
    }

    /// <summary>Reads <see cref="ToJson"/>'s output; the weights are attached separately.</summary>
    public static ModelArtifact FromJson(string json)
    {
        var node = JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { MaxDepth = 64 })!.AsObject();
        var transforms = node["transforms"] is JsonArray a ? a.Select(t => TransformStateJson.Read(t!, JsonConvention.Options)).ToArray() : Array.Empty<IFittedTransform>();
        node.Remove("transforms");
        var artifact = node.Deserialize<ModelArtifact>(JsonConvention.Options) ?? throw new JsonException("empty model JSON");
        return artifact with { Transforms = transforms };
    }
}
