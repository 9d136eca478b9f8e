using DeepStats.Core.Data;
using DeepStats.Core.Training;

namespace DeepStats.Core.Evaluation;

/// <summary>
/// Scores a trained model on labelled data: the model's predictions come from the one entry point,
/// <see cref="Predictor.Predict"/>, and are scored by the one scorer per target kind
/// (<see cref="ClassificationReport.From"/>, <see cref="RegressionReport.From(PredictionSet, double, int, int)"/>).
/// </summary>
public static class ModelEvaluator
{
    /// <summary>A <see cref="ClassificationReport"/> or a <see cref="RegressionReport"/>, by the model's target kind.</summary>
    public static object Evaluate(TrainedModel model, Dataset data, double level = 0.95, int seed = 0) =>
        Score(Labelled(model, data), level, seed);

    public static ClassificationReport EvaluateClassification(TrainedModel model, Dataset data, double level = 0.95) =>
        ClassificationReport.From(Labelled(model, data), level);

    public static RegressionReport EvaluateRegression(TrainedModel model, Dataset data, double level = 0.95, int seed = 0) =>
        RegressionReport.From(Labelled(model, data), level, seed);

    /// <summary>The report of a prediction set, by its kind: what Test-Model, the folds, the pooled cross-validation and the HTML report return.</summary>
    public static object Score(PredictionSet set, double level = 0.95, int seed = 0) =>
        set.Kind == TargetKind.Regression ? RegressionReport.From(set, level, seed) : ClassificationReport.From(set, level);

    /// <summary>The model's predictions on <paramref name="data"/>, which must carry the target with every row labelled.</summary>
    internal static PredictionSet Labelled(TrainedModel model, Dataset data)
    {
        if (data.Target is null && !model.Transforms.Any(t => t is Preprocessing.SequenceWindows { ForecastColumn: not null }))
            throw new DeepStatsException(ErrorIds.NoTarget, FailureKind.InvalidData,
                $"Dataset '{data.Name}' has no target column, so the model's answers cannot be checked. Import it with -Target <column>.", data);
        var set = Predictor.Predict(model, data);
        int missing = set.TruthLabels?.Count(t => t < 0) ?? set.TruthValues?.Count(double.IsNaN) ?? set.Count;
        if (missing > 0)
            throw new DeepStatsException(ErrorIds.MissingLabels, FailureKind.InvalidData,
                $"The target of '{data.Name}' has {missing} missing value(s); evaluation needs every row labelled. Import with -DropMissing to drop them explicitly.", data);
        return set;
    }
}
