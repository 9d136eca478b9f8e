namespace DeepStats.Core.Evaluation;

/// <summary>What a statistical comparison of two models (or two cross-validated configurations) decided.</summary>
public enum ComparisonDecision
{
    /// <summary>The difference (new) model is significantly better than the reference at the chosen alpha.</summary>
    Better,
    /// <summary>The difference (new) model is significantly worse than the reference at the chosen alpha.</summary>
    Worse,
    /// <summary>The test found no significant difference at the chosen alpha.</summary>
    NoSignificantDifference,
}

/// <summary>Which way a metric improves: the metric catalogue's direction, read by Compare-Model, early stopping and the gates.</summary>
public enum MetricDirection
{
    /// <summary>A larger value is better (accuracy, F1, AUC, R²).</summary>
    Higher,
    /// <summary>A smaller value is better (losses and errors: log-loss, Brier, RMSE, MAE, MAPE).</summary>
    Lower,
    /// <summary>Neither: a signed quantity (the bias) or an interval bound, which has no better side to compare on.</summary>
    None,
}
