namespace DeepStats.Core.Data;

/// <summary>
/// The column a model learns to predict. For classification the labels are class indices into
/// <see cref="Classes"/> (sorted ordinally, numerically for numeric labels, or in the order a source
/// defines, such as IDX digit labels); -1 marks a missing label. For regression the target is
/// <see cref="Values"/> (float64, NaN marks a missing value).
/// </summary>
public sealed class TargetColumn
{
    public TargetColumn(string name, int[] labels, string[] classes)
    {
        Name = name;
        Labels = labels;
        Classes = classes;
        Kind = TargetKind.Classification;
    }

    /// <summary>A numeric (regression) target.</summary>
    public TargetColumn(string name, double[] values)
    {
        Name = name;
        Values = values;
        Labels = Array.Empty<int>();
        Classes = Array.Empty<string>();
        Kind = TargetKind.Regression;
    }

    public string Name { get; }
    public TargetKind Kind { get; }
    public int[] Labels { get; }
    public string[] Classes { get; }
    public double[]? Values { get; }
    public int ClassCount => Classes.Length;
    public int Length => Values?.Length ?? Labels.Length;
    public bool IsMissing(int row) => Values is { } v ? double.IsNaN(v[row]) : Labels[row] < 0;
    public int MissingCount => Enumerable.Range(0, Length).Count(IsMissing);

    public TargetColumn Select(ReadOnlySpan<int> rows)
    {
        if (Values is { } v)
        {
            var s = new double[rows.Length];
            for (int i = 0; i < rows.Length; i++) s[i] = v[rows[i]];
            return new TargetColumn(Name, s);
        }
        var l = new int[rows.Length];
        for (int i = 0; i < rows.Length; i++) l[i] = Labels[rows[i]];
        return new TargetColumn(Name, l, Classes);
    }

    /// <summary>Counts per class, in class order.</summary>
    public int[] ClassCounts()
    {
        var counts = new int[Classes.Length];
        foreach (var l in Labels) if (l >= 0) counts[l]++;
        return counts;
    }

    public static TargetColumn FromCategorical(CategoricalColumn column) => new(column.Name, column.Codes, column.Levels);
}
