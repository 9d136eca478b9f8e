using System.Globalization;
using System.IO.Compression;
using System.Text;
using CsvHelper;

namespace DeepStats.Core.Data;

/// <summary>
/// Reads a delimited text file (optionally gzipped) with a header row into a typed, columnar
/// <see cref="Dataset"/>. A column is numeric when its first non-missing value is a number and
/// categorical otherwise; a later value that breaks that rule is an error naming the file, line,
/// column and value. Nothing is dropped or altered silently.
/// </summary>
public static class CsvDatasetReader
{
    private enum State { Unknown, Numeric, Categorical }

    private sealed class ColumnBuilder(string name)
    {
        public readonly string Name = name;
        public State State;
        public List<double>? Numbers;
        public List<string?>? Labels;
        public int Count;
        public long FirstValueLine;
    }

    public static Dataset Read(string path, CsvImportOptions? options = null)
    {
        options ??= new CsvImportOptions();
        if (!File.Exists(path))
            throw new DeepStatsException("FileNotFound", FailureKind.ObjectNotFound, $"File '{path}' does not exist.", path);
        using var file = File.OpenRead(path);
        Stream input = file;
        if (IsGzip(file)) input = new GZipStream(file, CompressionMode.Decompress);
        using var _ = input;
        return Read(input, path, options);
    }

    public static bool IsGzip(Stream s)
    {
        if (!s.CanSeek) return false;
        Span<byte> head = stackalloc byte[2];
        int n = s.Read(head);
        s.Position = 0;
        return n == 2 && head[0] == 0x1f && head[1] == 0x8b;
    }

    public static Dataset Read(Stream input, string sourceName, CsvImportOptions options)
    {
        CsvMalformedRecord? malformed = null;
        var csvOptions = new CsvReaderOptions
        {
            OnMalformedRecord = r => malformed ??= r,
            HasHeader = true,
            Separator = options.Delimiter,
            TrackLineNumbers = true,
            FieldCountMismatch = CsvFieldCountHandling.Allow, // checked below, to name both counts
            MalformedData = CsvMalformedDataHandling.Throw,
            TrimWhitespace = true,
        };
        using var reader = CsvReader.Create(input, csvOptions, leaveOpen: true);
        IReadOnlyList<string> headers;
        try
        {
            reader.ReadHeader();
            headers = reader.Headers;
        }
        catch (CsvFormatException e)
        {
            throw Malformed(sourceName, e, malformed);
        }
        if (headers.Count == 0 || headers.Count == 1 && headers[0].Length == 0)
            throw new DeepStatsException("CsvEmptyFile", FailureKind.InvalidData,
                $"File '{sourceName}' is empty: expected a header row and data rows.", sourceName);
        CheckHeaders(headers, sourceName);

        int targetIndex = -1;
        if (options.Target is { } t)
        {
            targetIndex = FindColumn(headers, t);
            if (targetIndex < 0)
                throw new DeepStatsException("TargetColumnNotFound", FailureKind.ObjectNotFound,
                    $"Target column '{t}' is not in '{sourceName}'. Its columns are: {string.Join(", ", headers)}.", t);
        }
        var exclude = new HashSet<string>(options.Exclude, StringComparer.OrdinalIgnoreCase);
        foreach (var ex in options.Exclude)
            if (FindColumn(headers, ex) < 0)
                throw new DeepStatsException("ExcludedColumnNotFound", FailureKind.ObjectNotFound,
                    $"Column '{ex}' given to -Exclude is not in '{sourceName}'. Its columns are: {string.Join(", ", headers)}.", ex);

        var builders = new ColumnBuilder?[headers.Count];
        for (int j = 0; j < headers.Count; j++)
            if (j != targetIndex && !exclude.Contains(headers[j])) builders[j] = new ColumnBuilder(headers[j]);
        var targetLabels = new List<string?>();
        var missing = options.MissingTokens.Select(m => Encoding.UTF8.GetBytes(m)).ToArray();
        var culture = options.Culture;
        int rows = 0;

        try
        {
            while (reader.Read())
            {
                rows++;
                if (reader.FieldCount != headers.Count)
                    throw new DeepStatsException("CsvRaggedRow", FailureKind.InvalidData,
                        $"File '{sourceName}', line {reader.LineNumber}: the row has {reader.FieldCount} field(s) but the header has {headers.Count}. " +
                        "Fix the row (a missing or extra separator, or an unquoted separator inside a value) and import again.", sourceName);
                for (int j = 0; j < headers.Count; j++)
                {
                    if (j == targetIndex)
                    {
                        var span = reader.GetSpan(j);
                        targetLabels.Add(IsMissing(span, missing) ? null : reader.GetString(j));
                        continue;
                    }
                    var b = builders[j];
                    if (b is null) continue;
                    AddValue(b, reader, j, missing, culture, sourceName, headers);
                }
            }
        }
        catch (CsvFormatException e)
        {
            throw Malformed(sourceName, e, malformed);
        }

        if (rows == 0)
            throw new DeepStatsException("CsvNoDataRows", FailureKind.InvalidData,
                $"File '{sourceName}' has a header ({string.Join(", ", headers)}) but no data rows.", sourceName);

        var columns = new List<DataColumn>();
        foreach (var b in builders)
        {
            if (b is null) continue;
            columns.Add(b.State switch
            {
                State.Categorical => CategoricalColumn.FromLabels(b.Name, b.Labels!),
                State.Numeric => new NumericColumn(b.Name, b.Numbers!.ToArray()),
                _ => new NumericColumn(b.Name, Enumerable.Repeat(double.NaN, rows).ToArray()),
            });
        }
        TargetColumn? target = targetIndex >= 0 ? BuildTarget(headers[targetIndex], targetLabels) : null;
        return Dataset.Tabular(Path.GetFileNameWithoutExtension(sourceName.EndsWith(".gz", StringComparison.OrdinalIgnoreCase)
            ? sourceName[..^3] : sourceName), sourceName, columns, target);
    }

    /// <summary>Class labels in numeric order when they are all numbers (2 before 10), else ordinal text order.</summary>
    public static TargetColumn BuildTarget(string name, IReadOnlyList<string?> labels)
    {
        var distinct = labels.Where(l => l is not null).Select(l => l!).Distinct(StringComparer.Ordinal).ToList();
        bool numeric = distinct.Count > 0 && distinct.All(l => double.TryParse(l, NumberStyles.Float, CultureInfo.InvariantCulture, out _));
        var classes = numeric
            ? distinct.OrderBy(l => double.Parse(l, CultureInfo.InvariantCulture)).ThenBy(l => l, StringComparer.Ordinal).ToArray()
            : distinct.OrderBy(l => l, StringComparer.Ordinal).ToArray();
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < classes.Length; i++) index[classes[i]] = i;
        var codes = new int[labels.Count];
        for (int i = 0; i < codes.Length; i++) codes[i] = labels[i] is { } l ? index[l] : -1;
        return new TargetColumn(name, codes, classes);
    }

    private static void AddValue(ColumnBuilder b, CsvReader reader, int j, byte[][] missing, CultureInfo culture,
        string source, IReadOnlyList<string> headers)
    {
        var span = reader.GetSpan(j);
        if (IsMissing(span, missing))
        {
            if (b.State == State.Numeric) b.Numbers!.Add(double.NaN);
            else if (b.State == State.Categorical) b.Labels!.Add(null);
            b.Count++;
            return;
        }
        switch (b.State)
        {
            case State.Unknown:
                if (TryParseNumber(span, culture, out double first))
                {
                    CheckFinite(first, b, reader, j, source);
                    b.State = State.Numeric;
                    b.Numbers = new List<double>(1024);
                    for (int i = 0; i < b.Count; i++) b.Numbers.Add(double.NaN);
                    b.Numbers.Add(first);
                }
                else
                {
                    b.State = State.Categorical;
                    b.Labels = new List<string?>(1024);
                    for (int i = 0; i < b.Count; i++) b.Labels.Add(null);
                    b.Labels.Add(reader.GetString(j));
                }
                b.FirstValueLine = reader.LineNumber;
                break;
            case State.Numeric:
                if (!TryParseNumber(span, culture, out double v))
                    throw new DeepStatsException("CsvTextInNumericColumn", FailureKind.InvalidData,
                        $"File '{source}', line {reader.LineNumber}, column {j + 1} ('{b.Name}'): '{reader.GetString(j)}' is not a number, " +
                        $"but the column is numeric (its first value, on line {b.FirstValueLine}, is). Correct the value, " +
                        $"or write a missing-value token (empty, {string.Join(", ", CsvImportOptions.DefaultMissingTokens)}).", reader.GetString(j));
                CheckFinite(v, b, reader, j, source);
                b.Numbers!.Add(v);
                break;
            default:
                b.Labels!.Add(reader.GetString(j));
                break;
        }
        b.Count++;
    }

    private static void CheckFinite(double v, ColumnBuilder b, CsvReader reader, int j, string source)
    {
        if (!double.IsFinite(v))
            throw new DeepStatsException("CsvValueOutOfRange", FailureKind.InvalidData,
                $"File '{source}', line {reader.LineNumber}, column {j + 1} ('{b.Name}'): '{reader.GetString(j)}' is beyond the float64 range " +
                "(or is infinity). Correct the value or mark it missing.", reader.GetString(j));
    }

    private static bool TryParseNumber(ReadOnlySpan<byte> span, CultureInfo culture, out double value) =>
        double.TryParse(span, NumberStyles.Float, culture, out value) && !double.IsNaN(value);

    private static bool IsMissing(ReadOnlySpan<byte> span, byte[][] tokens)
    {
        if (span.IsEmpty) return true;
        foreach (var t in tokens)
            if (span.Length == t.Length && Ascii.EqualsIgnoreCase(span, t)) return true;
        return false;
    }

    private static int FindColumn(IReadOnlyList<string> headers, string name)
    {
        for (int i = 0; i < headers.Count; i++) if (headers[i] == name) return i;
        for (int i = 0; i < headers.Count; i++) if (string.Equals(headers[i], name, StringComparison.OrdinalIgnoreCase)) return i;
        return -1;
    }

    private static void CheckHeaders(IReadOnlyList<string> headers, string source)
    {
        var seen = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (int i = 0; i < headers.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(headers[i]))
                throw new DeepStatsException("CsvBlankHeader", FailureKind.InvalidData,
                    $"File '{source}', line 1, column {i + 1}: the header name is blank. Give every column a name.", source);
            if (seen.TryGetValue(headers[i], out int first))
                throw new DeepStatsException("CsvDuplicateHeader", FailureKind.InvalidData,
                    $"File '{source}', line 1: columns {first + 1} and {i + 1} are both named '{headers[i]}'. Give every column a distinct name.", headers[i]);
            seen[headers[i]] = i;
        }
    }

    private static DeepStatsException Malformed(string source, CsvFormatException e, CsvMalformedRecord? record)
    {
        long line = record is { } r && r.LineNumber > 0 ? r.LineNumber : e.LineNumber;
        var (id, what) = record?.Reason switch
        {
            CsvMalformedReason.UnterminatedQuote => ("CsvUnterminatedQuote", "a quoted field is never closed"),
            CsvMalformedReason.StrayQuote => ("CsvStrayQuote", "a quote appears inside an unquoted field"),
            CsvMalformedReason.TextAfterClosingQuote => ("CsvTextAfterQuote", "text follows the closing quote of a field"),
            _ => ("CsvMalformed", "the line is malformed"),
        };
        return new DeepStatsException(id, FailureKind.InvalidData,
            $"File '{source}', line {line}: {what} ({e.Message.TrimEnd('.')}). Fix that line and import again.", source, e);
    }
}
