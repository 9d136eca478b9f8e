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
