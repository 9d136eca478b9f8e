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
    /// <summary>Version of the model-file format this build writes and the newest it reads. 2: one recipe per state (frozen steps
    /// as <c>{"kind":"frozen"}</c>), <see cref="InputSchema"/> is the raw schema, row filters hash raw rows. Version 1 files
    /// (recipes for the last steps only, the schema of the data as given) are still read: their earlier steps become frozen.</summary>
    public const int CurrentFormatVersion = 2;

    public int FormatVersion { get; init; } = CurrentFormatVersion;
    public required ModelSpec Spec { get; init; }
    /// <summary>The network's input as training saw it (after the transforms).</summary>
    public required FeatureSchema Schema { get; init; }
    /// <summary>The raw data the chain starts from (version 1: the data as it was given to training).</summary>
    public FeatureSchema? InputSchema { get; init; }
    /// <summary>The fitted preprocessing steps, in order (written through <see cref="TransformStateJson"/>).</summary>
    [JsonIgnore] public IReadOnlyList<FittedState> Transforms { get; init; } = Array.Empty<FittedState>();
    /// <summary>The recipe of every step of <see cref="Transforms"/> (same length; frozen steps are <see cref="FrozenRecipe"/>).</summary>
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
        var transforms = node["transforms"] is JsonArray a ? a.Select(t => TransformStateJson.Read(t!, JsonConvention.Options)).ToArray() : Array.Empty<FittedState>();
        node.Remove("transforms");
        var artifact = node.Deserialize<ModelArtifact>(JsonConvention.Options) ?? throw new JsonException("empty model JSON");
        return artifact with { Transforms = transforms, Recipes = BindRecipes(artifact.Recipes, transforms) };
    }

    /// <summary>One recipe per state: version 1 files listed recipes for the last steps only (the earlier ones become frozen); a
    /// frozen recipe gets its step's state.</summary>
    private static IReadOnlyList<Recipe> BindRecipes(IReadOnlyList<Recipe> recipes, IReadOnlyList<FittedState> transforms)
    {
        if (recipes.Count > transforms.Count)
            throw new JsonException($"the model lists {recipes.Count} preprocessing recipes for {transforms.Count} fitted steps");
        int pad = transforms.Count - recipes.Count;
        var bound = new Recipe[transforms.Count];
        for (int i = 0; i < bound.Length; i++)
            bound[i] = i < pad || recipes[i - pad] is FrozenRecipe ? new FrozenRecipe(transforms[i]) : recipes[i - pad];
        return bound;
    }
}
