using DeepStats.Core.Data;
using DeepStats.Core.Preprocessing;

namespace DeepStats.Core.Training;

/// <summary>
/// Data preparation for a run, in one place: the validation rows (a stratified holdout of the given rows, or
/// separate validation data), the data's preprocessing recipes refitted on the training rows only (plus the
/// default standardizer as one more recipe), and the validation data taken through those fitted transforms
/// (never refitted on it). Nothing is copied per part: the training and validation rows are views (row
/// indices) of <see cref="Prepared"/>, and the tensors are built from those views.
/// </summary>
public sealed record TrainingData(Dataset Prepared, DatasetView Train, DatasetView? Validation)
{
    /// <summary>Rows held out for validation (or of the separate validation data).</summary>
    public int ValidationRows => Validation?.Count ?? 0;

    /// <summary>Prepares every row of <paramref name="data"/>.</summary>
    public static TrainingData Prepare(Dataset data, TrainingOptions options, Dataset? validationData = null) =>
        Prepare(data.View(), options, validationData);

    /// <summary>Prepares the rows of <paramref name="view"/> (all of a dataset, or a fold's training rows): the validation
    /// holdout is cut from them, the recipes are refitted on the rest and applied to the view's dataset.</summary>
    public static TrainingData Prepare(DatasetView view, TrainingOptions options, Dataset? validationData = null)
    {
        var data = view.Data;
        if (data.Target is null)
            throw new DeepStatsException(ErrorIds.NoTarget, FailureKind.InvalidData,
                $"Dataset '{data.Name}' has no target column, so there is nothing to learn. Import it with -Target <column>.", data);
        if (view.Count < 2)
            throw new DeepStatsException(ErrorIds.TooFewRows, FailureKind.InvalidData, $"Dataset '{data.Name}' has {view.Count} row(s); training needs at least 2.", data);
        var (trainRows, validRows) = validationData is null && options.ValidationFraction > 0
            ? DatasetSplitter.Split(view, options.ValidationFraction, options.Seed)
            : (view.Rows ?? Enumerable.Range(0, data.RowCount).ToArray(), Array.Empty<int>());
        if (trainRows.Length == 0)
            throw new DeepStatsException(ErrorIds.TooFewRows, FailureKind.InvalidData,
                $"Dataset '{data.Name}' has {view.Count} row(s): none would be left for training after the validation holdout.", data);
        // the one refit of a held-out split: the data's recipes refitted on the rows the network trains on (never the validation
        // rows); a cross-validation fold passes its training rows unrefitted, so this is its one refit too. The default standardizer is one more recipe.
        var prepared = PreprocessingPipeline.RefitOn(data, trainRows);
        if (options.Standardize && !prepared.Transforms.Any(t => t is Standardizer))
            prepared = PreprocessingPipeline.Fit(prepared, new StandardizeRecipe(), trainRows);
        var train = prepared.View(trainRows);
        DatasetView? valid = validRows.Length > 0 ? prepared.View(validRows) : null;
        if (validationData is not null) valid = ThroughFittedTransforms(data, prepared, validationData).View();
        return new TrainingData(prepared, train, valid);
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
