namespace DeepStats.Core.Evaluation;

/// <summary>Which test Compare-Model uses on two cross-validation results drawn from the same fold plan.</summary>
public enum CrossValidationTest
{
    /// <summary>The 5x2cv combined F-test for a plan of 2 folds x 5 repeats, else the corrected resampled t-test.</summary>
    Auto,
    /// <summary>Nadeau and Bengio's (2003) corrected resampled t-test: the variance of the per-fold differences times (1/J + n_test/n_train).</summary>
    CorrectedResampledT,
    /// <summary>Alpaydin's (1999) 5x2cv combined F-test (needs -Folds 2 -Repeat 5).</summary>
    FiveByTwoF,
}
