using System.Buffers;

namespace DeepStats.Core.Statistics;

/// <summary>
/// The present (non-NaN) values of a column arranged for exact order statistics and an exact
/// distinct count without always sorting all of them. Values are distributed by value into about
/// n / 16 equal-width buckets between min and max (the bucket index (x - min) * scale is monotone
/// in x, so bucket b holds only values below those of bucket b + 1). Equal values share a bucket,
/// so distinct values are counted per bucket (pairwise for a handful, after sorting for crowded
/// buckets), and the k-th smallest value is found by sorting only the bucket that holds rank k.
/// With <c>fullSort</c> (needed for Shapiro-Wilk) every bucket is sorted and <see cref="Sorted"/>
/// is available. Buffers come from <see cref="ArrayPool{T}"/>; dispose to return them.
/// </summary>
public sealed class OrderStatistics : IDisposable
{
    private double[] _data;
    private int[]? _ends;      // _ends[b] = one past the last index of bucket b; null when fully sorted
    private bool[]? _sortedBucket;
    private readonly int _buckets;
    private bool _pooled = true; // false when the caller lent the buffer

    public int Count { get; }
    public int Distinct { get; }
    public bool FullySorted => _ends is null;

    /// <summary>The values, ascending when <see cref="FullySorted"/>, otherwise in bucket order.</summary>
    public ReadOnlySpan<double> Values => new(_data, 0, Count);

    public ReadOnlySpan<double> Sorted =>
        FullySorted ? Values : throw new InvalidOperationException("The values were not fully sorted.");

    private OrderStatistics(double[] data, int count, int[]? ends, int buckets, int distinct)
    {
        _data = data; Count = count; _ends = ends; _buckets = buckets; Distinct = distinct;
        if (ends is not null) _sortedBucket = new bool[buckets];
    }

    /// <summary>Arranges the <paramref name="present"/> non-NaN values of <paramref name="values"/>, whose extremes are min and max.</summary>
    public static OrderStatistics Build(ReadOnlySpan<double> values, int present, double min, double max, bool fullSort) =>
        Build(values, present, min, max, fullSort, null);

    /// <summary>
    /// As <see cref="Build(ReadOnlySpan{double}, int, double, double, bool)"/>, arranging the values in <paramref name="buffer"/> when it
    /// is given and large enough (a buffer reused column after column keeps the peak memory at one column; a pooled one
    /// is rounded up to a power of two and may stay cached). The buffer is the caller's again after Dispose.
    /// </summary>
    public static OrderStatistics Build(ReadOnlySpan<double> values, int present, double min, double max, bool fullSort, double[]? buffer)
    {
        bool lent = buffer is not null && buffer.Length >= Math.Max(1, present);
        var r = BuildCore(values, present, min, max, fullSort, lent ? buffer! : ArrayPool<double>.Shared.Rent(Math.Max(1, present)));
        r._pooled = !lent;
        return r;
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)] // hot loops: optimised JIT at once, no tiering
    private static OrderStatistics BuildCore(ReadOnlySpan<double> values, int present, double min, double max, bool fullSort, double[] data)
    {
        double range = max - min;
        int buckets = Math.Min(1 << 16, present / 16);
        double scale = buckets / range * (1 - 1e-12);
        if (present < 4096 || !(range > 0) || double.IsInfinity(range) || double.IsInfinity(scale))
        {
            int k = 0;
            foreach (var x in values) if (!double.IsNaN(x)) data[k++] = x;
            if (present < 4096) Array.Sort(data, 0, present);
            else if (range > 0 || double.IsNaN(range)) Quantiles.SortRange(data, 0, present); // range 0: all equal
            return new OrderStatistics(data, present, null, 0, CountSortedDistinct(data, 0, present));
        }
        var ends = ArrayPool<int>.Shared.Rent(buckets + 1);
        Array.Clear(ends, 0, buckets + 1);
        foreach (var x in values)
        {
            if (double.IsNaN(x)) continue;
            int b = (int)((x - min) * scale);
            if (b >= buckets) b = buckets - 1;
            ends[b + 1]++;
        }
        for (int b = 0; b < buckets; b++) ends[b + 1] += ends[b];
        // scatter: ends[b] walks from the bucket's first slot to its end
        foreach (var x in values)
        {
            if (double.IsNaN(x)) continue;
            int b = (int)((x - min) * scale);
            if (b >= buckets) b = buckets - 1;
            data[ends[b]++] = x;
        }
        int distinct = 0, from = 0;
        for (int b = 0; b < buckets; b++)
        {
            int to = ends[b], len = to - from;
            if (len == 1) distinct++;
            else if (len > 1)
            {
                if (fullSort || len > 16)
                {
                    SortBucket(data, from, len);
                    distinct += CountSortedDistinct(data, from, to);
                }
                else
                {
                    for (int i = from; i < to; i++)
                    {
                        double x = data[i];
                        int j = from;
                        while (j < i && data[j] != x) j++;
                        if (j == i) distinct++;
                    }
                }
            }
            from = to;
        }
        if (fullSort)
        {
            ArrayPool<int>.Shared.Return(ends);
            return new OrderStatistics(data, present, null, 0, distinct);
        }
        return new OrderStatistics(data, present, ends, buckets, distinct);
    }

    /// <summary>The k-th smallest value (0-based).</summary>
    public double this[int k]
    {
        get
        {
            if ((uint)k >= (uint)Count) throw new ArgumentOutOfRangeException(nameof(k));
            if (_ends is null) return _data[k];
            // first bucket whose end is beyond k
            int lo = 0, hi = _buckets - 1;
            while (lo < hi)
            {
                int mid = (lo + hi) >>> 1;
                if (_ends[mid] > k) hi = mid; else lo = mid + 1;
            }
            if (!_sortedBucket![lo])
            {
                int from = lo == 0 ? 0 : _ends[lo - 1];
                SortBucket(_data, from, _ends[lo] - from);
                _sortedBucket[lo] = true;
            }
            return _data[k];
        }
    }

    /// <summary>Hyndman-Fan type 7 quantile (see <see cref="Quantiles.Type7"/>).</summary>
    public double Quantile(double p)
    {
        if (Count == 0) return double.NaN;
        if (FullySorted) return Quantiles.Type7(Sorted, p);
        double h = (Count - 1) * p;
        int lo = (int)Math.Floor(h);
        if (lo >= Count - 1) return this[Count - 1];
        double frac = h - lo, a = this[lo];
        if (frac == 0) return a;
        double b = this[lo + 1];
        return a == b ? a : Quantiles.Interpolate(a, b, frac);
    }

    private static void SortBucket(double[] a, int from, int len)
    {
        if (len <= 24)
        {
            for (int i = from + 1; i < from + len; i++)
            {
                double x = a[i];
                int j = i - 1;
                while (j >= from && a[j] > x) { a[j + 1] = a[j]; j--; }
                a[j + 1] = x;
            }
        }
        else if (len < 4096) Array.Sort(a, from, len);
        else Quantiles.SortRange(a, from, len);
    }

    private static int CountSortedDistinct(double[] a, int from, int to)
    {
        int d = 0;
        double prev = double.NaN;
        for (int i = from; i < to; i++) if (a[i] != prev) { d++; prev = a[i]; }
        return d;
    }

    public void Dispose()
    {
        if (_ends is not null) ArrayPool<int>.Shared.Return(_ends);
        _ends = null;
        if (_data.Length > 0 && _pooled) ArrayPool<double>.Shared.Return(_data);
        _data = Array.Empty<double>();
    }
}
