namespace DeepStats.Core.Evaluation;

/// <summary>How Invoke-HyperparameterSearch draws its trials from the space.</summary>
public enum SearchStrategy
{
    /// <summary>Every combination of the listed values (ranges are refused).</summary>
    Grid,
    /// <summary>-Trials seeded draws: lists uniformly, ranges uniformly or log-uniformly.</summary>
    Random,
}

/// <summary>Which trial a search takes forward (the final model, each outer fold of a nested cross-validation).</summary>
public enum SearchChoice
{
    /// <summary>The trial with the best mean.</summary>
    Best,
    /// <summary>The simplest trial within one corrected standard error of the best's mean.</summary>
    OneStandardError,
}
