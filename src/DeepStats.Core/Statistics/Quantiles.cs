namespace DeepStats.Core.Statistics;

/// <summary>
/// Sample quantiles of sorted data by linear interpolation between order statistics: Hyndman and
/// Fan (1996) type 7, the default of R, numpy (<c>linear</c>) and pandas. For probability p and n
/// sorted values x[0..n-1]: h = (n - 1) p, Q(p) = x[floor h] + (h - floor h) (x[floor h + 1] - x[floor h]).
/// </summary>
public static class Quantiles
{
    public const string Method = "Hyndman-Fan type 7 (linear)";

    /// <summary>The type 7 quantile of ascending <paramref name="sorted"/> (no NaN); NaN when empty.</summary>
    public static double Type7(ReadOnlySpan<double> sorted, double p)
    {
        if (p is < 0 or > 1 || double.IsNaN(p)) throw new ArgumentOutOfRangeException(nameof(p), "A probability must be between 0 and 1.");
        int n = sorted.Length;
        if (n == 0) return double.NaN;
        double h = (n - 1) * p;
        int lo = (int)Math.Floor(h);
        if (lo >= n - 1) return sorted[n - 1];
        double frac = h - lo;
        double a = sorted[lo], b = sorted[lo + 1];
        // a + frac (b - a) is exact at frac = 0 and stays between a and b.
        return frac == 0 ? a : a + frac * (b - a);
    }

    /// <summary>
    /// Sorts the first <paramref name="length"/> doubles ascending in place (no NaN allowed). Small
    /// inputs use <see cref="Array.Sort(Array)"/>. Larger ones are distributed by value into about
    /// n / 16 equal-width buckets between <paramref name="min"/> and <paramref name="max"/> (bucket
    /// index (x - min) * scale is monotone in x, so buckets are ordered), then each bucket is sorted:
    /// insertion sort for the usual handful of values, an LSD radix sort for crowded buckets (heavy
    /// tails, ties). O(n) for smooth data, never worse than the radix sort. Scratch space comes from
    /// <see cref="System.Buffers.ArrayPool{T}"/>.
    /// </summary>
    public static void Sort(double[] values, int length, double min, double max)
    {
        if (length < 4096) { Array.Sort(values, 0, length); return; }
        double range = max - min;
        if (!(range > 0) || double.IsInfinity(range)) { if (range > 0 || double.IsNaN(range)) RadixSort(values, 0, length); return; }
        int buckets = Math.Min(1 << 16, length / 16);
        double scale = buckets / range * (1 - 1e-12);
        if (double.IsInfinity(scale)) { RadixSort(values, 0, length); return; } // subnormal range
        var pool = System.Buffers.ArrayPool<int>.Shared;
        var start = pool.Rent(buckets + 1);
        var tmp = System.Buffers.ArrayPool<double>.Shared.Rent(length);
        try
        {
            Array.Clear(start, 0, buckets + 1);
            for (int i = 0; i < length; i++)
            {
                int b = (int)((values[i] - min) * scale);
                if (b >= buckets) b = buckets - 1;
                start[b + 1]++;
            }
            for (int b = 0; b < buckets; b++) start[b + 1] += start[b];
            // scatter: start[b] walks from the bucket's first slot to the next bucket's first slot
            for (int i = 0; i < length; i++)
            {
                double x = values[i];
                int b = (int)((x - min) * scale);
                if (b >= buckets) b = buckets - 1;
                tmp[start[b]++] = x;
            }
            // start[b] is now the end of bucket b (= the start of bucket b + 1)
            int from = 0;
            for (int b = 0; b < buckets; b++)
            {
                int to = start[b], len = to - from;
                if (len > 1)
                {
                    if (len <= 48) InsertionSort(tmp, from, to);
                    else if (len < 4096) Array.Sort(tmp, from, len);
                    else RadixSort(tmp, from, len);
                }
                from = to;
            }
            Array.Copy(tmp, values, length);
        }
        finally
        {
            pool.Return(start);
            System.Buffers.ArrayPool<double>.Shared.Return(tmp);
        }
    }

    /// <summary>Sorts ascending in place (no NaN): <see cref="Sort(double[], int, double, double)"/> with the range found first.</summary>
    public static void Sort(double[] values, int length)
    {
        double min = double.PositiveInfinity, max = double.NegativeInfinity;
        for (int i = 0; i < length; i++) { if (values[i] < min) min = values[i]; if (values[i] > max) max = values[i]; }
        Sort(values, length, min, max);
    }

    private static void InsertionSort(double[] a, int from, int to)
    {
        for (int i = from + 1; i < to; i++)
        {
            double x = a[i];
            int j = i - 1;
            while (j >= from && a[j] > x) { a[j + 1] = a[j]; j--; }
            a[j + 1] = x;
        }
    }

    /// <summary>
    /// LSD radix sort of a[from..from+length) on the IEEE-754 bit patterns mapped to
    /// order-preserving unsigned keys, 11 bits per pass; all digit histograms come from one pass and
    /// passes where every key has the same digit are skipped.
    /// </summary>
    private static void RadixSort(double[] a, int from, int length)
    {
        var pool = System.Buffers.ArrayPool<ulong>.Shared;
        var keys = pool.Rent(length);
        var tmp = pool.Rent(length);
        const int Bits = 11, Buckets = 1 << Bits, Passes = 6;
        var count = new int[Passes * Buckets];
        try
        {
            for (int i = 0; i < length; i++)
            {
                ulong u = (ulong)BitConverter.DoubleToInt64Bits(a[from + i]);
                // negative: flip all bits; positive: set the sign bit (-0.0 sorts just below +0.0)
                ulong k = (u & 0x8000_0000_0000_0000UL) != 0 ? ~u : u | 0x8000_0000_0000_0000UL;
                keys[i] = k;
                for (int p = 0; p < Passes; p++) count[p * Buckets + (int)((k >> (p * Bits)) & (Buckets - 1))]++;
            }
            for (int p = 0; p < Passes; p++)
            {
                int shift = p * Bits, baseIndex = p * Buckets;
                if (count[baseIndex + (int)((keys[0] >> shift) & (Buckets - 1))] == length) continue; // one digit only
                int sum = 0;
                for (int b = 0; b < Buckets; b++) { int c = count[baseIndex + b]; count[baseIndex + b] = sum; sum += c; }
                for (int i = 0; i < length; i++) tmp[count[baseIndex + (int)((keys[i] >> shift) & (Buckets - 1))]++] = keys[i];
                (keys, tmp) = (tmp, keys);
            }
            for (int i = 0; i < length; i++)
            {
                ulong k = keys[i];
                ulong u = (k & 0x8000_0000_0000_0000UL) != 0 ? k & 0x7FFF_FFFF_FFFF_FFFFUL : ~k;
                a[from + i] = BitConverter.Int64BitsToDouble((long)u);
            }
        }
        finally
        {
            pool.Return(keys);
            pool.Return(tmp);
        }
    }
}
