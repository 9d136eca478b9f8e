using DeepStats.Core.Data;

namespace DeepStats.Core.Preprocessing;

/// <summary>Takes new data through a model's chain of fitted states, refusing data transformed by other fits.</summary>
public static class TransformPipeline
{
    /// <summary>
    /// Brings <paramref name="data"/> into the state the model was trained on. Raw data is aligned to
    /// <paramref name="rawSchema"/> (the raw data the model's chain starts from: columns chosen and ordered,
    /// categories and classes coded as in training) and taken through every state in order. Data already
    /// carrying steps starts again from its own raw data (<see cref="Dataset.Raw"/>), provided each step it
    /// carries is the model's own state, or a fit the model's refit replaced (the same recipe fitted on other
    /// rows: a split's or the whole data's fit); data already carrying the whole chain is returned as it is.
    /// Data transformed with parameters fitted elsewhere (for example on the test set itself), or with a
    /// state given explicitly (-Reference) that the model does not use, is refused: that is leakage, and the
    /// numbers would not mean what they say.
    /// </summary>
    public static Dataset ApplyTo(Dataset data, IReadOnlyList<FittedState> chain, FeatureSchema? rawSchema = null)
    {
        if (data.Transforms.Count == chain.Count && data.Transforms.Select(t => t.Id).SequenceEqual(chain.Select(t => t.Id))) return data;
        for (int i = 0; i < data.Transforms.Count; i++)
        {
            var own = data.Transforms[i];
            if (i < chain.Count && own.Id == chain[i].Id) continue;
            bool family = i < chain.Count && own.Family == chain[i].Family;
            if (family && i >= data.RawStep && data.Recipes[i] is not FrozenRecipe) continue; // the model's refit replaces it
            if (family)
                throw new DeepStatsException(ErrorIds.ForeignTransform, FailureKind.InvalidData,
                    $"The data was transformed ({own.Kind}) with a fit the model replaced: the model refitted it on its training rows only " +
                    "(its held-out rows left out). Pass the raw data: the model applies its own fitted transforms " +
                    "(or take the parameters from the model: ConvertTo-Standardized -Reference $model).", data);
            throw new DeepStatsException(ErrorIds.ForeignTransform, FailureKind.InvalidData,
                $"The data was already transformed ({own.Kind}, fitted on data {own.FittedOn}) with parameters " +
                "the model was not trained with. Pass the raw data: the model applies its own fitted transforms, so test data is never refitted.", data);
        }
        var (start, from) = data.Raw is { } raw ? (raw.Materialize(), data.RawStep) : (data, 0);
        var result = rawSchema is { } s && s.Kind == start.Kind ? s.Align(start) : start;
        for (int i = from; i < chain.Count; i++) result = chain[i].Apply(result);
        return result;
    }
}
