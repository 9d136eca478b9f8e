namespace DeepStats.Core.Data;

/// <summary>How a column's values are stored and turned into model inputs.</summary>
public enum ColumnKind
{
    /// <summary>Numbers, stored as float64; a missing value is NaN.</summary>
    Numeric,
    /// <summary>Text labels, stored as codes into a sorted level list; a missing value is code -1.</summary>
    Categorical,
}

/// <summary>One feature column of a <see cref="Dataset"/>: a name, a kind and typed storage.</summary>
public abstract class DataColumn
{
    protected DataColumn(string name) => Name = name;

    public string Name { get; }
    public abstract ColumnKind Kind { get; }
    public abstract int Length { get; }
    public abstract int MissingCount { get; }
    public abstract bool IsMissing(int row);

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
        return new NumericColumn(Name, v);
    }
}

/// <summary>A categorical column: codes into <see cref="Levels"/> (sorted ordinally), -1 for missing.</summary>
public sealed class CategoricalColumn : DataColumn
{
    public CategoricalColumn(string name, int[] codes, string[] levels) : base(name)
    {
        Codes = codes;
        Levels = levels;
        int m = 0;
        foreach (var c in codes) if (c < 0) m++;
        MissingCount = m;
    }

    public int[] Codes { get; }
    public string[] Levels { get; }
    public override ColumnKind Kind => ColumnKind.Categorical;
    public override int Length => Codes.Length;
    public override int MissingCount { get; }
    public override int EncodedWidth => Levels.Length;
    public override bool IsMissing(int row) => Codes[row] < 0;

    public override DataColumn Select(ReadOnlySpan<int> rows)
    {
        var c = new int[rows.Length];
        for (int i = 0; i < rows.Length; i++) c[i] = Codes[rows[i]];
        return new CategoricalColumn(Name, c, Levels);
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
}
