using DeepStats.Core.Data;
using DeepStats.Core.Evaluation;
using DeepStats.Core.Training;

namespace DeepStats.Core.Reporting;

/// <summary>
/// The prediction set of a model on labelled data, for the charts and the report.
/// The same prediction set Test-Model scores (<see cref="ModelEvaluator.Predictions"/>), after a check
/// that gives charts their own error when the data has no truths.
/// </summary>
public static class ModelPredictions
{
    public static PredictionSet Predict(TrainedModel model, Dataset data)
    {
        if (data.Target is null && !model.Transforms.Any(t => t is Preprocessing.SequenceWindows { ForecastColumn: not null }))
            throw new DeepStatsException(ErrorIds.ChartNotApplicable, FailureKind.InvalidData,
                $"Dataset '{data.Name}' has no target column, so predictions cannot be compared with truths. Import it with -Target <column>.", data);
        return ModelEvaluator.Predictions(model, data);
    }
}
