namespace DeepStats.Core;

/// <summary>
/// The catalogue of stable error ids: every <c>DeepStatsException</c> and every ErrorRecord the
/// module writes takes its id from here, one meaning per id. Scripts and tests rely on them
/// (<c>FullyQualifiedErrorId</c>), so an id is never renamed or reused for another meaning.
/// </summary>
public static class ErrorIds
{
    /// <summary>A standardizer was asked to fit on zero rows.</summary>
    public const string StandardizeNoRows = nameof(StandardizeNoRows);
    /// <summary>A -Column name or pattern of ConvertTo-Standardized matches no column.</summary>
    public const string StandardizeColumnNotFound = nameof(StandardizeColumnNotFound);
    /// <summary>A column named in ConvertTo-Standardized -Column is not numeric.</summary>
    public const string StandardizeColumnNotNumeric = nameof(StandardizeColumnNotNumeric);
    /// <summary>A stored row fingerprint (Bloom filter) is malformed.</summary>
    public const string InvalidRowFilter = nameof(InvalidRowFilter);
    /// <summary>Select-Feature was given image or sequence data.</summary>
    public const string FeatureSelectionNotTabular = nameof(FeatureSelectionNotTabular);
    /// <summary>Select-Feature lacks a valid -Top or -Threshold (or got both).</summary>
    public const string FeatureSelectionCriterion = nameof(FeatureSelectionCriterion);
    /// <summary>The Select-Feature method needs a target (or a numeric one) that the data lacks.</summary>
    public const string FeatureSelectionNeedsTarget = nameof(FeatureSelectionNeedsTarget);
    /// <summary>An augmentation option is out of range.</summary>
    public const string InvalidAugmentation = nameof(InvalidAugmentation);
    /// <summary>An augmentation policy holds image operations but the data is a table (or the reverse).</summary>
    public const string AugmentationNotApplicable = nameof(AugmentationNotApplicable);
}
