using System.Runtime.CompilerServices;

namespace DeepStats.Core.Data;

/// <summary>
/// Tracks the memory a reader's columns take, so a file too large for this process is refused
/// with a clear error (<c>DatasetTooLarge</c>) instead of an out-of-memory crash.
/// </summary>
internal sealed class MemoryBudget(long limitBytes, string source)
{
    public long Used;
    public readonly long Limit = limitBytes;

    public void Take(long bytes, long line)
    {
        Used += bytes;
        if (Used > Limit)
            throw new DeepStatsException(ErrorIds.DatasetTooLarge, FailureKind.ResourceUnavailable,
                $"'{source}' does not fit in memory: by line {line} its columns need more than {Limit / (1024.0 * 1024 * 1024):0.##} GiB, " +
                "the memory this process may use. Load fewer columns (-Include / -Exclude) or split the file into parts.", source);
    }

    /// <summary>The memory the reader may use by default: 80% of what the GC says is available.</summary>
    public static long DefaultLimit() => (long)(GC.GetGCMemoryInfo().TotalAvailableMemoryBytes * 0.8);
}

/// <summary>
/// Values appended in chunks, so growing never copies and the final array is the only second copy
/// of one column. Chunks start small and double up to 64K values, so a wide file with few rows
/// does not reserve 512 KB per column.
/// </summary>
internal sealed class ChunkedList<T>(MemoryBudget budget, int capacity = 0) where T : unmanaged
{
    public const int ChunkSize = 1 << 16;
    private const int FirstChunk = 256;
    private readonly List<T[]> _chunks = new();
    private T[] _current = Array.Empty<T>();
    private int _pos;
    public int Count;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Add(T value, long line)
    {
        if (_pos == _current.Length) Grow(line);
        _current[_pos++] = value;
        Count++;
    }

    private void Grow(long line)
    {
        int size = _chunks.Count == 0 && capacity > 0 ? capacity
            : _current.Length == 0 ? FirstChunk : Math.Min(ChunkSize, Math.Max(FirstChunk, _current.Length * 2));
        budget.Take((long)size * Unsafe.SizeOf<T>(), line);
        _current = GC.AllocateUninitializedArray<T>(size); // every slot is written before it is read
        _chunks.Add(_current);
        _pos = 0;
    }

    /// <summary>Copies into one array and lets the chunks go.</summary>
    public T[] ToArray()
    {
        if (_chunks.Count == 1 && _chunks[0].Length == Count)
        {
            var only = _chunks[0];
            _chunks.Clear();
            _current = Array.Empty<T>();
            return only;
        }
        var result = GC.AllocateUninitializedArray<T>(Count);
        int offset = 0;
        for (int i = 0; i < _chunks.Count; i++)
        {
            int n = Math.Min(_chunks[i].Length, Count - offset);
            Array.Copy(_chunks[i], 0, result, offset, n);
            offset += n;
            _chunks[i] = null!;
        }
        _chunks.Clear();
        _current = Array.Empty<T>();
        return result;
    }
}

/// <summary>What went wrong when a value was added to a column; the reader words the error with its own location (line or row).</summary>
internal enum AddResult { Ok, TextInNumeric, NotBoolean }

/// <summary>
/// Builds one column while a source is read, with the typing rules shared by every tabular reader
/// (CSV, PowerShell objects): a column is numeric when its first non-missing value is a number and
/// categorical otherwise (boolean when every value is true or false); text after a numeric first
/// value is an error, never a silent conversion. A declared kind (-ColumnType) replaces inference.
/// </summary>
internal sealed class ColumnBuilder
{
    public enum State { Unknown, Numeric, Text }

    private readonly MemoryBudget _budget;
    private ChunkedList<double>? _numbers;
    private ChunkedList<int>? _codes;
    private Dictionary<string, int>? _index;
    private Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _lookup;
    private readonly List<string> _levels = new();
    private readonly List<long> _levelLines = new(); // where each level was first seen
    private readonly List<byte[]> _levelBytes = new(); // UTF-8 of the first levels, matched without decoding
    private const int ByteMatchedLevels = 32;
    private int _pendingMissing;

    private readonly int _capacity;

    /// <summary>The builder of column <paramref name="name"/> under <paramref name="options"/>: its declared (or contracted) kind, and under a
    /// schema contract a collector of text in numeric columns (<paramref name="unit"/>: "line" or "row", what positions count).</summary>
    public static ColumnBuilder For(string name, int sourceIndex, CsvImportOptions options, MemoryBudget budget, string unit, int capacity = 0) =>
        new(name, sourceIndex, options.DeclaredKind(name), budget, capacity)
        { Rejected = options.Schema?.KindOf(name) == ColumnKind.Numeric ? new RejectedText(unit) : null };

    public ColumnBuilder(string name, int sourceIndex, ColumnKind? declared, MemoryBudget budget, int capacity = 0)
    {
        _capacity = capacity;
        Name = name;
        SourceIndex = sourceIndex;
        Declared = declared;
        _budget = budget;
        if (declared is ColumnKind.Numeric) StartNumeric(0);
        else if (declared is ColumnKind.Categorical or ColumnKind.Boolean) StartText(0);
    }

    public readonly string Name;
    public readonly int SourceIndex;
    public readonly ColumnKind? Declared;
    public State Kind;
    public int Count;
    public int Missing;
    /// <summary>Where the first value that decided the type was (line or row).</summary>
    public long FirstValueAt;
    /// <summary>The first value beyond the float32 range (it stays exact in float64 but cannot be a tensor as is), and where.</summary>
    public double Float32Overflow;
    public long Float32OverflowAt;
    public int Float32OverflowCount;

    /// <summary>Under a schema contract, the text found in this numeric column (collected on every row, the column's value made missing,
    /// and the whole import refused by the contract afterwards); null otherwise.</summary>
    public RejectedText? Rejected { get; private init; }

    /// <summary>Text in this numeric column: under a schema contract it is collected (and the value missing) and true is returned;
    /// otherwise false, and the reader stops with its text-in-numeric error.</summary>
    public bool TryRejectText(string value, long at)
    {
        if (Rejected is null || Kind != State.Numeric) return false;
        Rejected.Add(value, at);
        AddMissing(at);
        return true;
    }

    /// <summary>Whether values should be added as text (categorical or boolean) rather than parsed as numbers.</summary>
    public bool WantsText => Kind == State.Text;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public AddResult AddNumber(double v, long at)
    {
        if (Kind != State.Numeric)
        {
            if (Kind == State.Text) return AddResult.TextInNumeric; // callers pass numbers as text to text columns
            StartNumeric(at);
        }
        if (Math.Abs(v) > float.MaxValue && Float32OverflowCount++ == 0)
        {
            Float32Overflow = v;
            Float32OverflowAt = at;
        }
        _numbers!.Add(v, at);
        Count++;
        return AddResult.Ok;
    }

    public void AddMissing(long at)
    {
        Missing++;
        Count++;
        switch (Kind)
        {
            case State.Numeric: _numbers!.Add(double.NaN, at); break;
            case State.Text: _codes!.Add(-1, at); break;
            default: _pendingMissing++; break;
        }
    }

    /// <summary>Adds a non-missing text value.</summary>
    public AddResult AddText(ReadOnlySpan<char> text, long at)
    {
        if (Kind == State.Numeric) return AddResult.TextInNumeric;
        if (Kind == State.Unknown) StartText(at);
        if (Declared == ColumnKind.Boolean)
        {
            if (!BooleanColumn.TryParse(text, digits: true, out bool b)) return AddResult.NotBoolean;
            text = b ? "true" : "false";
        }
        if (!_lookup.TryGetValue(text, out int code))
        {
            code = _levels.Count;
            var s = text.ToString();
            _index![s] = code;
            _levels.Add(s);
            _levelLines.Add(at);
        }
        _codes!.Add(code, at);
        Count++;
        return AddResult.Ok;
    }

    /// <summary>Adds a non-missing text value given as UTF-8: few levels (labels, categories) are matched on the bytes, without decoding.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public AddResult AddTextUtf8(ReadOnlySpan<byte> utf8, ref char[] chars, long at)
    {
        if (Kind == State.Text && Declared != ColumnKind.Boolean)
        {
            var levels = _levelBytes;
            for (int i = 0; i < levels.Count; i++)
            {
                if (utf8.SequenceEqual(levels[i]))
                {
                    _codes!.Add(i, at);
                    Count++;
                    return AddResult.Ok;
                }
            }
        }
        if (chars.Length < utf8.Length) chars = new char[Math.Max(utf8.Length, chars.Length * 2)];
        int n = System.Text.Encoding.UTF8.GetChars(utf8, chars);
        int before = _levels.Count;
        var r = AddText(chars.AsSpan(0, n), at);
        if (_levels.Count > before && _levelBytes.Count == before && before < ByteMatchedLevels && Declared != ColumnKind.Boolean)
            _levelBytes.Add(utf8.ToArray());
        return r;
    }

    private void StartNumeric(long at)
    {
        Kind = State.Numeric;
        FirstValueAt = at;
        _numbers = new ChunkedList<double>(_budget, _capacity);
        for (int i = 0; i < _pendingMissing; i++) _numbers.Add(double.NaN, at);
        _pendingMissing = 0;
    }

    private void StartText(long at)
    {
        Kind = State.Text;
        FirstValueAt = at;
        _codes = new ChunkedList<int>(_budget, _capacity);
        _index = new Dictionary<string, int>(StringComparer.Ordinal);
        _lookup = _index.GetAlternateLookup<ReadOnlySpan<char>>();
        for (int i = 0; i < _pendingMissing; i++) _codes.Add(-1, at);
        _pendingMissing = 0;
    }

    /// <summary>The finished column. A column with no value at all is numeric and entirely missing (reported by the caller).</summary>
    public DataColumn Build()
    {
        bool declared = Declared is not null;
        switch (Kind)
        {
            case State.Numeric:
                return new NumericColumn(Name, _numbers!.ToArray()) { KindDeclared = declared };
            case State.Text:
                var codes = _codes!.ToArray();
                if (Declared == ColumnKind.Boolean || Declared is null && _levels.Count > 0 && _levels.All(IsTrueFalse))
                {
                    var map = _levels.Select(l => BooleanColumn.TryParse(l, digits: true, out bool b) && b ? 1 : 0).ToArray();
                    for (int i = 0; i < codes.Length; i++) if (codes[i] >= 0) codes[i] = map[codes[i]];
                    return new BooleanColumn(Name, codes) { KindDeclared = declared };
                }
                var levels = _levels.ToArray();
                var order = Enumerable.Range(0, levels.Length).OrderBy(i => levels[i], StringComparer.Ordinal).ToArray();
                var remap = new int[levels.Length];
                for (int k = 0; k < order.Length; k++) remap[order[k]] = k;
                for (int i = 0; i < codes.Length; i++) if (codes[i] >= 0) codes[i] = remap[codes[i]];
                return new CategoricalColumn(Name, codes, order.Select(i => levels[i]).ToArray()) { KindDeclared = declared };
            default:
                var nan = new double[Count];
                Array.Fill(nan, double.NaN);
                return new NumericColumn(Name, nan) { KindDeclared = declared };
        }
    }

    /// <summary>The levels of a text column in the order first seen, and the line (or row) where each was first seen.</summary>
    public IReadOnlyList<string> LevelsFirstSeen => _levels;
    public IReadOnlyList<long> LevelLines => _levelLines;

    /// <summary>The level list and codes of a text column, for building a target.</summary>
    public (string[] Levels, int[] Codes) BuildLabels()
    {
        if (Kind == State.Unknown) return (Array.Empty<string>(), Enumerable.Repeat(-1, Count).ToArray());
        if (Kind == State.Numeric) throw new InvalidOperationException("A target column is read as text.");
        return (_levels.ToArray(), _codes!.ToArray());
    }

    private static bool IsTrueFalse(string s) =>
        s.Equals("true", StringComparison.OrdinalIgnoreCase) || s.Equals("false", StringComparison.OrdinalIgnoreCase);
}
