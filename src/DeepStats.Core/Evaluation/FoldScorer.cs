using DeepStats.Core.Data;
using DeepStats.Core.Training;

namespace DeepStats.Core.Evaluation;

/// <summary>
/// Scores a fold's model on the fold's test rows: predictions (kept as the fold's prediction set), the
/// report of the one scorer Test-Model uses (<see cref="ModelEvaluator.Score"/>), and the catalogue's fold
/// metrics (<see cref="MetricCatalog.FoldMetrics"/>) read from it.
/// </summary>
internal static class FoldScorer
{
    public static (object Report, IReadOnlyDictionary<string, double> Metrics, PredictionSet Predictions) Score(
        TrainedModel model, Dataset rawTest, int[] testRows, int repeat, int fold, double level)
    {
        var prepared = model.Prepare(rawTest);
        int missing = prepared.Target!.MissingCount;
        if (missing > 0)
            throw new DeepStatsException(ErrorIds.MissingLabels, FailureKind.InvalidData,
                $"Target '{prepared.Target.Name}' has {missing} missing value(s) in the test rows of fold {fold}; evaluation needs every row labelled. Import with -DropMissing to drop them explicitly.", rawTest);
        var ids = testRows.Select(i => (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        var folds = Enumerable.Repeat(fold, testRows.Length).ToArray();
        var repeats = Enumerable.Repeat(repeat, testRows.Length).ToArray();
        // the fold's prediction set, scored by the same reports as Test-Model (every metric, its conventions)
        var set = Predictor.PredictPrepared(model, prepared, ids);
        set = new PredictionSet
        {
            Kind = set.Kind, Classes = set.Classes, RowIds = set.RowIds, TruthLabels = set.TruthLabels, PredictedLabels = set.PredictedLabels,
            Probabilities = set.Probabilities, TruthValues = set.TruthValues, PredictedValues = set.PredictedValues, Folds = folds, Repeats = repeats,
        };
        var report = ModelEvaluator.Score(set, level);
        var metrics = MetricCatalog.FoldMetrics(model.TargetKind).ToDictionary(m => m.Name,
            m => report is ClassificationReport c ? c.Metric(m.Name) : ((RegressionReport)report).Metric(m.Name));
        return (report, metrics, set);
    }
}
