using DeepStats.Core.Data;
using DeepStats.Core.Evaluation;
using DeepStats.Core.Training;

namespace DeepStats.Core.Reporting;

/// <summary>
/// The prediction set of a model on labelled data, for the charts and the report.
/// The one place on this branch that builds a <see cref="PredictionSet"/> from a model: evaluation
/// (Test-Model) produces prediction sets too, and this should become a call to that.
/// </summary>
public static class ModelPredictions
{
    public static PredictionSet Predict(TrainedModel model, Dataset data)
    {
        if (data.Target is null && !model.Transforms.Any(t => t is Preprocessing.SequenceWindows { ForecastColumn: not null }))
            throw new DeepStatsException(ErrorIds.ChartNotApplicable, FailureKind.InvalidData,
                $"Dataset '{data.Name}' has no target column, so predictions cannot be compared with truths. Import it with -Target <column>.", data);
        var prepared = model.Prepare(data);
        var target = prepared.Target!;
        var ids = Enumerable.Range(1, prepared.RowCount).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        if (model.TargetKind == TargetKind.Regression)
            return new PredictionSet { Kind = TargetKind.Regression, RowIds = ids, TruthValues = target.Values, PredictedValues = model.PredictValuesPrepared(prepared) };
        var (predicted, probs) = model.PredictPrepared(prepared);
        return new PredictionSet
        {
            Kind = TargetKind.Classification, Classes = model.Classes, RowIds = ids,
            TruthLabels = target.Labels, PredictedLabels = predicted, Probabilities = probs,
        };
    }
}
