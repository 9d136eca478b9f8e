using DeepStats.Core.Data;
using DeepStats.Core.Training;

namespace DeepStats.Core.Evaluation;

/// <summary>
/// Scores a fold's model on the fold's test rows: predictions (kept as the fold's prediction set)
/// and the metrics of <see cref="ClassificationReport"/> or <see cref="RegressionReport"/>. Seam for
/// the fuller Test-Model: re-pointing <see cref="Score"/> at it gives every fold its metrics.
/// </summary>
internal static class FoldScorer
{
    /// <summary>Names of the metrics summarised over folds, the first being the one compared: classification, then regression.</summary>
    public static string[] SummaryMetrics(TargetKind kind) => kind == TargetKind.Regression
        ? new[] { "RMSE", "MAE", "RSquared" }
        : new[] { "Accuracy" };

    public static bool HigherIsBetter(string metric) => metric is not ("RMSE" or "MAE");

    /// <summary>The values a metric can take (an interval of its mean is clipped to them): accuracy [0, 1], errors [0, ∞), R² (-∞, 1].</summary>
    public static (double Lower, double Upper) Range(string metric) => metric switch
    {
        "Accuracy" => (0, 1),
        "RMSE" or "MAE" => (0, double.PositiveInfinity),
        "RSquared" => (double.NegativeInfinity, 1),
        _ => (double.NegativeInfinity, double.PositiveInfinity),
    };

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
        if (model.TargetKind == TargetKind.Regression)
        {
            var report = RegressionReport.From(set, level);
            var metrics = new Dictionary<string, double>
            {
                ["RMSE"] = report.Rmse, ["MAE"] = report.Mae, ["RSquared"] = report.RSquared, ["Bias"] = report.Bias, ["MAPE"] = report.Mape,
            };
            return (report, metrics, set);
        }
        else
        {
            var report = ClassificationReport.From(set, level);
            var metrics = new Dictionary<string, double>
            {
                ["Accuracy"] = report.Accuracy, ["AccuracyLower"] = report.AccuracyLower, ["AccuracyUpper"] = report.AccuracyUpper,
                ["BalancedAccuracy"] = report.BalancedAccuracy, ["MacroF1"] = report.MacroF1, ["LogLoss"] = report.LogLoss, ["Auc"] = report.Auc,
            };
            return (report, metrics, set);
        }
    }
}
