using System.Globalization;
using System.Text;

namespace DeepStats.Core.Data;

/// <summary>Settings of <see cref="CsvDatasetReader"/>; every one has a default that works for a plain CSV.</summary>
public sealed record CsvImportOptions
{
    /// <summary>The column to predict; null for none.</summary>
    public string? Target { get; init; }
    /// <summary>Classes or a number to predict; null decides: a numeric target with a non-integer value is a number
    /// (regression), any other target holds classes.</summary>
    public TargetKind? TargetKind { get; init; }
    /// <summary>The field separator; null detects it among , ; tab and | (and says so through <see cref="Log"/>).</summary>
    public char? Delimiter { get; init; }
    /// <summary>Culture for numbers (decimal separator); null detects a decimal comma when the separator is not a comma, else invariant.</summary>
    public CultureInfo? Culture { get; init; }
    /// <summary>The text encoding; null honours a byte order mark (UTF-8, UTF-16, UTF-32) and assumes UTF-8 otherwise.</summary>
    public Encoding? Encoding { get; init; }
    /// <summary>Column names when the file has no header row: the first line is then data.</summary>
    public IReadOnlyList<string>? Header { get; init; }
    /// <summary>Columns to keep (names or wildcard patterns, case-insensitive); empty keeps all. The target is always kept.</summary>
    public IReadOnlyList<string> Include { get; init; } = Array.Empty<string>();
    /// <summary>Column names or wildcard patterns to leave out (case-insensitive).</summary>
    public IReadOnlyList<string> Exclude { get; init; } = Array.Empty<string>();
    /// <summary>Declared column kinds that replace inference (for example a zip code as Categorical).</summary>
    public IReadOnlyDictionary<string, ColumnKind> ColumnTypes { get; init; } = new Dictionary<string, ColumnKind>();
    /// <summary>A schema contract (<c>-Schema</c>): reference columns are read with the reference's kinds, text in its numeric columns
    /// is collected on every row, and the finished data must match the reference (<see cref="SchemaContract.Enforce"/>).</summary>
    public SchemaContract? Schema { get; init; }
    /// <summary>Field values read as missing (matched case-insensitively after trimming); an empty field always is.</summary>
    public IReadOnlyList<string> MissingTokens { get; init; } = DefaultMissingTokens;
    /// <summary>How categorical columns become model inputs (recorded on each column and in the model schema).</summary>
    public CategoryEncoding CategoryEncoding { get; init; } = CategoryEncoding.OneHot;
    /// <summary>Adds an "(unknown)" level to every categorical column, which categories unseen in training map to.</summary>
    public bool UnknownCategory { get; init; }
    /// <summary>More columns than this is refused as not a sensible table (CsvTooManyColumns).</summary>
    public int MaxColumns { get; init; } = 100_000;
    /// <summary>A text field longer than this many bytes is refused (CsvFieldTooLarge).</summary>
    public int MaxFieldBytes { get; init; } = 1 << 20;
    /// <summary>A record longer than this many bytes is refused (CsvRecordTooLarge): guards against a quote never closed.</summary>
    public int MaxRecordBytes { get; init; } = 64 << 20;
    /// <summary>Memory the columns may take; null is 80% of the memory available to the process (DatasetTooLarge beyond).</summary>
    public long? MemoryLimitBytes { get; init; }
    /// <summary>Receives what was detected (separator, encoding, culture, types): the cmdlet writes it with -Verbose.</summary>
    public Action<string>? Log { get; init; }
    /// <summary>Receives problems that do not stop the import (a column with no values, values beyond float32): the cmdlet writes warnings.</summary>
    public Action<string>? Warn { get; init; }

    /// <summary>The kind column <paramref name="name"/> is read as: declared in <see cref="ColumnTypes"/>, else the contract's, else null (inferred).</summary>
    public ColumnKind? DeclaredKind(string name)
    {
        foreach (var (k, v) in ColumnTypes)
            if (string.Equals(k, name, StringComparison.OrdinalIgnoreCase)) return v;
        return Schema?.KindOf(name);
    }

    public static readonly IReadOnlyList<string> DefaultMissingTokens = new[] { "NA", "N/A", "NaN", "null", "?" };
}
