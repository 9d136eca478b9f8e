namespace DeepStats.Core.Evaluation;

/// <summary>
/// The outcome of comparing a reference (current) model with a difference (new) one on the same
/// rows or the same folds: which test, the metric on each side, the difference with its
/// interval, the test statistic and p-value, and the decision at <see cref="Alpha"/>, with
/// <see cref="Explanation"/> saying in words what was tested.
/// </summary>
public sealed record ModelComparison
{
    /// <summary>The test used, e.g. "Exact McNemar test" or "Corrected resampled t-test (Nadeau and Bengio 2003)".</summary>
    public required string Test { get; init; }
    /// <summary>The metric compared, e.g. "Accuracy" or "RMSE".</summary>
    public required string Metric { get; init; }
    /// <summary>True when a larger value of the metric is better (accuracy), false when smaller is (RMSE).</summary>
    public bool HigherIsBetter { get; init; } = true;
    public double ReferenceValue { get; init; }
    public double DifferenceValue { get; init; }
    /// <summary>Difference value minus reference value.</summary>
    public double Difference { get; init; }
    public double DifferenceLower { get; init; }
    public double DifferenceUpper { get; init; }
    public double ConfidenceLevel { get; init; } = 0.95;
    public double Statistic { get; init; }
    public double? DegreesOfFreedom { get; init; }
    /// <summary>The test's p-value, from a survival function (<see cref="Statistics.TailProbability"/>); never 0: at <see cref="Statistics.TailProbability.Floor"/> (1e-300) it means p &lt; 1e-300.</summary>
    public double PValue { get; init; }
    public double Alpha { get; init; } = 0.05;
    public ComparisonDecision Decision { get; init; }
    /// <summary>Rows (or folds) the comparison used.</summary>
    public int Count { get; init; }
    public required string Explanation { get; init; }
    /// <summary>F tests (the 5x2cv F-test): the denominator degrees of freedom, <see cref="DegreesOfFreedom"/> being the numerator's; null otherwise.</summary>
    public double? DenominatorDegreesOfFreedom { get; init; }
    /// <summary>Classifiers: rows the reference got right and the difference (new) model wrong (McNemar's b).</summary>
    public int? ReferenceOnlyCorrect { get; init; }
    /// <summary>Classifiers: rows the difference (new) model got right and the reference wrong (McNemar's c).</summary>
    public int? DifferenceOnlyCorrect { get; init; }
    /// <summary>How the interval of the difference was computed.</summary>
    public string? IntervalMethod { get; init; }

    public override string ToString() => $"{Decision}: {Metric} {ReferenceValue:G4} -> {DifferenceValue:G4} ({Test}, p = {Statistics.TailProbability.Format(PValue)})";
}
