namespace DeepStats.Core.Training;

/// <summary>Reads the monitored quantity from an epoch record and says which direction is better.</summary>
internal static class Monitor
{
    /// <summary>The value of <paramref name="metric"/> in <paramref name="record"/>; validation loss falls back to the
    /// training loss when the run has no validation data.</summary>
    public static double Value(MonitorMetric metric, EpochRecord record) => metric switch
    {
        MonitorMetric.ValidationAccuracy => record.ValidationAccuracy ?? double.NaN,
        MonitorMetric.Loss => record.Loss,
        _ => record.ValidationLoss ?? record.Loss,
    };

    /// <summary>The direction the metric catalogue gives the monitored quantity.</summary>
    public static bool HigherIsBetter(MonitorMetric metric) => Evaluation.MetricCatalog.DirectionOf(metric) == Evaluation.MetricDirection.Higher;

    /// <summary>True when <paramref name="value"/> beats <paramref name="best"/> by more than <paramref name="minDelta"/>.</summary>
    public static bool Improves(MonitorMetric metric, double value, double best, double minDelta) =>
        double.IsNaN(best) ? !double.IsNaN(value)
        : HigherIsBetter(metric) ? value > best + minDelta : value < best - minDelta;
}
