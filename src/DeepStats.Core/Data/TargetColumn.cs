namespace DeepStats.Core.Data;

/// <summary>
/// The column a model learns to predict. For classification the labels are class indices into
/// <see cref="Classes"/> (sorted ordinally, or in the order a source defines, such as IDX digit
/// labels); -1 marks a missing label.
/// </summary>
public sealed class TargetColumn
{
    public TargetColumn(string name, int[] labels, string[] classes)
    {
        Name = name;
        Labels = labels;
        Classes = classes;
    }

    public string Name { get; }
    public int[] Labels { get; }
    public string[] Classes { get; }
    public int ClassCount => Classes.Length;
    public int Length => Labels.Length;
    public int MissingCount => Labels.Count(l => l < 0);

    public TargetColumn Select(ReadOnlySpan<int> rows)
    {
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
