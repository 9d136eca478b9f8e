namespace DeepStats.Core.Statistics;

/// <summary>
/// Count, mean, variance, min and max of a span, NaN values skipped. Two passes: a compensated
/// (Neumaier) sum for the mean, then the corrected two-pass sum of squared deviations
/// (Chan, Golub and LeVeque 1983), which keeps about 15 significant digits even when the mean is
/// large against the spread (NIST StRD NumAcc4).
/// </summary>
public readonly record struct Moments(int Count, double Mean, double SampleVariance, double Min, double Max)
{
    /// <summary>One pass: the count of non-NaN values, their compensated (Neumaier) sum, minimum and maximum.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public static (int Count, double Sum, double Min, double Max) SumAndRange(ReadOnlySpan<double> values)
    {
        int n = 0;
        double sum = 0, comp = 0, min = double.PositiveInfinity, max = double.NegativeInfinity;
        foreach (var x in values)
        {
            if (double.IsNaN(x)) continue;
            n++;
            double t = sum + x;
            comp += Math.Abs(sum) >= Math.Abs(x) ? (sum - t) + x : (x - t) + sum;
            sum = t;
            if (x < min) min = x;
            if (x > max) max = x;
        }
        return (n, sum + comp, min, max);
    }

    public static Moments Compute(ReadOnlySpan<double> values)
    {
        var (n, sum, min, max) = SumAndRange(values);
        if (n == 0) return new Moments(0, double.NaN, double.NaN, double.NaN, double.NaN);
        double mean = sum / n;
        double ss = 0, s1 = 0;
        foreach (var x in values)
        {
            if (double.IsNaN(x)) continue;
            double d = x - mean;
            s1 += d;
            ss += d * d;
        }
        mean += s1 / n;
        double variance = n > 1 ? (ss - s1 * s1 / n) / (n - 1) : double.NaN;
        if (variance < 0) variance = 0;
        return new Moments(n, mean, variance, min, max);
    }
}
