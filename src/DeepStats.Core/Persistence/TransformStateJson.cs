using System.Text.Json;
using System.Text.Json.Nodes;
using DeepStats.Core.Preprocessing;

namespace DeepStats.Core.Persistence;

/// <summary>
/// The one place where a model's fitted preprocessing steps become JSON and back. Every step is a
/// <see cref="FittedState"/>, whose JSON form names one of a fixed set of known kinds in its
/// <c>"kind"</c> discriminator (never a .NET type name), so a model file cannot make the loader
/// create an arbitrary type; an unknown kind is refused with <c>UnknownTransformKind</c>. The chain is two
/// arrays of equal length: <c>"transforms"</c> (the states) and <c>"recipes"</c> (each step's recipe, a frozen
/// step as <c>{"kind":"frozen"}</c>, bound to its step's state on reading).
/// </summary>
public static class TransformStateJson
{
    public static JsonNode Write(FittedState state, JsonSerializerOptions json) => JsonSerializer.SerializeToNode<FittedState>(state, json)!;

    public static FittedState Read(JsonNode node, JsonSerializerOptions json)
    {
        string kind = node["kind"] is JsonValue v && v.TryGetValue<string>(out var k) ? k : "";
        try
        {
            return node.Deserialize<FittedState>(json)
                ?? throw new JsonException("a preprocessing step is null");
        }
        catch (Exception e) when (e is JsonException or NotSupportedException)
        {
            throw new DeepStatsException(ErrorIds.UnknownTransformKind, FailureKind.NotSupported,
                $"The model file holds a preprocessing step of kind '{kind}' that this version of DeepStats cannot read ({e.Message}). Update DeepStats.", kind, e);
        }
    }
}
