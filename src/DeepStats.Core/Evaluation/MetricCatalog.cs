using DeepStats.Core.Data;
using DeepStats.Core.Training;

namespace DeepStats.Core.Evaluation;

/// <summary>
/// What one named metric is: its name (as in reports, fold <c>Metrics</c> and Compare-Model -Metric), the values it
/// can take, which way is better, the target kind it applies to (null: training quantities of either kind) and a
/// one-line meaning.
/// </summary>
public sealed record MetricInfo(string Name, double Lower, double Upper, MetricDirection Direction, TargetKind? TargetKind, string Meaning)
{
    public bool HigherIsBetter => Direction == MetricDirection.Higher;
    public override string ToString() => $"{Name}: {Meaning} (range [{Lower}, {Upper}], {Direction.ToString().ToLowerInvariant()} is better)";
}

/// <summary>
/// The one place that knows each metric's name, range and direction. Compare-Model (on trained models and on
/// cross-validation results), the cross-validation summaries (which metrics, clipped to which range), early
/// stopping's -Monitor and Test-Model's quality gates read it; comparing on a metric whose direction is
/// <see cref="MetricDirection.None"/> (Bias, interval bounds) is refused with <see cref="ErrorIds.MetricHasNoDirection"/>.
/// </summary>
public static class MetricCatalog
{
    private const double Inf = double.PositiveInfinity;

    public static readonly IReadOnlyList<MetricInfo> All = new MetricInfo[]
    {
        // classification (ClassificationReport)
        new("Accuracy", 0, 1, MetricDirection.Higher, TargetKind.Classification, "share of rows predicted right"),
        new("AccuracyLower", 0, 1, MetricDirection.None, TargetKind.Classification, "lower bound of the accuracy's Wilson interval"),
        new("AccuracyUpper", 0, 1, MetricDirection.None, TargetKind.Classification, "upper bound of the accuracy's Wilson interval"),
        new("BalancedAccuracy", 0, 1, MetricDirection.Higher, TargetKind.Classification, "mean recall over the classes present"),
        new("MacroF1", 0, 1, MetricDirection.Higher, TargetKind.Classification, "unweighted mean F1 over the classes present (a present class never predicted has F1 0)"),
        new("LogLoss", 0, Inf, MetricDirection.Lower, TargetKind.Classification, "mean negative natural log probability of the true class"),
        new("Brier", 0, 2, MetricDirection.Lower, TargetKind.Classification, "mean squared probability error (binary: of the positive class, [0, 1]; more classes: summed over classes, [0, 2])"),
        new("ExpectedCalibrationError", 0, 1, MetricDirection.Lower, TargetKind.Classification, "top-label expected calibration error, 10 equal-width bins"),
        new("Auc", 0, 1, MetricDirection.Higher, TargetKind.Classification, "ROC AUC (binary, or macro one-vs-rest)"),
        // regression (RegressionReport; ModelComparer's paired test is on MSE)
        new("RMSE", 0, Inf, MetricDirection.Lower, TargetKind.Regression, "root mean squared error"),
        new("MSE", 0, Inf, MetricDirection.Lower, TargetKind.Regression, "mean squared error"),
        new("MAE", 0, Inf, MetricDirection.Lower, TargetKind.Regression, "mean absolute error"),
        new("RSquared", -Inf, 1, MetricDirection.Higher, TargetKind.Regression, "1 - SSE/SST, SST about the test mean"),
        new("MAPE", 0, Inf, MetricDirection.Lower, TargetKind.Regression, "mean absolute percentage error, 100 * mean |error / actual|"),
        new("Bias", -Inf, Inf, MetricDirection.None, TargetKind.Regression, "mean error (predicted - actual): signed, 0 is best, so neither side is better"),
        // training (EpochRecord, early stopping's -Monitor)
        new(nameof(MonitorMetric.Loss), 0, Inf, MetricDirection.Lower, null, "training loss of an epoch"),
        new(nameof(MonitorMetric.ValidationLoss), 0, Inf, MetricDirection.Lower, null, "validation loss of an epoch (the training loss without validation data)"),
        new(nameof(MonitorMetric.ValidationAccuracy), 0, 1, MetricDirection.Higher, null, "validation accuracy of an epoch"),
    };

    private static readonly Dictionary<string, MetricInfo> ByName = All.ToDictionary(m => m.Name, StringComparer.OrdinalIgnoreCase);

    /// <summary>The metric of that name (case-insensitive), or null.</summary>
    public static MetricInfo? Find(string name) => ByName.GetValueOrDefault(name);

    /// <summary>The metric of that name; <see cref="ErrorIds.UnknownMetric"/> naming the known ones otherwise.</summary>
    public static MetricInfo Get(string name) => Find(name) ?? throw new DeepStatsException(ErrorIds.UnknownMetric, FailureKind.InvalidArgument,
        $"There is no metric '{name}'. Known metrics: {string.Join(", ", All.Select(m => m.Name))}.", name);

    /// <summary>The metric, which must have a direction to compare on; <see cref="ErrorIds.MetricHasNoDirection"/> otherwise.</summary>
    public static MetricInfo Comparable(string name)
    {
        var m = Get(name);
        if (m.Direction == MetricDirection.None)
            throw new DeepStatsException(ErrorIds.MetricHasNoDirection, FailureKind.InvalidArgument,
                $"Metric '{m.Name}' has no better direction ({m.Meaning}), so one model cannot be better than another on it. " +
                $"Compare on one of: {string.Join(", ", All.Where(x => x.Direction != MetricDirection.None && x.TargetKind is not null).Select(x => x.Name))}.", name);
        return m;
    }

    /// <summary>The direction of a training quantity early stopping can monitor.</summary>
    public static MetricDirection DirectionOf(MonitorMetric metric) => Get(metric.ToString()).Direction;

    /// <summary>The metrics every cross-validation fold records, in order (<see cref="FoldScorer"/>).</summary>
    public static IReadOnlyList<MetricInfo> FoldMetrics(TargetKind kind) => kind == TargetKind.Regression
        ? new[] { Get("RMSE"), Get("MAE"), Get("RSquared"), Get("Bias"), Get("MAPE") }
        : new[] { Get("Accuracy"), Get("AccuracyLower"), Get("AccuracyUpper"), Get("BalancedAccuracy"), Get("MacroF1"), Get("LogLoss"), Get("Brier"), Get("ExpectedCalibrationError"), Get("Auc") };

    /// <summary>The metrics a cross-validation result summarises over its folds, the first being the one Compare-Model uses by default.</summary>
    public static IReadOnlyList<MetricInfo> Summarised(TargetKind kind) => kind == TargetKind.Regression
        ? new[] { Get("RMSE"), Get("MAE"), Get("RSquared") }
        : new[] { Get("Accuracy") };
}
