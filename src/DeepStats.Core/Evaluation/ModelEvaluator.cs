using DeepStats.Core.Data;
using DeepStats.Core.Training;

namespace DeepStats.Core.Evaluation;

/// <summary>Scores a trained model on labelled data.</summary>
public static class ModelEvaluator
{
    /// <summary>A <see cref="ClassificationReport"/> or a <see cref="RegressionReport"/>, by the model's target kind.</summary>
    public static object Evaluate(TrainedModel model, Dataset data, double level = 0.95) =>
        model.TargetKind == TargetKind.Regression ? EvaluateRegression(model, data, level) : EvaluateClassification(model, data, level);

    public static ClassificationReport EvaluateClassification(TrainedModel model, Dataset data, double level = 0.95)
    {
        var prepared = Prepare(model, data);
        var truth = prepared.Target!.Labels;
        var (predicted, _) = model.PredictPrepared(prepared);
        return ClassificationReport.From(truth, predicted, model.Classes, level);
    }

    public static RegressionReport EvaluateRegression(TrainedModel model, Dataset data, double level = 0.95)
    {
        var prepared = Prepare(model, data);
        return RegressionReport.From(prepared.Target!.Values!, model.PredictValuesPrepared(prepared), level);
    }

    private static Dataset Prepare(TrainedModel model, Dataset data)
    {
        if (data.Target is null && !model.Transforms.Any(t => t is Preprocessing.SequenceWindows { ForecastColumn: not null }))
            throw new DeepStatsException("NoTarget", FailureKind.InvalidData,
                $"Dataset '{data.Name}' has no target column, so the model's answers cannot be checked. Import it with -Target <column>.", data);
        var prepared = model.Prepare(data);
        int missing = prepared.Target!.MissingCount;
        if (missing > 0)
            throw new DeepStatsException("MissingLabels", FailureKind.InvalidData,
                $"Target '{prepared.Target.Name}' has {missing} missing value(s); evaluation needs every row labelled. Import with -DropMissing to drop them explicitly.", data);
        return prepared;
    }
}
