using System.Buffers;
using System.Buffers.Text;
using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.RegularExpressions;
using System.Text.Unicode;
using CsvHelper;

namespace DeepStats.Core.Data;

/// <summary>
/// Reads a delimited text file (optionally gzipped) into a typed, columnar <see cref="Dataset"/>.
/// A column is numeric when its first non-missing value is a number, categorical otherwise, and
/// boolean when all its values are true/false; <see cref="CsvImportOptions.ColumnTypes"/> overrides
/// that. A later value that breaks the column's type is an error naming the file, line, column and
/// value. Nothing is dropped or altered silently. Numbers are stored as float64; columns are
/// allocated once at the file's line count (an upper bound of the rows), or grown in chunks for
/// gzip and UTF-16/32 input, so the peak memory is about the payload (up to twice it while the chunks of
/// gzip or UTF-16/32 input are joined).
/// </summary>
public static class CsvDatasetReader
{
    private const int SniffBytes = 64 * 1024;
    private const int SampleRows = 200;

    public static Dataset Read(string path, CsvImportOptions? options = null)
    {
        options ??= new CsvImportOptions();
        CheckDelimiter(options.Delimiter);
        if (!File.Exists(path))
            throw new DeepStatsException(ErrorIds.FileNotFound, FailureKind.ObjectNotFound, $"File '{path}' does not exist.", path);
        bool gzip;
        long length;
        using (var probe = File.OpenRead(path))
        {
            gzip = IsGzip(probe);
            length = probe.Length;
        }
        long limit = options.MemoryLimitBytes ?? MemoryBudget.DefaultLimit();
        if (!gzip && length > limit)
            throw new DeepStatsException(ErrorIds.DatasetTooLarge, FailureKind.ResourceUnavailable,
                $"'{path}' is {length / (1024.0 * 1024 * 1024):0.##} GiB, more than the {limit / (1024.0 * 1024 * 1024):0.##} GiB this process may use " +
                "for its columns (numbers take about as much memory as their text). Load fewer columns (-Include / -Exclude) or split the file.", path);
        Stream Open()
        {
            var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
            return gzip ? new GzipCheckedStream(new GZipStream(file, CompressionMode.Decompress), GzipTrailerSize(path)) : file;
        }
        if (gzip) options.Log?.Invoke($"'{path}' is gzip-compressed; decompressing while reading.");
        bool wide = Sniff(Open, path, options);
        var culture = options.Culture ?? DetectCulture(Open, path, options);
        // an uncompressed single-byte/UTF-8 file: its line count bounds the rows, so columns are allocated once at
        // that size and, in the usual case (no line breaks inside quotes, no blank lines), never copied
        int capacity = gzip || wide ? 0 : DataLineBound(path, options.Header is null);
        using var input = Open();
        return ReadCore(input, path, options, culture, capacity, Open);
    }

    /// <summary>The uncompressed size (mod 2^32) that the last 4 bytes of a gzip file record.</summary>
    private static uint GzipTrailerSize(string path)
    {
        using var f = File.OpenRead(path);
        if (f.Length < 18) return uint.MaxValue;
        f.Seek(-4, SeekOrigin.End);
        Span<byte> b = stackalloc byte[4];
        f.ReadExactly(b);
        return System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(b);
    }

    /// <summary>
    /// Counts the decompressed bytes and compares them, at the end, with the size in the gzip trailer:
    /// GZipStream ends quietly on a truncated archive, which would drop the rows at the end silently.
    /// </summary>
    private sealed class GzipCheckedStream(Stream inner, uint expected) : Stream
    {
        private long _count;
        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));
        public override int Read(Span<byte> buffer)
        {
            int n = inner.Read(buffer);
            _count += n;
            if (n == 0 && buffer.Length > 0 && (uint)_count != expected)
                throw new InvalidDataException($"it ends after {_count:N0} decompressed bytes, but its trailer records {expected:N0} (mod 2^32): the archive is truncated or damaged (or made of several gzip members, such as bgzip output, which is not supported: decompress it first)");
            return n;
        }
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _count; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        protected override void Dispose(bool disposing) { if (disposing) inner.Dispose(); base.Dispose(disposing); }
    }

    /// <summary>The header names of a delimited file (for tab completion); empty when the file cannot be read as one.</summary>
    public static IReadOnlyList<string> TryReadHeader(string path, char? delimiter = null)
    {
        try
        {
            using var file = File.OpenRead(path);
            bool gzip = IsGzip(file);
            using Stream input = gzip ? new GZipStream(file, CompressionMode.Decompress) : file;
            using var reader = CsvReader.Create(input, new CsvReaderOptions { Separator = delimiter, TrimWhitespace = true, MaxRecordSize = 1 << 20 }, leaveOpen: true);
            reader.ReadHeader();
            return reader.Headers.ToArray();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CsvFormatException or InvalidDataException or ArgumentException)
        {
            return Array.Empty<string>();
        }
    }

    /// <summary>The column names of a delimited file as <see cref="Read(string, CsvImportOptions?)"/> would see them (or -Header).</summary>
    internal static IReadOnlyList<string> ReadHeaderNames(string path, CsvImportOptions options)
    {
        if (options.Header is { } given) return given;
        CheckDelimiter(options.Delimiter);
        if (!File.Exists(path))
            throw new DeepStatsException(ErrorIds.FileNotFound, FailureKind.ObjectNotFound, $"File '{path}' does not exist.", path);
        using var file = File.OpenRead(path);
        bool gzip = IsGzip(file);
        using Stream input = gzip ? new GZipStream(file, CompressionMode.Decompress) : file;
        using var reader = CsvReader.Create(input, ReaderOptions(options, _ => { }), leaveOpen: true);
        try
        {
            reader.ReadHeader();
            return reader.Headers.ToArray();
        }
        catch (CsvFormatException e)
        {
            throw Malformed(path, e, null, options);
        }
    }

    public static bool IsGzip(Stream s)
    {
        if (!s.CanSeek) return false;
        Span<byte> head = stackalloc byte[2];
        int n = s.ReadAtLeast(head, 2, throwOnEndOfStream: false);
        s.Position = 0;
        return n == 2 && head[0] == 0x1f && head[1] == 0x8b;
    }

    /// <summary>Reads from a stream (already decompressed); the culture is invariant unless given.</summary>
    public static Dataset Read(Stream input, string sourceName, CsvImportOptions options)
    {
        CheckDelimiter(options.Delimiter);
        return ReadCore(input, sourceName, options, options.Culture ?? CultureInfo.InvariantCulture, 0);
    }

    /// <summary>A separator must be a printable ASCII character or tab, and not the quote.</summary>
    private static void CheckDelimiter(char? delimiter)
    {
        if (delimiter is not { } c) return;
        if (c == '"' || c > 126 || c < 32 && c != '\t')
            throw new DeepStatsException(ErrorIds.CsvInvalidDelimiter, FailureKind.InvalidArgument,
                $"-Delimiter {(c < 32 ? $"U+{(int)c:X4}" : $"'{c}'")} cannot separate fields: " +
                (c == '"' ? "the double quote encloses fields that hold separators or line breaks. " : c > 126 ? "it is not an ASCII character. " : "it is a control character (a line break ends a record). ") +
                "Use one printable ASCII character or tab, such as ',' ';' '|' or \"`t\".", c);
    }

    /// <summary>Lines of the file (a last line without a line break counts) minus the header: at least the number of records.</summary>
    internal static int DataLineBound(string path, bool header)
    {
        using var f = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        var buffer = ArrayPool<byte>.Shared.Rent(1 << 20);
        try
        {
            long lines = 0;
            int n;
            byte last = (byte)'\n';
            while ((n = f.Read(buffer, 0, buffer.Length)) > 0)
            {
                lines += buffer.AsSpan(0, n).Count((byte)'\n');
                last = buffer[n - 1];
            }
            if (last != (byte)'\n') lines++;
            if (header) lines--;
            return lines is > 0 and < int.MaxValue ? (int)lines : 0;
        }
        finally { ArrayPool<byte>.Shared.Return(buffer); }
    }

    /// <summary>Looks at the first bytes: a byte order mark, or binary content (NUL bytes, known binary formats).</summary>
    /// <summary>Returns whether the text is UTF-16 or UTF-32 (a BOM, or -Encoding).</summary>
    private static bool Sniff(Func<Stream> open, string source, CsvImportOptions options)
    {
        var head = new byte[SniffBytes];
        int n;
        try
        {
            using var s = open();
            n = s.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        }
        catch (InvalidDataException e)
        {
            throw new DeepStatsException(ErrorIds.CsvBadGzip, FailureKind.InvalidData,
                $"File '{source}' starts like a gzip file but cannot be decompressed ({e.Message}). Re-create the archive, or decompress it yourself to see the damage.", source, e);
        }
        var span = head.AsSpan(0, n);
        string bom = span switch
        {
            [0xEF, 0xBB, 0xBF, ..] => "UTF-8 with BOM",
            [0xFF, 0xFE, 0, 0, ..] => "UTF-32 LE (BOM)",
            [0, 0, 0xFE, 0xFF, ..] => "UTF-32 BE (BOM)",
            [0xFF, 0xFE, ..] => "UTF-16 LE (BOM)",
            [0xFE, 0xFF, ..] => "UTF-16 BE (BOM)",
            _ => "",
        };
        bool wide = bom.StartsWith("UTF-16") || bom.StartsWith("UTF-32") ||
                    options.Encoding is UnicodeEncoding or UTF32Encoding;
        string encoding = bom.Length > 0 ? bom : options.Encoding is { } enc ? enc.WebName + " (as given)" : "UTF-8 (no BOM)";
        if (!wide)
        {
            string? format = span switch
            {
                [0x89, (byte)'P', (byte)'N', (byte)'G', ..] => "a PNG image",
                [0xFF, 0xD8, 0xFF, ..] => "a JPEG image",
                [(byte)'P', (byte)'K', 3, 4, ..] => "a zip archive (Excel .xlsx files are zip archives: save the sheet as CSV)",
                [0xD0, 0xCF, 0x11, 0xE0, ..] => "an OLE document (an old Excel .xls file? save the sheet as CSV)",
                [0, 0, 8 or 9 or 0xB or 0xC or 0xD or 0xE, _, ..] => "an IDX file (import it by its conventional name, such as train-images-idx3-ubyte)",
                [(byte)'%', (byte)'P', (byte)'D', (byte)'F', ..] => "a PDF document",
                _ => null,
            };
            int nul = span.IndexOf((byte)0);
            if (format is not null || nul >= 0)
            {
                long line = 1 + span[..Math.Max(nul, 0)].Count((byte)'\n');
                throw new DeepStatsException(ErrorIds.CsvBinaryContent, FailureKind.InvalidData,
                    $"File '{source}' is not text: " + (format is not null ? $"it looks like {format}." :
                        $"line {line} holds a NUL byte (offset {nul}). If it is UTF-16 or UTF-32 text without a byte order mark, pass -Encoding Unicode (or UTF32); otherwise it is not a CSV file."),
                    source);
            }
        }
        options.Log?.Invoke($"Encoding: {encoding}.");
        return wide;
    }

    private static readonly Regex CommaDecimal = new(@"^[+-]?(\d{1,3}(\.\d{3})+|\d+),\d+([eE][+-]?\d+)?$", RegexOptions.Compiled);
    private static readonly Regex PointDecimal = new(@"^[+-]?\d*\.\d+([eE][+-]?\d+)?$", RegexOptions.Compiled);

    /// <summary>A decimal comma is detected when the separator is not a comma and the first rows hold numbers such as 1,5 and none such as 1.5.</summary>
    private static CultureInfo DetectCulture(Func<Stream> open, string source, CsvImportOptions options)
    {
        try
        {
            using var s = open();
            using var reader = CsvReader.Create(s, ReaderOptions(options, _ => { }), leaveOpen: false);
            if (reader.Separator == ',') return CultureInfo.InvariantCulture;
            int comma = 0, point = 0;
            string? example = null;
            long exampleLine = 0;
            for (int r = 0; r < SampleRows && reader.Read(); r++)
                for (int j = 0; j < reader.FieldCount; j++)
                {
                    var f = reader.GetString(j);
                    if (CommaDecimal.IsMatch(f)) { if (comma++ == 0) { example = f; exampleLine = reader.LineNumber; } }
                    else if (PointDecimal.IsMatch(f)) point++;
                }
            if (comma > 0 && point == 0)
            {
                options.Log?.Invoke($"Culture: decimal comma detected (for example '{example}' on line {exampleLine}); pass -Culture to override.");
                return DecimalComma;
            }
        }
        catch (Exception e) when (e is CsvFormatException or InvalidDataException)
        {
            // the full read reports it with its line
        }
        return CultureInfo.InvariantCulture;
    }

    private static readonly CultureInfo DecimalComma = MakeDecimalComma();

    private static CultureInfo MakeDecimalComma()
    {
        var c = (CultureInfo)CultureInfo.InvariantCulture.Clone();
        c.NumberFormat.NumberDecimalSeparator = ",";
        c.NumberFormat.NumberGroupSeparator = ".";
        return CultureInfo.ReadOnly(c);
    }

    private static CsvReaderOptions ReaderOptions(CsvImportOptions options, Action<CsvMalformedRecord> onMalformed) => new()
    {
        OnMalformedRecord = onMalformed,
        HasHeader = options.Header is null,
        Separator = options.Delimiter,
        Encoding = options.Encoding,
        TrackLineNumbers = true,
        FieldCountMismatch = CsvFieldCountHandling.Allow, // checked below, to name both counts
        MalformedData = CsvMalformedDataHandling.Throw,
        TrimWhitespace = true,
        MaxRecordSize = options.MaxRecordBytes,
    };

    private static Dataset ReadCore(Stream input, string sourceName, CsvImportOptions options, CultureInfo culture, int capacity, Func<Stream>? reopen = null)
    {
        CsvMalformedRecord? malformed = null;
        var budget = new MemoryBudget(options.MemoryLimitBytes ?? MemoryBudget.DefaultLimit(), sourceName);
        using var reader = CsvReader.Create(input, ReaderOptions(options, r => malformed ??= r), leaveOpen: true);
        IReadOnlyList<string> headers;
        bool firstRowPending = false;
        try
        {
            if (options.Header is { } given)
            {
                headers = given;
                if (!reader.Read())
                    throw new DeepStatsException(ErrorIds.CsvEmptyFile, FailureKind.InvalidData, $"File '{sourceName}', line 1: the file is empty; expected data rows. Check that the right file was given.", sourceName);
                firstRowPending = true;
            }
            else
            {
                reader.ReadHeader();
                headers = reader.Headers;
            }
        }
        catch (CsvFormatException e)
        {
            throw Malformed(sourceName, e, malformed, options, reopen, reader.Separator);
        }
        catch (InvalidDataException e)
        {
            throw BadGzip(sourceName, e);
        }
        if (headers.Count == 0 || headers.Count == 1 && headers[0].Length == 0)
            throw new DeepStatsException(ErrorIds.CsvEmptyFile, FailureKind.InvalidData,
                $"File '{sourceName}', line 1: the file is empty; expected a header row and data rows. Check that the right file was given.", sourceName);
        if (headers.Count > options.MaxColumns)
            throw new DeepStatsException(ErrorIds.CsvTooManyColumns, FailureKind.InvalidData,
                $"File '{sourceName}', line 1: {headers.Count} columns, more than the {options.MaxColumns} a table may have here. " +
                "Check the separator (-Delimiter) and that the file is a table; a wide file can be allowed with a larger limit.", sourceName);
        bool checkUtf8 = options.Encoding is null or UTF8Encoding; // other encodings are transcoded to valid UTF-8
        if (checkUtf8 && options.Header is null)
            for (int j = 0; j < headers.Count; j++)
                if (headers[j].Contains('\uFFFD'))
                    throw new DeepStatsException(ErrorIds.CsvInvalidUtf8, FailureKind.InvalidData,
                        $"File '{sourceName}', line 1, column {j + 1}: the header name '{headers[j]}' holds bytes that are not UTF-8 (shown as \uFFFD). " +
                        "The file is probably Latin-1 or Windows-1252: import it with -Encoding latin1 (or -Encoding windows-1252). Nothing is replaced silently.", sourceName);
        CheckHeaders(headers, sourceName, options.Header is not null);
        options.Log?.Invoke($"Separator: {Describe(reader.Separator)}{(options.Delimiter is null ? " (detected)" : "")}; " +
                            $"numbers: {(culture.NumberFormat.NumberDecimalSeparator == "," ? "decimal comma" : "decimal point")} ({(ReferenceEquals(culture, DecimalComma) ? "detected" : culture.Name.Length == 0 ? "invariant" : culture.Name)}); " +
                            $"{(options.Header is null ? "header row" : "names from -Header")}: {headers.Count} columns.");

        int targetIndex = -1;
        if (options.Schema is { } contract) options = options with { Target = contract.TargetAmong(headers, options.Target), TargetKind = contract.TargetKindOr(options.TargetKind) };
        if (options.Target is { } t)
        {
            targetIndex = FindColumn(headers, t);
            if (targetIndex < 0)
                throw new DeepStatsException(ErrorIds.TargetColumnNotFound, FailureKind.ObjectNotFound,
                    $"Target column '{t}' is not in '{sourceName}'. Its columns are: {string.Join(", ", headers)}.", t);
        }
        foreach (var name in options.ColumnTypes.Keys)
            if (FindColumn(headers, name) < 0 && options.Schema is null) // under a contract the contract names what is missing
                throw new DeepStatsException(ErrorIds.ColumnTypeColumnNotFound, FailureKind.ObjectNotFound,
                    $"Column '{name}' given to -ColumnType is not in '{sourceName}'. Its columns are: {string.Join(", ", headers)}.", name);
        var keep = ColumnSelector.Select(headers, options.Include, options.Exclude, targetIndex, sourceName);
        var builders = new List<ColumnBuilder>();
        for (int j = 0; j < headers.Count; j++)
            if (keep[j]) builders.Add(ColumnBuilder.For(headers[j], j, options, budget, "line", capacity));
        var cols = builders.ToArray();
        var target = targetIndex >= 0 ? new ColumnBuilder(headers[targetIndex], targetIndex, ColumnKind.Categorical, budget, capacity) : null;
        var missing = options.MissingTokens.Select(m => Encoding.UTF8.GetBytes(m.Trim())).ToArray();
        // a missing-value token that is itself a number (-999) must be checked before parsing; the usual tokens are not numbers
        bool fastParse = culture.NumberFormat.NumberDecimalSeparator == ".";
        bool numericTokens = options.MissingTokens.Any(m => double.TryParse(m.Trim(), NumberStyles.Float, culture, out double x) && !double.IsNaN(x));
        char[] chars = new char[256];
        int width = headers.Count, rows = 0;
        long line = 0;

        try
        {
            while (firstRowPending || reader.Read())
            {
                firstRowPending = false;
                rows++;
                line = reader.LineNumber;
                if (reader.FieldCount != width)
                    throw new DeepStatsException(ErrorIds.CsvRaggedRow, FailureKind.InvalidData,
                        $"File '{sourceName}', line {line}: the row has {reader.FieldCount} field(s) but the {(options.Header is null ? "header has" : "-Header names")} {width}. " +
                        "Fix the row (a missing or extra separator, or an unquoted separator inside a value) and import again.", sourceName);
                if (checkUtf8 && !Utf8.IsValid(reader.RawRecord)) CheckUtf8Fields(reader, headers, cols, targetIndex, line, sourceName);
                for (int k = 0; k < cols.Length; k++)
                {
                    var b = cols[k];
                    int j = b.SourceIndex;
                    var span = reader.GetSpan(j);
                    if (numericTokens && IsMissing(span, missing)) { b.AddMissing(line); continue; }
                    if (!b.WantsText)
                    {
                        if (TryParseNumber(span, fastParse, culture, out double v))
                        {
                            if (double.IsFinite(v))
                            {
                                b.AddNumber(v, line);
                                continue;
                            }
                            if (double.IsInfinity(v))
                                throw new DeepStatsException(ErrorIds.CsvValueOutOfRange, FailureKind.InvalidData,
                                    $"File '{sourceName}', line {line}, column {j + 1} ('{b.Name}'): '{reader.GetString(j)}' is beyond the float64 range " +
                                    "(or is infinity). Correct the value or mark it missing.", reader.GetString(j));
                        }
                        if (IsMissing(span, missing)) { b.AddMissing(line); continue; }
                        if (b.Kind == ColumnBuilder.State.Numeric)
                        {
                            if (b.TryRejectText(reader.GetString(j), line)) continue;
                            throw TextInNumeric(sourceName, line, j, b, reader.GetString(j), culture);
                        }
                    }
                    else if (IsMissing(span, missing)) { b.AddMissing(line); continue; }
                    AddText(b, span, ref chars, line, j, sourceName, options);
                }
                if (target is not null)
                {
                    var span = reader.GetSpan(targetIndex);
                    if (IsMissing(span, missing)) target.AddMissing(line);
                    else AddText(target, span, ref chars, line, targetIndex, sourceName, options);
                }
            }
        }
        catch (CsvFormatException e)
        {
            throw Malformed(sourceName, e, malformed, options, reopen, reader.Separator);
        }
        catch (InvalidDataException e)
        {
            throw BadGzip(sourceName, e);
        }
        catch (OutOfMemoryException)
        {
            throw new DeepStatsException(ErrorIds.DatasetTooLarge, FailureKind.ResourceUnavailable,
                $"'{sourceName}' does not fit in memory (ran out by line {line}). Load fewer columns (-Include / -Exclude) or split the file.", sourceName);
        }

        if (rows == 0)
            throw new DeepStatsException(ErrorIds.CsvNoDataRows, FailureKind.InvalidData,
                $"File '{sourceName}', line 1: there is a header ({string.Join(", ", headers)}) but no data rows. Add data rows, or check that the right file was given.", sourceName);

        var rejected = cols.Where(b => b.Rejected is { Count: > 0 }).ToDictionary(b => b.Name, b => b.Rejected!, StringComparer.OrdinalIgnoreCase);
        var columns = new List<DataColumn>(cols.Length);
        var empty = cols.Where(b => b.Kind == ColumnBuilder.State.Unknown).Select(b => b.Name).ToList();
        if (empty.Count > 0) options.Warn?.Invoke(NoValuesWarning(empty, rows, $"'{sourceName}'"));
        for (int k = 0; k < cols.Length; k++)
        {
            var b = cols[k];
            var col = b.Build();
            if (b.Declared is null && col is CategoricalColumn { } text and not BooleanColumn)
                col = NumbersWrittenAnotherWay(b, text, culture, sourceName, options) ?? col;
            if (col is CategoricalColumn cat && (options.CategoryEncoding != CategoryEncoding.OneHot || options.UnknownCategory))
                col = cat.WithEncoding(options.CategoryEncoding, options.UnknownCategory);
            columns.Add(col);
            cols[k] = null!;
            Report(b, col, sourceName, options);
        }
        TargetColumn? targetColumn = null;
        if (target is not null)
        {
            var (levels, codes) = target.BuildLabels();
            targetColumn = BuildTarget(target.Name, levels, codes, options.TargetKind, culture);
            options.Log?.Invoke(targetColumn.Kind == Data.TargetKind.Regression
                ? $"Target '{targetColumn.Name}': a number to predict (regression){(options.TargetKind is null ? ", as it has non-integer values; -TargetKind Classification makes it classes" : "")}."
                : $"Target '{targetColumn.Name}': {targetColumn.ClassCount} classes ({string.Join(", ", targetColumn.Classes.Take(10))}{(targetColumn.ClassCount > 10 ? ", ..." : "")}).");
        }
        var data = Dataset.Tabular(DatasetName(sourceName), sourceName, columns, targetColumn);
        return options.Schema?.Enforce(data, sourceName, rejected) ?? data;
    }

    /// <summary>
    /// Parses a field as a number. Under a decimal-point culture csFastFloat (Lemire's fast_float, correctly rounded, on
    /// the UTF-8 bytes; about 3x Utf8Parser here) takes every field it reads fully to a finite value; anything else
    /// (a decimal comma, 'Infinity', a value beyond float64, text) goes to double.TryParse with the culture, as before,
    /// so the numbers accepted and their values are those of double.TryParse.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    internal static bool TryParseNumber(ReadOnlySpan<byte> span, bool decimalPoint, CultureInfo culture, out double v)
    {
        if (decimalPoint && csFastFloat.FastDoubleParser.TryParseDouble(span, out int used, out v) && used == span.Length && double.IsFinite(v))
            return true;
        return double.TryParse(span, NumberStyles.Float, culture, out v);
    }

    /// <summary>
    /// An inferred text column whose every value is a number written another way than <paramref name="culture"/> reads
    /// plain numbers: with the culture's thousands separators (1,234.5 under en-US) it is read as numbers, with a
    /// warning; with a decimal comma under a decimal-point culture (1,5), or the reverse, it is an error naming the
    /// first such value, its line and the -Culture that reads it. Never silently categories: training would one-hot them.
    /// </summary>
    private static DataColumn? NumbersWrittenAnotherWay(ColumnBuilder b, CategoricalColumn col, CultureInfo culture, string source, CsvImportOptions options)
    {
        var nf = culture.NumberFormat;
        string dec = Regex.Escape(nf.NumberDecimalSeparator), grp = Regex.Escape(nf.NumberGroupSeparator);
        var levels = b.LevelsFirstSeen;
        if (levels.Count == 0) return null;
        bool Plain(string v) => double.TryParse(v, NumberStyles.Float, culture, out _);
        int column = b.SourceIndex + 1;
        if (nf.NumberGroupSeparator.Length > 0 && nf.NumberGroupSeparator != nf.NumberDecimalSeparator)
        {
            var grouped = new Regex($@"^[+-]?\d{{1,3}}({grp}\d{{3}})+({dec}\d+)?$");
            int first = -1;
            bool all = true;
            for (int i = 0; i < levels.Count && all; i++)
            {
                if (grouped.IsMatch(levels[i])) { if (first < 0) first = i; }
                else all = Plain(levels[i]);
            }
            if (all && first >= 0)
            {
                var values = new double[col.Codes.Length];
                var parsed = col.Levels.Select(l => double.Parse(l, NumberStyles.Float | NumberStyles.AllowThousands, culture)).ToArray();
                for (int i = 0; i < values.Length; i++) values[i] = col.Codes[i] < 0 ? double.NaN : parsed[col.Codes[i]];
                options.Warn?.Invoke($"File '{source}', column {column} ('{b.Name}'): values such as '{levels[first]}' (line {b.LevelLines[first]}) have thousands separators " +
                    $"('{nf.NumberGroupSeparator}' in culture {CultureName(culture)}); the column is read as numbers. To keep it as text, pass -ColumnType @{{ '{b.Name}' = 'Categorical' }}.");
                return new NumericColumn(col.Name, values);
            }
        }
        // the other decimal separator: a comma under a point culture, or a point under a comma culture
        bool commaCulture = nf.NumberDecimalSeparator == ",";
        var other = commaCulture ? PointDecimal : CommaDecimal;
        var otherCulture = commaCulture ? CultureInfo.InvariantCulture : DecimalComma;
        int example = -1;
        for (int i = 0; i < levels.Count; i++)
        {
            if (other.IsMatch(levels[i])) { if (example < 0) example = i; }
            else if (!Plain(levels[i]) && !double.TryParse(levels[i], NumberStyles.Float, otherCulture, out _)) return null;
        }
        if (example < 0) return null;
        throw new DeepStatsException(ErrorIds.CsvNumbersInAnotherFormat, FailureKind.InvalidData,
            $"File '{source}', line {b.LevelLines[example]}, column {column} ('{b.Name}'): '{levels[example]}' and the column's other values look like numbers with a decimal " +
            $"{(commaCulture ? "point" : "comma")}, but numbers are read with a decimal {(commaCulture ? "comma" : "point")} (culture {CultureName(culture)}), so they would become categories. " +
            (commaCulture ? "Pass -Culture ([cultureinfo]::InvariantCulture) (or en-US) to read them as numbers" : "Pass -Culture de-DE (or another decimal-comma culture; leave -Culture out to detect it) to read them as numbers") +
            $", or -ColumnType @{{ '{b.Name}' = 'Categorical' }} to keep them as text.", levels[example]);
    }

    private static string CultureName(CultureInfo c) => c.Name.Length == 0 ? "invariant" : c.Name;

    private static void Report(ColumnBuilder b, DataColumn col, string source, CsvImportOptions options)
    {
        string how = b.Declared is not null ? "declared" : "inferred";
        string detail = col is CategoricalColumn c and not BooleanColumn ? $", {c.Levels.Length} levels" : "";
        options.Log?.Invoke($"Column '{col.Name}': {col.Kind} ({how}{detail}), {col.MissingCount} missing.");
        if (b.Float32OverflowCount > 0)
            options.Warn?.Invoke($"Column '{col.Name}' in '{source}': {b.Float32OverflowCount} value(s) beyond the float32 range (first {b.Float32Overflow:R} on line {b.Float32OverflowAt}). " +
                "They are kept exactly (float64), but tensors are float32: training refuses them (ValueOverflowsFloat32) unless the column is rescaled (ConvertTo-Standardized) or excluded.");
    }

    /// <summary>One warning for every column without a single value.</summary>
    internal static string NoValuesWarning(IReadOnlyList<string> columns, int rows, string source) =>
        (columns.Count == 1 ? $"Column '{columns[0]}' in {source} has no values" : $"{columns.Count} columns in {source} have no values") +
        $": all {rows} are missing{(columns.Count == 1 ? "" : $" ({string.Join(", ", columns.Take(20))}{(columns.Count > 20 ? ", ..." : "")})")}. " +
        $"Exclude {(columns.Count == 1 ? "it" : "them")} (-Exclude {string.Join(", ", columns.Take(20).Select(c => $"'{c}'"))}).";

    internal static string DatasetName(string source) =>
        Path.GetFileNameWithoutExtension(source.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? source[..^3] : source);

    private static void AddText(ColumnBuilder b, ReadOnlySpan<byte> span, ref char[] chars, long line, int j, string source, CsvImportOptions options)
    {
        if (span.Length > options.MaxFieldBytes)
            throw new DeepStatsException(ErrorIds.CsvFieldTooLarge, FailureKind.InvalidData,
                $"File '{source}', line {line}, column {j + 1} ('{b.Name}'): the value is {span.Length:N0} bytes long (starting '{Preview(span)}'), " +
                $"more than the {options.MaxFieldBytes:N0} a field may have. Is a quote left open earlier, or is the file not a table?", source);
        var r = b.AddTextUtf8(span, ref chars, line);
        int n = r == AddResult.Ok ? 0 : Encoding.UTF8.GetChars(span, chars);
        if (r == AddResult.NotBoolean)
            throw new DeepStatsException(ErrorIds.CsvNotBoolean, FailureKind.InvalidData,
                $"File '{source}', line {line}, column {j + 1} ('{b.Name}'): '{new string(chars, 0, n)}' is not true/false, yes/no or 1/0, " +
                "but the column is declared Boolean. Correct the value, mark it missing, or declare the column Categorical.", new string(chars, 0, n));
        if (r == AddResult.TextInNumeric && !b.TryRejectText(new string(chars, 0, n), line))
            throw TextInNumeric(source, line, j, b, new string(chars, 0, n), CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// A record holds bytes that are not UTF-8: the first such byte in a column that is read (kept or the target) is an
    /// error naming its line, column and character position; bytes in a left-out column are never decoded, so they do not matter.
    /// </summary>
    private static void CheckUtf8Fields(CsvReader reader, IReadOnlyList<string> headers, ColumnBuilder[] cols, int targetIndex, long line, string source)
    {
        for (int j = 0; j < reader.FieldCount; j++)
        {
            if (j != targetIndex && !cols.Any(c => c.SourceIndex == j)) continue;
            var raw = reader.GetRawSpan(j);
            if (Utf8.IsValid(raw)) continue;
            int pos = 0, chars = 0;
            while (pos < raw.Length && Rune.DecodeFromUtf8(raw[pos..], out _, out int used) == System.Buffers.OperationStatus.Done) { pos += used; chars++; }
            int lines = raw[..pos].Count((byte)'\n');
            string bad = string.Join(" ", raw.Slice(pos, Math.Min(3, raw.Length - pos)).ToArray().Select(b => $"0x{b:X2}"));
            string shown = Encoding.Latin1.GetString(raw[..Math.Min(raw.Length, 60)]);
            throw new DeepStatsException(ErrorIds.CsvInvalidUtf8, FailureKind.InvalidData,
                $"File '{source}', line {line + lines}, column {j + 1} ('{headers[j]}'): the bytes {bad} at character {chars + 1} of the field are not valid UTF-8 " +
                $"(read as Latin-1 the field is '{shown}'). The file is probably Latin-1 or Windows-1252: import it with -Encoding latin1 (or -Encoding windows-1252). " +
                "Nothing is replaced with U+FFFD silently.", source);
        }
    }

    private static string Preview(ReadOnlySpan<byte> span) => Encoding.UTF8.GetString(span[..Math.Min(40, span.Length)]).ReplaceLineEndings(" ") + "...";

    private static DeepStatsException TextInNumeric(string source, long line, int j, ColumnBuilder b, string value, CultureInfo culture) =>
        new(ErrorIds.CsvTextInNumericColumn, FailureKind.InvalidData,
            $"File '{source}', line {line}, column {j + 1} ('{b.Name}'): '{value}' is not a number, but the column is numeric " +
            (b.Declared is null ? $"(its first value, on line {b.FirstValueAt}, is). " : "(declared with -ColumnType). ") +
            $"Correct the value, write a missing-value token (empty, {string.Join(", ", CsvImportOptions.DefaultMissingTokens)}), " +
            (double.TryParse(value, NumberStyles.Float | NumberStyles.AllowThousands, culture, out _) ? "remove its thousands separators, " : "") +
            (culture.NumberFormat.NumberDecimalSeparator == "," || value.Contains(',') ? "check -Culture (decimal comma or point), " : "") +
            $"or declare the column categorical: -ColumnType @{{ '{b.Name}' = 'Categorical' }}.", value);

    private static string Describe(char c) => c switch { '\t' => "tab", ',' => "comma", ';' => "semicolon", '|' => "pipe", _ => $"'{c}'" };

    /// <summary>Class labels in numeric order when they are all numbers (2 before 10), else ordinal text order.</summary>
    public static TargetColumn BuildTarget(string name, IReadOnlyList<string?> labels)
    {
        var levels = new List<string>();
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var codes = new int[labels.Count];
        for (int i = 0; i < codes.Length; i++)
        {
            if (labels[i] is not { } l) { codes[i] = -1; continue; }
            if (!index.TryGetValue(l, out int c)) { c = levels.Count; index[l] = c; levels.Add(l); }
            codes[i] = c;
        }
        return BuildTarget(name, levels, codes);
    }

    /// <summary>A target of whole numbers with more distinct values than this needs -TargetKind (AmbiguousTargetKind).</summary>
    public const int MaxImpliedClasses = 20;

    /// <summary>
    /// A target from labels in any order and codes into them (-1 missing); the codes array is reused.
    /// <paramref name="kind"/> null decides: numbers with a non-integer value are a regression target, text and whole
    /// numbers with at most <see cref="MaxImpliedClasses"/> distinct values classes, and more distinct whole numbers are
    /// ambiguous: an error (AmbiguousTargetKind) asking for the kind. A regression target whose labels are not all numbers is an error naming one.
    /// </summary>
    public static TargetColumn BuildTarget(string name, IReadOnlyList<string> levels, int[] codes, TargetKind? kind = Data.TargetKind.Classification, CultureInfo? culture = null)
    {
        var parsed = new double[levels.Count];
        bool numeric = levels.Count > 0;
        for (int i = 0; i < levels.Count && numeric; i++)
            numeric = double.TryParse(levels[i], NumberStyles.Float, culture ?? CultureInfo.InvariantCulture, out parsed[i])
                || double.TryParse(levels[i], NumberStyles.Float, CultureInfo.InvariantCulture, out parsed[i]);
        bool regression = kind == Data.TargetKind.Regression || kind is null && numeric && parsed.Any(v => double.IsFinite(v) && v != Math.Floor(v));
        if (kind is null && numeric && !regression && levels.Count > MaxImpliedClasses)
            throw new DeepStatsException(ErrorIds.AmbiguousTargetKind, FailureKind.InvalidData,
                $"Target '{name}' holds whole numbers with {levels.Count} distinct values in {codes.Length} rows: it may be a quantity to predict or {levels.Count} classes, " +
                $"and the data cannot tell which. Pass -TargetKind Regression to predict the number, or -TargetKind Classification to learn each value as a class. " +
                $"(The rule: numbers with a non-integer value are a quantity; text, and whole numbers with at most {MaxImpliedClasses} distinct values, are classes; anything else needs -TargetKind.)", name);
        if (regression)
        {
            if (!numeric)
            {
                var bad = levels.First(l => !double.TryParse(l, NumberStyles.Float, culture ?? CultureInfo.InvariantCulture, out _) && !double.TryParse(l, NumberStyles.Float, CultureInfo.InvariantCulture, out _));
                throw new DeepStatsException(ErrorIds.TargetNotNumeric, FailureKind.InvalidData,
                    $"Target '{name}' was asked to be a number to predict, but it holds '{bad}'. Correct the value, mark it missing, or import the target as classes.", bad);
            }
            var values = new double[codes.Length];
            for (int i = 0; i < codes.Length; i++) values[i] = codes[i] < 0 ? double.NaN : parsed[codes[i]];
            return new TargetColumn(name, values);
        }
        var order = Enumerable.Range(0, levels.Count);
        var sorted = numeric
            ? order.OrderBy(i => double.Parse(levels[i], CultureInfo.InvariantCulture)).ThenBy(i => levels[i], StringComparer.Ordinal).ToArray()
            : order.OrderBy(i => levels[i], StringComparer.Ordinal).ToArray();
        var remap = new int[levels.Count];
        for (int k = 0; k < sorted.Length; k++) remap[sorted[k]] = k;
        for (int i = 0; i < codes.Length; i++) if (codes[i] >= 0) codes[i] = remap[codes[i]];
        return new TargetColumn(name, codes, sorted.Select(i => levels[i]).ToArray());
    }

    internal static bool IsMissing(ReadOnlySpan<byte> span, byte[][] tokens)
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

    internal static void CheckHeaders(IReadOnlyList<string> headers, string source, bool given)
    {
        string where = given ? "-Header" : $"File '{source}', line 1";
        var seen = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (int i = 0; i < headers.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(headers[i]))
                throw new DeepStatsException(ErrorIds.CsvBlankHeader, FailureKind.InvalidData,
                    $"{where}, column {i + 1}: the header name is blank. Give every column a name (or pass -Header with names).", source);
            if (headers[i].Length > 1024)
                throw new DeepStatsException(ErrorIds.CsvFieldTooLarge, FailureKind.InvalidData,
                    $"{where}, column {i + 1}: the header name is {headers[i].Length:N0} characters long (starting '{headers[i][..40]}...'). Is the first line a header? Check the separator and the quotes.", source);
            if (seen.TryGetValue(headers[i], out int first))
                throw new DeepStatsException(ErrorIds.CsvDuplicateHeader, FailureKind.InvalidData,
                    $"{where}: columns {first + 1} and {i + 1} are both named '{headers[i]}'. Give every column a distinct name (or pass -Header with names).", headers[i]);
            seen[headers[i]] = i;
        }
    }

    private static DeepStatsException BadGzip(string source, InvalidDataException e) =>
        new(ErrorIds.CsvBadGzip, FailureKind.InvalidData,
            $"File '{source}' is a damaged or truncated gzip archive ({e.Message}). Re-create or re-download it.", source, e);

    private static DeepStatsException Malformed(string source, CsvFormatException e, CsvMalformedRecord? record, CsvImportOptions options, Func<Stream>? reopen = null, char separator = ',')
    {
        long line = record is { } r && r.LineNumber > 0 ? r.LineNumber : e.LineNumber;
        // A quote opened and never closed on its line swallows the lines after it; the reader then reports whatever ends
        // the runaway field (often text after a quote several lines on). Name the line and column where the quote opened.
        if (reopen is not null && line > 0 && e.ByteOffset > 0 && !e.Message.Contains("MaxRecordSize", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                if (QuoteLeftOpen(reopen, line, e.ByteOffset, separator) is { } open && open.ProblemLine > line)
                    return new DeepStatsException(ErrorIds.CsvUnterminatedQuote, FailureKind.InvalidData,
                        $"File '{source}', line {line}, column {open.Column}: a quote opens the field here and is not closed on this line; the field runs on to line {open.ProblemLine}, " +
                        $"where the reader stopped ({e.Message.TrimEnd('.')}). Close the quote on line {line} (a quote inside a value is written twice: \"\") and import again.", source, e);
            }
            catch (Exception x) when (x is IOException or InvalidDataException) { /* keep the reader's own report */ }
        }
        string m = e.Message;
        if (m.Contains("MaxRecordSize", StringComparison.OrdinalIgnoreCase) || m.Contains("too large to buffer", StringComparison.OrdinalIgnoreCase))
            return new DeepStatsException(ErrorIds.CsvRecordTooLarge, FailureKind.InvalidData,
                $"File '{source}', line {line}: the record is longer than {options.MaxRecordBytes:N0} bytes. A quote left open usually causes this; " +
                "check that line. The file may also not be a table.", source, e);
        // the reason comes from the malformed-record callback when the reader calls it, else from the message
        var reason = record?.Reason ??
            (m.Contains("never closed") ? CsvMalformedReason.UnterminatedQuote
            : m.Contains("quote inside an unquoted") ? CsvMalformedReason.StrayQuote
            : m.Contains("after the closing quote") ? CsvMalformedReason.TextAfterClosingQuote
            : m.Contains("line break inside a quoted") ? CsvMalformedReason.LineBreakInQuotes
            : (CsvMalformedReason?)null);
        var (id, what) = reason switch
        {
            CsvMalformedReason.UnterminatedQuote => (ErrorIds.CsvUnterminatedQuote, "a quoted field starts here and is never closed (the quote runs to the end of the file)"),
            CsvMalformedReason.StrayQuote => (ErrorIds.CsvStrayQuote, "a quote appears inside an unquoted field"),
            CsvMalformedReason.TextAfterClosingQuote => (ErrorIds.CsvTextAfterQuote, "text follows the closing quote of a field"),
            CsvMalformedReason.LineBreakInQuotes => (ErrorIds.CsvLineBreakInQuotes, "a quoted field holds a line break where that is not allowed"),
            _ => (ErrorIds.CsvMalformed, "the line is malformed"),
        };
        return new DeepStatsException(id, FailureKind.InvalidData,
            $"File '{source}', line {line}: {what} ({e.Message.TrimEnd('.')}). Fix that line (a quote inside a value is written twice: \"\") and import again.", source, e);
    }

    /// <summary>
    /// Reads the input up to <paramref name="problemOffset"/> (bytes of UTF-8 input, as the CSV reader counts them): the line of
    /// the problem, and whether line <paramref name="line"/> ends inside a quoted field, and in which column that field is.
    /// </summary>
    private static (long ProblemLine, int Column)? QuoteLeftOpen(Func<Stream> reopen, long line, long problemOffset, char separator)
    {
        using var s = reopen();
        var buffer = new byte[1 << 16];
        long pos = 0, current = 1, problemLine = 0;
        bool scanning = false, done = false, inQuotes = false, fieldStart = true, pendingQuote = false;
        int field = 0, openField = -1;
        int n;
        while (pos < problemOffset && (n = s.Read(buffer, 0, (int)Math.Min(buffer.Length, problemOffset - pos))) > 0)
        {
            for (int i = 0; i < n; i++)
            {
                byte c = buffer[i];
                if (current == line && !done)
                {
                    scanning = true;
                    if (pendingQuote) { pendingQuote = false; if (c == (byte)'"') continue; inQuotes = false; }
                    if (inQuotes)
                    {
                        if (c == (byte)'"') pendingQuote = true;
                        else if (c == (byte)'\n') done = true;
                    }
                    else if (c == (byte)separator) { field++; fieldStart = true; }
                    else if (c == (byte)'"' && fieldStart) { inQuotes = true; openField = field; }
                    else if (c == (byte)'\n') { done = true; }
                    else if (c is not ((byte)' ' or (byte)'\t' or (byte)'\r')) fieldStart = false;
                }
                if (c == (byte)'\n') current++;
            }
            pos += n;
        }
        problemLine = current;
        if (!scanning) return null;
        if (pendingQuote) inQuotes = false;
        return inQuotes && openField >= 0 ? (problemLine, openField + 1) : null;
    }
}
