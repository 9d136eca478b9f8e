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
        // a + frac (b - a) is exact at frac = 0 and stays between a and b (a == b also covers infinite ties).
        return frac == 0 || a == b ? a : Interpolate(a, b, frac);
    }

    /// <summary>a + frac (b - a); when b - a overflows (a and b near opposite float64 limits), (1 - frac) a + frac b.</summary>
    internal static double Interpolate(double a, double b, double frac)
    {
        double r = a + frac * (b - a);
        return double.IsFinite(r) || !double.IsFinite(a) || !double.IsFinite(b) ? r : (1 - frac) * a + frac * b;
    }

    /// <summary>
    /// Sorts the first <paramref name="length"/> values ascending in place (no NaN allowed), through
    /// <see cref="OrderStatistics"/> (bucketing by value, then sorting every bucket): O(n) for smooth data.
    /// </summary>
    public static void Sort(double[] values, int length)
    {
        double min = double.PositiveInfinity, max = double.NegativeInfinity;
        for (int i = 0; i < length; i++) { if (values[i] < min) min = values[i]; if (values[i] > max) max = values[i]; }
        using var sorted = OrderStatistics.Build(values.AsSpan(0, length), length, min, max, fullSort: true);
        sorted.Sorted.CopyTo(values);
    }

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
