using System.Globalization;

namespace DeepStats.Core.Data;

/// <summary>Settings of <see cref="CsvDatasetReader"/>; every one has a default that works for a plain CSV.</summary>
public sealed record CsvImportOptions
{
    /// <summary>The column to predict; null for none.</summary>
    public string? Target { get; init; }
    /// <summary>The field separator; null detects it among , ; tab and |.</summary>
    public char? Delimiter { get; init; }
    /// <summary>Culture for numbers (decimal separator); invariant by default.</summary>
    public CultureInfo Culture { get; init; } = CultureInfo.InvariantCulture;
    /// <summary>Column names to leave out (case-insensitive).</summary>
    public IReadOnlyList<string> Exclude { get; init; } = Array.Empty<string>();
    /// <summary>Field values read as missing (matched case-insensitively after trimming); an empty field always is.</summary>
    public IReadOnlyList<string> MissingTokens { get; init; } = DefaultMissingTokens;

    public static readonly IReadOnlyList<string> DefaultMissingTokens = new[] { "NA", "N/A", "NaN", "null", "?" };
}
