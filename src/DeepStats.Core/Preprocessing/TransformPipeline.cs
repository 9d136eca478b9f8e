using DeepStats.Core.Data;

namespace DeepStats.Core.Preprocessing;

/// <summary>Applies a model's fitted transforms to new data, refusing data transformed by other fits.</summary>
public static class TransformPipeline
{
    /// <summary>
    /// Brings <paramref name="data"/> into the state the model was trained on: transforms the data
    /// already carries must be a prefix of <paramref name="fitted"/> (same fits, same order); the rest
    /// are applied. Data standardized with parameters fitted elsewhere (for example on the test set
    /// itself) is refused: that is leakage, and the numbers would not mean what they say.
    /// </summary>
    public static Dataset ApplyTo(Dataset data, IReadOnlyList<IFittedTransform> fitted)
    {
        for (int i = 0; i < data.Transforms.Count; i++)
        {
            if (i < fitted.Count && fitted[i] is FittedState { RefitOf: { } was } && was == data.Transforms[i].Id)
                throw new DeepStatsException(ErrorIds.ForeignTransform, FailureKind.InvalidData,
                    $"The data was transformed ({data.Transforms[i].Kind}) with a fit on all rows of the training data, but the model refitted it " +
                    "on its training rows only (its validation rows held out). Pass the raw data: the model applies its own fitted transforms " +
                    "(or take the parameters from the model: ConvertTo-Standardized -Reference $model).", data);
            if (i >= fitted.Count || data.Transforms[i].Id != fitted[i].Id)
                throw new DeepStatsException(ErrorIds.ForeignTransform, FailureKind.InvalidData,
                    $"The data was already transformed ({data.Transforms[i].Kind}, fitted on data {data.Transforms[i].FittedOn}) with parameters " +
                    "the model was not trained with. Pass the raw data: the model applies its own fitted transforms, so test data is never refitted.", data);
        }
        var result = data;
        for (int i = data.Transforms.Count; i < fitted.Count; i++) result = fitted[i].Apply(result);
        return result;
    }
}
