namespace DeepStats.Core.Data;

/// <summary>One feature column of a <see cref="Dataset"/>: a name, a kind and typed storage.</summary>
public abstract class DataColumn
{
    protected DataColumn(string name) => Name = name;

    public string Name { get; }
    public abstract ColumnKind Kind { get; }
    public abstract int Length { get; }
    public abstract int MissingCount { get; }
    public abstract bool IsMissing(int row);

    /// <summary>Whether the kind was declared by the user (-ColumnType) rather than inferred from the values.</summary>
    public bool KindDeclared { get; init; }

    /// <summary>The transform that made this column (for example "Impute" for a missing-value indicator), or null for a source column.
    /// Raw new data lacks derived columns; the model's transforms add them again.</summary>
    public string? DerivedBy { get; init; }

    /// <summary>How many model inputs the column becomes: 1 for a number, one per level for one-hot categories.</summary>
    public abstract int EncodedWidth { get; }

    /// <summary>A copy holding only the given rows, in that order.</summary>
    public abstract DataColumn Select(ReadOnlySpan<int> rows);

    public override string ToString() => $"{Name} ({Kind})";
}

/// <summary>A numeric column: float64 values, NaN for missing.</summary>
public sealed class NumericColumn : DataColumn
{
    private int _missing = -1;

    public NumericColumn(string name, double[] values) : base(name) => Values = values;

    public double[] Values { get; }
    public override ColumnKind Kind => ColumnKind.Numeric;
    public override int Length => Values.Length;
    public override int EncodedWidth => 1;

    public override int MissingCount
    {
        get
        {
            if (_missing < 0)
            {
                int m = 0;
                foreach (var v in Values) if (double.IsNaN(v)) m++;
                _missing = m;
            }
            return _missing;
        }
    }

    public override bool IsMissing(int row) => double.IsNaN(Values[row]);

    public override DataColumn Select(ReadOnlySpan<int> rows)
    {
        var v = new double[rows.Length];
        for (int i = 0; i < rows.Length; i++) v[i] = Values[rows[i]];
        return new NumericColumn(Name, v) { KindDeclared = KindDeclared, DerivedBy = DerivedBy };
    }
}

/// <summary>A categorical column: codes into <see cref="Levels"/> (sorted ordinally), -1 for missing.
/// <see cref="Encoding"/> and <see cref="UnknownLevel"/> travel with the column (and the model's schema)
/// so new data is encoded identically.</summary>
public class CategoricalColumn : DataColumn
{
    /// <summary>The level that unseen categories map to when an unknown slot was asked for.</summary>
    public const string DefaultUnknownLevel = "(unknown)";

    public CategoricalColumn(string name, int[] codes, string[] levels, CategoryEncoding encoding = CategoryEncoding.OneHot, string? unknownLevel = null) : base(name)
    {
        Codes = codes;
        Levels = levels;
        Encoding = encoding;
        UnknownLevel = unknownLevel;
        if (unknownLevel is not null && Array.IndexOf(levels, unknownLevel) < 0)
            throw new ArgumentException($"The unknown level '{unknownLevel}' is not among the levels of '{name}'.");
        int m = 0;
        foreach (var c in codes) if (c < 0) m++;
        MissingCount = m;
    }

    public int[] Codes { get; }
    public string[] Levels { get; }
    /// <summary>One-hot (default) or index.</summary>
    public CategoryEncoding Encoding { get; }
    /// <summary>The level that categories unseen in training map to, or null: an unseen category is then an error (UnseenCategory).</summary>
    public string? UnknownLevel { get; }
    public override ColumnKind Kind => ColumnKind.Categorical;
    public override int Length => Codes.Length;
    public override int MissingCount { get; }
    public override int EncodedWidth => Encoding == CategoryEncoding.Index ? 1 : Levels.Length;
    public override bool IsMissing(int row) => Codes[row] < 0;

    /// <summary>A column with the same levels and encoding and new codes.</summary>
    public virtual CategoricalColumn WithCodes(int[] codes) => new(Name, codes, Levels, Encoding, UnknownLevel) { KindDeclared = KindDeclared, DerivedBy = DerivedBy };

    public override DataColumn Select(ReadOnlySpan<int> rows)
    {
        var c = new int[rows.Length];
        for (int i = 0; i < rows.Length; i++) c[i] = Codes[rows[i]];
        return WithCodes(c);
    }

    /// <summary>Builds a column from raw labels (null = missing); levels are sorted ordinally so the
    /// encoding does not depend on row order.</summary>
    public static CategoricalColumn FromLabels(string name, IReadOnlyList<string?> labels)
    {
        var levels = labels.Where(l => l is not null).Select(l => l!).Distinct(StringComparer.Ordinal)
            .OrderBy(l => l, StringComparer.Ordinal).ToArray();
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < levels.Length; i++) index[levels[i]] = i;
        var codes = new int[labels.Count];
        for (int i = 0; i < codes.Length; i++) codes[i] = labels[i] is { } l ? index[l] : -1;
        return new CategoricalColumn(name, codes, levels);
    }

    /// <summary>The same column encoded another way, optionally with an unknown slot (an extra level) for categories unseen in training.</summary>
    public CategoricalColumn WithEncoding(CategoryEncoding encoding, bool unknownSlot)
    {
        if (this is BooleanColumn) return this;
        string? unknown = UnknownLevel;
        var levels = Levels;
        if (unknownSlot && unknown is null)
        {
            unknown = DefaultUnknownLevel;
            while (Array.IndexOf(levels, unknown) >= 0) unknown = "(" + unknown + ")";
            levels = levels.Append(unknown).ToArray();
        }
        return new CategoricalColumn(Name, Codes, levels, encoding, unknown) { KindDeclared = KindDeclared };
    }
}

/// <summary>A true/false column: codes 0 (false) and 1 (true) into the levels "false", "true"; -1 for missing. One model input.</summary>
public sealed class BooleanColumn : CategoricalColumn
{
    private static readonly string[] BoolLevels = { "false", "true" };

    public BooleanColumn(string name, int[] codes) : base(name, codes, BoolLevels) { }

    public override ColumnKind Kind => ColumnKind.Boolean;
    public override int EncodedWidth => 1;
    public override CategoricalColumn WithCodes(int[] codes) => new BooleanColumn(Name, codes) { KindDeclared = KindDeclared, DerivedBy = DerivedBy };

    /// <summary>Whether a text is a boolean word: true/false, t/f, yes/no, y/n (any case; with <paramref name="digits"/> also 1/0).</summary>
    public static bool TryParse(ReadOnlySpan<char> s, bool digits, out bool value)
    {
        s = s.Trim();
        if (s.Equals("true", StringComparison.OrdinalIgnoreCase) || s.Equals("yes", StringComparison.OrdinalIgnoreCase) ||
            s.Equals("t", StringComparison.OrdinalIgnoreCase) || s.Equals("y", StringComparison.OrdinalIgnoreCase) || digits && s.SequenceEqual("1"))
        { value = true; return true; }
        if (s.Equals("false", StringComparison.OrdinalIgnoreCase) || s.Equals("no", StringComparison.OrdinalIgnoreCase) ||
            s.Equals("f", StringComparison.OrdinalIgnoreCase) || s.Equals("n", StringComparison.OrdinalIgnoreCase) || digits && s.SequenceEqual("0"))
        { value = false; return true; }
        value = false;
        return false;
    }
}
