namespace DeepStats.Core.Data;

/// <summary>
/// A cheap view of some rows of a dataset: the dataset plus an array of row indices (null: every
/// row, in order). Splits, folds and fitting read through it, so holding rows out copies no
/// column; <see cref="Materialize"/> makes a real dataset only when one is asked for.
/// </summary>
public sealed class DatasetView
{
    public DatasetView(Dataset data, int[]? rows = null)
    {
        Data = data;
        Rows = rows;
        if (rows is not null)
            foreach (var r in rows)
                if ((uint)r >= (uint)data.RowCount)
                    throw new ArgumentOutOfRangeException(nameof(rows), $"Row {r} is outside the {data.RowCount} rows of '{data.Name}'.");
    }

    public Dataset Data { get; }
    /// <summary>0-based rows of <see cref="Data"/> in view order; null for all rows.</summary>
    public int[]? Rows { get; }
    public int Count => Rows?.Length ?? Data.RowCount;
    /// <summary>The row of <see cref="Data"/> behind the view's i-th row.</summary>
    public int Row(int i) => Rows is null ? i : Rows[i];

    /// <summary>The view of some of this view's rows (indices into the view), composed so it still points at <see cref="Data"/>.</summary>
    public DatasetView Select(ReadOnlySpan<int> rows)
    {
        var composed = new int[rows.Length];
        for (int i = 0; i < rows.Length; i++) composed[i] = Row(rows[i]);
        return new DatasetView(Data, composed);
    }

    /// <summary>The values of a numeric column at the view's rows (NaN kept).</summary>
    public double[] Gather(NumericColumn column)
    {
        var v = new double[Count];
        for (int i = 0; i < v.Length; i++) v[i] = column.Values[Row(i)];
        return v;
    }

    /// <summary>The dataset's fingerprint for a view of every row; otherwise a SHA-256 (first 16 hex digits) over the dataset's
    /// fingerprint and the row indices: the same rows of the same data, the same fingerprint.</summary>
    public string Fingerprint
    {
        get
        {
            if (Rows is null) return Data.Fingerprint;
            using var h = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);
            h.AppendData(System.Text.Encoding.UTF8.GetBytes(Data.Fingerprint + "\0"));
            h.AppendData(System.Runtime.InteropServices.MemoryMarshal.AsBytes(Rows.AsSpan()));
            return Convert.ToHexString(h.GetHashAndReset())[..16].ToLowerInvariant();
        }
    }

    /// <summary>A dataset holding the view's rows (a copy; the whole dataset itself when the view is every row).</summary>
    public Dataset Materialize() => Rows is null ? Data : Data.Select(Rows);

    public override string ToString() => $"{Count} of the {Data.RowCount} rows of {Data.Name}";
}
