using DeepStats.Core.Data;
using static TorchSharp.torch;

namespace DeepStats.Core.Training;

/// <summary>Builds float32 feature tensors and int64 label tensors from a dataset, checking that every value fits.</summary>
public static class TensorFactory
{
    /// <summary>Features as an N x F (tables: numbers, then one-hot categories in column order) or N x C x H x W tensor,
    /// of the given rows (a view: read in place, no copy of the columns) or of every row.</summary>
    public static Tensor Features(Dataset data, int[]? rows = null)
    {
        if (data.Images is { } img)
            return rows is null ? tensor(img.Pixels, new long[] { img.Count, img.Channels, img.Height, img.Width })
                : tensor(ImageBlock.SelectRows(img.Pixels, img.ImageSize, rows), new long[] { rows.Length, img.Channels, img.Height, img.Width });
        if (data.Sequences is { } seq)
            return rows is null ? tensor(seq.Values, new long[] { seq.Count, seq.Steps, seq.Features })
                : tensor(ImageBlock.SelectRows(seq.Values, seq.Steps * seq.Features, rows), new long[] { rows.Length, seq.Steps, seq.Features });
        int n = rows?.Length ?? data.RowCount, f = data.FeatureCount;
        var buf = new float[(long)n * f];
        int offset = 0;
        foreach (var col in data.Columns)
        {
            switch (col)
            {
                case NumericColumn num:
                    for (int i = 0; i < n; i++)
                    {
                        int r = rows?[i] ?? i;
                        double v = num.Values[r];
                        if (double.IsNaN(v))
                            throw MissingValues(col, r);
                        if (Math.Abs(v) > float.MaxValue)
                            throw new DeepStatsException("ValueOverflowsFloat32", FailureKind.InvalidData,
                                $"Column '{col.Name}', row {r + 1}: {v:R} does not fit in float32 (largest {float.MaxValue:R}). Rescale the column before training.", col.Name);
                        buf[(long)i * f + offset] = (float)v;
                    }
                    offset++;
                    break;
                case CategoricalColumn cat:
                    for (int i = 0; i < n; i++)
                    {
                        int c = cat.Codes[rows?[i] ?? i];
                        if (c < 0)
                            throw MissingValues(col, rows?[i] ?? i);
                        // booleans are one 0/1 input; index encoding is one input holding the level index; one-hot is one input per level
                        if (cat is BooleanColumn || cat.Encoding == CategoryEncoding.Index) buf[(long)i * f + offset] = c;
                        else buf[(long)i * f + offset + c] = 1f;
                    }
                    offset += cat.EncodedWidth;
                    break;
            }
        }
        return tensor(buf, new long[] { n, f });
    }

    /// <summary>Regression targets as a float32 vector, optionally standardized ((y - mean) / sd); a missing value is an error.</summary>
    public static Tensor Values(Dataset data, double mean = 0, double sd = 1, int[]? rows = null)
    {
        var t = data.Target ?? throw NoTarget(data);
        var v = t.Values ?? throw new DeepStatsException(ErrorIds.NotRegression, FailureKind.InvalidOperation, $"Target '{t.Name}' holds classes, not numbers.", t.Name);
        var y = new float[rows?.Length ?? v.Length];
        for (int i = 0; i < y.Length; i++)
        {
            int r = rows?[i] ?? i;
            if (double.IsNaN(v[r]))
                throw new DeepStatsException(ErrorIds.MissingLabels, FailureKind.InvalidData,
                    $"Target '{t.Name}' has {t.MissingCount} missing value(s) (first at row {r + 1}). Rows without a target cannot be used for training or testing.", t.Name);
            y[i] = (float)((v[r] - mean) / sd);
        }
        return tensor(y);
    }

    private static DeepStatsException MissingValues(DataColumn col, int row) => new("MissingValues", FailureKind.InvalidData,
        $"Column '{col.Name}' has {col.MissingCount} missing value(s) (first at row {row + 1}); a network cannot take them. " +
        "Impute them (ConvertTo-Imputed), exclude the column (-Exclude), or import with -DropMissing to drop incomplete rows explicitly.", col.Name);

    private static DeepStatsException NoTarget(Dataset data) => new("NoTarget", FailureKind.InvalidData,
        $"Dataset '{data.Name}' has no target column. Import it with -Target <column>.", data);

    /// <summary>Class indices as an int64 vector; a missing label is an error.</summary>
    public static Tensor Labels(Dataset data, int[]? rows = null)
    {
        var t = data.Target ?? throw NoTarget(data);
        var labels = new long[rows?.Length ?? t.Length];
        for (int i = 0; i < labels.Length; i++)
        {
            int r = rows?[i] ?? i;
            if (t.Labels[r] < 0)
                throw new DeepStatsException(ErrorIds.MissingLabels, FailureKind.InvalidData,
                    $"Target '{t.Name}' has {t.MissingCount} missing label(s) (first at row {r + 1}). Rows without a label cannot be used for training or testing; import with -DropMissing to drop them explicitly.", t.Name);
            labels[i] = t.Labels[r];
        }
        return tensor(labels);
    }
}
