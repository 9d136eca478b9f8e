using DeepStats.Core.Data;
using DeepStats.Core.Training;

namespace DeepStats.Core.Evaluation;

/// <summary>Scores a trained model on labelled data.</summary>
public static class ModelEvaluator
{
    public static ClassificationReport Evaluate(TrainedModel model, Dataset data, double level = 0.95)
    {
        if (data.Target is null)
            throw new DeepStatsException("NoTarget", FailureKind.InvalidData,
                $"Dataset '{data.Name}' has no target column, so the model's answers cannot be checked. Import it with -Target <column>.", data);
        var aligned = model.Schema.Align(data);
        var truth = aligned.Target!.Labels;
        int missing = truth.Count(l => l < 0);
        if (missing > 0)
            throw new DeepStatsException("MissingLabels", FailureKind.InvalidData,
                $"Target '{aligned.Target.Name}' has {missing} missing label(s); evaluation needs every row labelled. Import with -DropMissing to drop them explicitly.", data);
        var (predicted, _) = model.Predict(aligned);
        return ClassificationReport.From(truth, predicted, model.Classes, level);
    }
}
