using System.Text.Json;
using System.Text.Json.Nodes;
using DeepStats.Core.Preprocessing;

namespace DeepStats.Core.Persistence;

/// <summary>
/// The one place where a model's fitted preprocessing steps become JSON and back. A step is an
/// object with a "kind" discriminator and its fitted state; reading switches on the known kinds
/// (never on a type name taken from the file), so a model file cannot make the loader create an
/// arbitrary type. Kept small on purpose: when the fitted states become plain records with their
/// own JSON polymorphism, only the bodies of <see cref="Write"/> and <see cref="Read"/> change.
/// </summary>
public static class TransformStateJson
{
    public static JsonNode Write(IFittedTransform transform, JsonSerializerOptions json)
    {
        var o = new JsonObject { ["kind"] = transform.Kind, ["id"] = transform.Id.ToString("D"), ["fittedOn"] = transform.FittedOn };
        switch (transform)
        {
            case Standardizer s:
                o["forImages"] = s.ForImages;
                o["forSequences"] = s.ForSequences;
                o["parameters"] = JsonSerializer.SerializeToNode(s.Parameters, json);
                break;
            case Imputer i:
                o["strategy"] = JsonSerializer.SerializeToNode(i.Strategy, json);
                o["addIndicators"] = i.AddIndicators;
                o["parameters"] = JsonSerializer.SerializeToNode(i.Parameters, json);
                break;
            case SequenceWindows w:
                o["window"] = w.Window;
                o["horizon"] = w.Horizon;
                o["featureColumns"] = JsonSerializer.SerializeToNode(w.FeatureColumns, json);
                o["forecastColumn"] = w.ForecastColumn;
                break;
            default:
                throw new DeepStatsException(ErrorIds.UnknownTransformKind, FailureKind.NotSupported,
                    $"The model's preprocessing step '{transform.Kind}' cannot be saved by this version.", transform);
        }
        return o;
    }

    public static IFittedTransform Read(JsonNode node, JsonSerializerOptions json)
    {
        string kind = node["kind"]?.GetValue<string>() ?? "";
        var id = Guid.Parse(node["id"]!.GetValue<string>());
        string fittedOn = node["fittedOn"]?.GetValue<string>() ?? "";
        T Get<T>(string name) => node[name].Deserialize<T>(json) ?? throw new JsonException($"'{kind}' step without '{name}'");
        return kind switch
        {
            "Standardize" => Standardizer.Restore(id, Get<ScaleParameter[]>("parameters"), fittedOn, Get<bool>("forImages"), Get<bool>("forSequences")),
            "Impute" => Imputer.Restore(id, Get<ImputeParameter[]>("parameters"), Get<ImputeStrategy>("strategy"), Get<bool>("addIndicators"), fittedOn),
            "Window" => SequenceWindows.Restore(id, Get<int>("window"), Get<int>("horizon"), Get<string[]>("featureColumns"),
                node["forecastColumn"]?.GetValue<string>(), fittedOn),
            _ => throw new DeepStatsException(ErrorIds.UnknownTransformKind, FailureKind.NotSupported,
                $"The model file holds a preprocessing step of kind '{kind}', which this version of DeepStats does not know. Update DeepStats.", kind),
        };
    }
}
