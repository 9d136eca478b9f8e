using System.Text.Json;
using System.Text.Json.Serialization;

namespace DeepStats.Core.Persistence;

/// <summary>
/// The one JSON convention of DeepStats: every record that becomes JSON (the model file's <c>model.json</c> and manifest,
/// <see cref="Models.ModelSpec"/>, the fitted preprocessing states, the training checkpoint's header, the configuration
/// fingerprint of a cross-validation) is written and read with <see cref="Options"/>: camelCase member names (dictionary
/// keys as given), enums by name (numbers are still read), NaN and the infinities as the named literals
/// <c>"NaN"</c>, <c>"Infinity"</c>, <c>"-Infinity"</c>, indented, at most 64 levels deep. This is the convention model
/// files of format version 1 have always used, so every model file written so far reads unchanged.
/// </summary>
public static class JsonConvention
{
    public static readonly JsonSerializerOptions Options = Create();

    private static JsonSerializerOptions Create()
    {
        var o = new JsonSerializerOptions
        {
            WriteIndented = true,
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
            Converters = { new JsonStringEnumConverter() },
            MaxDepth = 64,
        };
        o.MakeReadOnly(populateMissingResolver: true);
        return o;
    }
}
