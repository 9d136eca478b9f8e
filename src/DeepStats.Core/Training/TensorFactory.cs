using DeepStats.Core.Data;
using static TorchSharp.torch;

namespace DeepStats.Core.Training;

/// <summary>
/// Builds float32 feature tensors and int64 label tensors from the rows of a dataset view (the dataset plus row
/// indices: the rows are read in place, no column is copied), checking that every value fits. Every tensor is
/// allocated by libtorch and filled in blocks of rows, never wrapped around a managed array: libtorch's own
/// allocation is aligned the same way on every call, so the kernels it picks (and the bits they give) do not
/// depend on where the garbage collector put an array, and no full managed copy of the tensor is made on the way.
/// </summary>
public static class TensorFactory
{
    private const int BlockRows = 8192;

    /// <summary>Features of every row of <paramref name="data"/>.</summary>
    public static Tensor Features(Dataset data) => Features(data.View());

    /// <summary>Features of the view's rows as an N x F (tables: numbers, then one-hot categories in column order),
    /// N x steps x features or N x C x H x W tensor.</summary>
    public static Tensor Features(DatasetView view)
    {
        var data = view.Data;
        int n = view.Count;
        if (data.Images is { } img)
            return Blocks(new long[] { n, img.Channels, img.Height, img.Width }, img.ImageSize, view, (buf, start, len) => Rows(img.Pixels, img.ImageSize, view, start, len, buf));
        if (data.Sequences is { } seq)
            return Blocks(new long[] { n, seq.Steps, seq.Features }, seq.Steps * seq.Features, view, (buf, start, len) => Rows(seq.Values, seq.Steps * seq.Features, view, start, len, buf));
        int f = data.FeatureCount;
        return Blocks(new long[] { n, f }, f, view, (buf, start, len) => TableRows(data, view, start, len, f, buf));
    }

    private static void Rows(float[] values, int width, DatasetView view, int start, int len, float[] buf)
    {
        for (int i = 0; i < len; i++) Array.Copy(values, (long)view.Row(start + i) * width, buf, (long)i * width, width);
    }

    private static void TableRows(Dataset data, DatasetView view, int start, int len, int f, float[] buf)
    {
        Array.Clear(buf, 0, len * f);
        int offset = 0;
        foreach (var col in data.Columns)
        {
            switch (col)
            {
                case NumericColumn num:
                    for (int i = 0; i < len; i++)
                    {
                        int r = view.Row(start + i);
                        double v = num.Values[r];
                        if (double.IsNaN(v))
                            throw MissingValues(col, r);
                        if (Math.Abs(v) > float.MaxValue)
                            throw new DeepStatsException("ValueOverflowsFloat32", FailureKind.InvalidData,
                                $"Column '{col.Name}', row {r + 1}: {v:R} does not fit in float32 (largest {float.MaxValue:R}). Rescale the column before training.", col.Name);
                        buf[i * f + offset] = (float)v;
                    }
                    offset++;
                    break;
                case CategoricalColumn cat:
                    for (int i = 0; i < len; i++)
                    {
                        int r = view.Row(start + i);
                        int c = cat.Codes[r];
                        if (c < 0)
                            throw MissingValues(col, r);
                        // booleans are one 0/1 input; index encoding is one input holding the level index; one-hot is one input per level
                        if (cat is BooleanColumn || cat.Encoding == CategoryEncoding.Index) buf[i * f + offset] = c;
                        else buf[i * f + offset + c] = 1f;
                    }
                    offset += cat.EncodedWidth;
                    break;
            }
        }
    }

    /// <summary>A libtorch-owned tensor of <paramref name="shape"/>, filled a block of rows at a time by <paramref name="fill"/>
    /// (buffer, first view row, row count).</summary>
    private static Tensor Blocks<T>(long[] shape, int width, DatasetView view, Action<T[], int, int> fill) where T : unmanaged
    {
        int n = view.Count;
        var t = empty(shape, typeof(T) == typeof(long) ? ScalarType.Int64 : ScalarType.Float32);
        try
        {
            if (n == 0 || width == 0) return t;
            int block = Math.Max(1, Math.Min(n, BlockRows * 16 / Math.Max(1, width)));
            var buf = new T[(long)block * width];
            using var acc = t.data<T>();
            for (int start = 0; start < n; start += block)
            {
                int len = Math.Min(block, n - start);
                fill(buf, start, len);
                acc.CopyFrom(buf.AsSpan(0, len * width), 0, (long)start * width);
            }
            return t;
        }
        catch
        {
            t.Dispose();
            throw;
        }
    }

    private static Tensor Blocks(long[] shape, int width, DatasetView view, Action<float[], int, int> fill) => Blocks<float>(shape, width, view, fill);

    /// <summary>Regression targets of the view's rows as a float32 vector, optionally standardized ((y - mean) / sd); a missing value is an error.</summary>
    public static Tensor Values(DatasetView view, double mean = 0, double sd = 1)
    {
        var data = view.Data;
        var t = data.Target ?? throw NoTarget(data);
        var v = t.Values ?? throw new DeepStatsException(ErrorIds.NotRegression, FailureKind.InvalidOperation, $"Target '{t.Name}' holds classes, not numbers.", t.Name);
        return Blocks<float>(new long[] { view.Count }, 1, view, (y, start, len) =>
        {
            for (int i = 0; i < len; i++)
            {
                int r = view.Row(start + i);
                if (double.IsNaN(v[r]))
                    throw new DeepStatsException(ErrorIds.MissingLabels, FailureKind.InvalidData,
                        $"Target '{t.Name}' has {t.MissingCount} missing value(s) (first at row {r + 1}). Rows without a target cannot be used for training or testing.", t.Name);
                y[i] = (float)((v[r] - mean) / sd);
            }
        });
    }

    private static DeepStatsException MissingValues(DataColumn col, int row) => new("MissingValues", FailureKind.InvalidData,
        $"Column '{col.Name}' has {col.MissingCount} missing value(s) (first at row {row + 1}); a network cannot take them. " +
        "Impute them (ConvertTo-Imputed), exclude the column (-Exclude), or import with -DropMissing to drop incomplete rows explicitly.", col.Name);

    private static DeepStatsException NoTarget(Dataset data) => new("NoTarget", FailureKind.InvalidData,
        $"Dataset '{data.Name}' has no target column. Import it with -Target <column>.", data);

    /// <summary>Class indices of the view's rows as an int64 vector; a missing label is an error.</summary>
    public static Tensor Labels(DatasetView view)
    {
        var data = view.Data;
        var t = data.Target ?? throw NoTarget(data);
        return Blocks<long>(new long[] { view.Count }, 1, view, (labels, start, len) =>
        {
            for (int i = 0; i < len; i++)
            {
                int r = view.Row(start + i);
                if (t.Labels[r] < 0)
                    throw new DeepStatsException(ErrorIds.MissingLabels, FailureKind.InvalidData,
                        $"Target '{t.Name}' has {t.MissingCount} missing label(s) (first at row {r + 1}). Rows without a label cannot be used for training or testing; import with -DropMissing to drop them explicitly.", t.Name);
                labels[i] = t.Labels[r];
            }
        });
    }
}
