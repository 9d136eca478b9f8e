using DeepStats.Core.Data;
using DeepStats.Core.Training;

namespace DeepStats.Core.Evaluation;

/// <summary>Scores a trained model on labelled data.</summary>
public static class ModelEvaluator
{
    /// <summary>A <see cref="ClassificationReport"/> or a <see cref="RegressionReport"/>, by the model's target kind.</summary>
    public static object Evaluate(TrainedModel model, Dataset data, double level = 0.95, int seed = 0) =>
        model.TargetKind == TargetKind.Regression ? EvaluateRegression(model, data, level, seed) : EvaluateClassification(model, data, level);

    public static ClassificationReport EvaluateClassification(TrainedModel model, Dataset data, double level = 0.95) =>
        ClassificationReport.From(Predictions(model, data), level);

    public static RegressionReport EvaluateRegression(TrainedModel model, Dataset data, double level = 0.95, int seed = 0) =>
        RegressionReport.From(Predictions(model, data), level, seed);

    /// <summary>The model's prediction for every row of labelled <paramref name="data"/>, with the truth: what reports, gates and comparisons read.</summary>
    public static PredictionSet Predictions(TrainedModel model, Dataset data, string? keyColumn = null)
    {
        var ids = Predictor.RowIds(data, keyColumn, 1);
        return Predictor.PredictPrepared(model, Prepare(model, data), ids);
    }

    private static Dataset Prepare(TrainedModel model, Dataset data)
    {
        if (data.Target is null && !model.Transforms.Any(t => t is Preprocessing.SequenceWindows { ForecastColumn: not null }))
            throw new DeepStatsException(ErrorIds.NoTarget, FailureKind.InvalidData,
                $"Dataset '{data.Name}' has no target column, so the model's answers cannot be checked. Import it with -Target <column>.", data);
        var prepared = model.Prepare(data);
        int missing = prepared.Target!.MissingCount;
        if (missing > 0)
            throw new DeepStatsException(ErrorIds.MissingLabels, FailureKind.InvalidData,
                $"Target '{prepared.Target.Name}' has {missing} missing value(s); evaluation needs every row labelled. Import with -DropMissing to drop them explicitly.", data);
        return prepared;
    }
}
