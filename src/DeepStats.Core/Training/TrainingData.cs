using DeepStats.Core.Data;
using DeepStats.Core.Preprocessing;

namespace DeepStats.Core.Training;

/// <summary>
/// Data preparation for a run, in one place: the validation rows (a stratified holdout, or separate
/// validation data), the data's preprocessing recipes refitted on the training rows only (plus the default
/// standardizer as one more recipe), and the validation data
/// taken through those fitted transforms (never refitted on it).
/// </summary>
public sealed record TrainingData(Dataset Prepared, Dataset Train, Dataset? Validation, int[] TrainRows, int ValidationRows)
{
    public static TrainingData Prepare(Dataset data, TrainingOptions options, Dataset? validationData = null)
    {
        if (data.Target is null)
            throw new DeepStatsException(ErrorIds.NoTarget, FailureKind.InvalidData,
                $"Dataset '{data.Name}' has no target column, so there is nothing to learn. Import it with -Target <column>.", data);
        if (data.RowCount < 2)
            throw new DeepStatsException(ErrorIds.TooFewRows, FailureKind.InvalidData, $"Dataset '{data.Name}' has {data.RowCount} row(s); training needs at least 2.", data);
        var (trainRows, validRows) = validationData is null && options.ValidationFraction > 0
            ? DatasetSplitter.Split(data, options.ValidationFraction, options.Seed)
            : (Enumerable.Range(0, data.RowCount).ToArray(), Array.Empty<int>());
        if (trainRows.Length == 0)
            throw new DeepStatsException(ErrorIds.TooFewRows, FailureKind.InvalidData,
                $"Dataset '{data.Name}' has {data.RowCount} row(s): none would be left for training after the validation holdout.", data);
        // the one refit of a held-out split: the data's recipes refitted on the rows the network trains on (never the validation
        // rows); a cross-validation fold passes its training rows unrefitted, so this is its one refit too. The default standardizer is one more recipe.
        var prepared = PreprocessingPipeline.RefitOn(data, trainRows);
        if (options.Standardize && !prepared.Transforms.Any(t => t is Standardizer))
            prepared = PreprocessingPipeline.Fit(prepared, new StandardizeRecipe(), trainRows);
        var train = prepared.Select(trainRows);
        Dataset? valid = validRows.Length > 0 ? prepared.Select(validRows) : null;
        if (validationData is not null)
        {
            valid = ThroughFittedTransforms(data, prepared, validationData);
            validRows = new int[valid.RowCount];
        }
        return new TrainingData(prepared, train, valid, trainRows, validRows.Length);
    }

    /// <summary>Separate validation data, aligned to the training data's columns and classes, then given the transforms fitted on the training rows.</summary>
    private static Dataset ThroughFittedTransforms(Dataset raw, Dataset prepared, Dataset validation)
    {
        if (validation.Target is null || validation.Target.Name != raw.Target!.Name || validation.Target.Kind != raw.Target.Kind || validation.Kind != raw.Kind)
            throw new DeepStatsException(ErrorIds.ValidationDataMismatch, FailureKind.InvalidData,
                $"Validation data '{validation.Name}' must be a {raw.Kind} dataset with the {raw.Target!.Kind} target '{raw.Target.Name}' " +
                $"like the training data; it is a {validation.Kind} dataset with target '{validation.Target?.Name ?? "(none)"}'.", validation);
        // aligned to the raw data the chain starts from, then taken through every fitted state (a column a later step drops is still there for the steps before it)
        return FeatureSchema.Of(prepared).Align(TransformPipeline.ApplyTo(validation, prepared.Transforms, FeatureSchema.Of(prepared.Raw?.Data ?? raw)));
    }
}
