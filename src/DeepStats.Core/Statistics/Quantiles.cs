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
    /// Writes the <paramref name="present"/> non-NaN values of <paramref name="values"/> into
    /// <paramref name="dest"/>[0..present) in ascending order; <paramref name="min"/> and
    /// <paramref name="max"/> are their extremes. Small inputs are copied and sorted with
    /// <see cref="Array.Sort(Array)"/>. Larger ones are distributed straight from the input by value
    /// into about n / 4 equal-width buckets (at most 2^18) between min and max (the bucket index
    /// (x - min) * scale is monotone in x, so buckets are ordered), then each bucket is sorted:
    /// insertion sort for the usual handful of values, <see cref="Array.Sort(Array)"/> or an LSD radix
    /// sort for crowded buckets (heavy tails, ties). O(n) for smooth data, never worse than the radix
    /// sort; infinite ranges go to the radix sort.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)] // hot loops: optimised JIT at once, no tiering
    public static void SortPresent(ReadOnlySpan<double> values, double[] dest, int present, double min, double max)
    {
        double range = max - min;
        int buckets = Math.Min(1 << 18, present / 4);
        double scale = buckets / range * (1 - 1e-12);
        if (present < 4096 || !(range > 0) || double.IsInfinity(range) || double.IsInfinity(scale))
        {
            int k = 0;
            foreach (var x in values) if (!double.IsNaN(x)) dest[k++] = x;
            if (present < 4096) Array.Sort(dest, 0, present);
            else if (range > 0 || double.IsNaN(range)) RadixSort(dest, 0, present); // range 0: all equal, already sorted
            return;
        }
        var start = System.Buffers.ArrayPool<int>.Shared.Rent(buckets + 1);
        try
        {
            Array.Clear(start, 0, buckets + 1);
            foreach (var x in values)
            {
                if (double.IsNaN(x)) continue;
                int b = (int)((x - min) * scale);
                if (b >= buckets) b = buckets - 1;
                start[b + 1]++;
            }
            for (int b = 0; b < buckets; b++) start[b + 1] += start[b];
            // scatter: start[b] walks from the bucket's first slot to the next bucket's first slot
            foreach (var x in values)
            {
                if (double.IsNaN(x)) continue;
                int b = (int)((x - min) * scale);
                if (b >= buckets) b = buckets - 1;
                dest[start[b]++] = x;
            }
            // start[b] is now the end of bucket b
            int from = 0;
            for (int b = 0; b < buckets; b++)
            {
                int to = start[b], len = to - from;
                if (len > 1)
                {
                    if (len <= 48) InsertionSort(dest, from, to);
                    else if (len < 4096) Array.Sort(dest, from, len);
                    else RadixSort(dest, from, len);
                }
                from = to;
            }
        }
        finally
        {
            System.Buffers.ArrayPool<int>.Shared.Return(start);
        }
    }

    /// <summary>Sorts the first <paramref name="length"/> values ascending in place (no NaN allowed).</summary>
    public static void Sort(double[] values, int length)
    {
        double min = double.PositiveInfinity, max = double.NegativeInfinity;
        for (int i = 0; i < length; i++) { if (values[i] < min) min = values[i]; if (values[i] > max) max = values[i]; }
        var copy = values.AsSpan(0, length).ToArray();
        SortPresent(copy, values, length, min, max);
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
    /// <summary>Sorts a[from..from+length) ascending (no NaN) with the LSD radix sort.</summary>
    public static void SortRange(double[] a, int from, int length) => RadixSort(a, from, length);

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)] // hot loops: optimised JIT at once, no tiering
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
