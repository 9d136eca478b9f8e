namespace DeepStats.Core;

/// <summary>
/// The catalogue of stable error ids: every <c>DeepStatsException</c> and every ErrorRecord the
/// module writes takes its id from here, one meaning per id. Scripts and tests rely on them
/// (<c>FullyQualifiedErrorId</c>), so an id is never renamed or reused for another meaning.
/// </summary>
public static class ErrorIds
{
    /// <summary>Cross-validation results (or data) drawn from different fold plans were joined, compared or run together.</summary>
    public const string CrossValidationPlanMismatch = nameof(CrossValidationPlanMismatch);
    /// <summary>Cross-validation pieces trained with different models or training options were joined.</summary>
    public const string CrossValidationConfigurationMismatch = nameof(CrossValidationConfigurationMismatch);
    /// <summary>The same fold of a cross-validation plan came in more than one piece to join.</summary>
    public const string CrossValidationDuplicateFold = nameof(CrossValidationDuplicateFold);
    /// <summary>-Fold named a fold number outside 1..Folds.</summary>
    public const string CrossValidationFoldOutOfRange = nameof(CrossValidationFoldOutOfRange);
    /// <summary>The data carries fitted transforms that cross-validation cannot refit on each fold's training rows.</summary>
    public const string CrossValidationCannotRefit = nameof(CrossValidationCannotRefit);
    /// <summary>Two cross-validation results have too few folds in common (or a missing metric) to compare.</summary>
    public const string CrossValidationNothingToCompare = nameof(CrossValidationNothingToCompare);
    /// <summary>The requested comparison test does not fit the plan (the 5x2cv F-test needs -Folds 2 -Repeat 5, all folds).</summary>
    public const string CrossValidationTestNotApplicable = nameof(CrossValidationTestNotApplicable);
}
