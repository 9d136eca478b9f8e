namespace DeepStats.Core;

/// <summary>
/// The catalogue of stable error ids: every <c>DeepStatsException</c> and every ErrorRecord the
/// module writes takes its id from here, one meaning per id. Scripts and tests rely on them
/// (<c>FullyQualifiedErrorId</c>), so an id is never renamed or reused for another meaning.
/// </summary>
public static class ErrorIds
{
    /// <summary>A text file read as UTF-8 holds bytes that are not UTF-8 (a Latin-1 or Windows-1252 file): named by line and column.</summary>
    public const string CsvInvalidUtf8 = nameof(CsvInvalidUtf8);
    /// <summary>An inferred text column whose values all look like numbers written another way (decimal comma, or point) than the culture reads.</summary>
    public const string CsvNumbersInAnotherFormat = nameof(CsvNumbersInAnotherFormat);
    /// <summary>-Delimiter is a character that cannot separate fields (a quote, a line break, a control or non-ASCII character).</summary>
    public const string CsvInvalidDelimiter = nameof(CsvInvalidDelimiter);
    /// <summary>A target whose kind the data does not settle (integers with many distinct values): -TargetKind must say.</summary>
    public const string AmbiguousTargetKind = nameof(AmbiguousTargetKind);
    /// <summary>Get-DatasetStatistics -Path was asked for correlations or associations, which need the columns of an imported dataset together.</summary>
    public const string CorrelationNeedsDataset = nameof(CorrelationNeedsDataset);
}
