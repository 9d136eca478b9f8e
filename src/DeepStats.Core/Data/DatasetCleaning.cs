namespace DeepStats.Core.Data;

/// <summary>Explicit, reported row removal.</summary>
public static class DatasetCleaning
{
    /// <summary>Rows (0-based) that have a missing feature value or a missing target label.</summary>
    public static int[] IncompleteRows(Dataset data) =>
        Enumerable.Range(0, data.RowCount)
            .Where(i => data.Columns.Any(c => c.IsMissing(i)) || data.Target is { } t && t.IsMissing(i))
            .ToArray();

    /// <summary>A copy without the incomplete rows, and which rows were dropped (0-based), so the caller can report them.</summary>
    public static (Dataset Data, int[] Dropped) DropIncompleteRows(Dataset data)
    {
        var dropped = IncompleteRows(data);
        if (dropped.Length == 0) return (data, dropped);
        var drop = new HashSet<int>(dropped);
        var keep = Enumerable.Range(0, data.RowCount).Where(i => !drop.Contains(i)).ToArray();
        return (data.Select(keep), dropped);
    }
}
