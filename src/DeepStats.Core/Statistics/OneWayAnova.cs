namespace DeepStats.Core.Statistics;

/// <summary>A one-way analysis of variance table.</summary>
public sealed record AnovaResult(
    int Groups, int Count,
    int BetweenDf, double BetweenSS, double BetweenMS,
    int WithinDf, double WithinSS, double WithinMS,
    double F, double PValue, double RSquared, double ResidualSd)
{
    /// <summary>How the sums of squares were computed: "decimal-shifted two-pass" or "two-pass".</summary>
    public string Algorithm { get; init; } = "";
}

/// <summary>
/// One-way ANOVA of values by group, computed stably: group means first (compensated sums), then
/// the sums of squared deviations from them (between = sum n_g (mean_g - mean)², within = sum of
/// (x - mean_g)²). When every value is, as read from text, a decimal of at most 28 significant
/// digits (the usual case), the values are first shifted by a reference value in exact decimal
/// arithmetic and only the small differences are rounded to float64: this removes the
/// representation error of values such as 1000000000000.4 (NIST SmLs07-09), which otherwise limits
/// float64 to 3 correct digits of F. p-value: the F upper tail from <see cref="TailProbability.FUpper"/> (no 1 - CDF).
/// </summary>
public static class OneWayAnova
{
    /// <summary>ANOVA of <paramref name="values"/> (NaN skipped) by <paramref name="groups"/> (codes 0..groupCount-1, -1 skipped).</summary>
    public static AnovaResult Compute(ReadOnlySpan<double> values, ReadOnlySpan<int> groups, int groupCount)
    {
        if (values.Length != groups.Length) throw new ArgumentException("Values and groups must have the same length.");
        var shifted = new double[values.Length];
        string algorithm = "decimal-shifted two-pass";
        if (!TryShiftExactly(values, groups, shifted))
        {
            algorithm = "two-pass";
            double reference = FirstPresent(values, groups);
            for (int i = 0; i < values.Length; i++) shifted[i] = values[i] - reference;
        }
        var r = ComputeCentred(shifted, groups, groupCount);
        return r with { Algorithm = algorithm };
    }

    private static double FirstPresent(ReadOnlySpan<double> values, ReadOnlySpan<int> groups)
    {
        for (int i = 0; i < values.Length; i++) if (!double.IsNaN(values[i]) && groups[i] >= 0) return values[i];
        return 0;
    }

    /// <summary>
    /// shifted[i] = (decimal)x[i] - (decimal)x[first], rounded once to double. A double converts to
    /// the decimal of its shortest round-trip text (the value the user wrote) when (decimal)x converts
    /// back to the same double; otherwise the exact path is not taken.
    /// </summary>
    private static bool TryShiftExactly(ReadOnlySpan<double> values, ReadOnlySpan<int> groups, double[] shifted)
    {
        decimal reference = 0;
        bool haveReference = false;
        for (int i = 0; i < values.Length; i++)
        {
            double x = values[i];
            if (double.IsNaN(x) || groups[i] < 0) { shifted[i] = double.NaN; continue; }
            if (!(Math.Abs(x) < 7.9e27)) return false; // decimal range (the round-trip check below catches lost digits)
            decimal d = (decimal)x; // at most 15 significant digits
            if ((double)d != x)
            {
                if (!decimal.TryParse(x.ToString("R", System.Globalization.CultureInfo.InvariantCulture),
                        System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out d) || (double)d != x)
                    return false;
            }
            if (!haveReference) { reference = d; haveReference = true; }
            shifted[i] = (double)(d - reference);
        }
        return true;
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)] // hot loops: optimised JIT at once, no tiering
    private static AnovaResult ComputeCentred(double[] x, ReadOnlySpan<int> groups, int k)
    {
        var n = new int[k];
        var sum = new double[k];
        var comp = new double[k];
        int total = 0;
        for (int i = 0; i < x.Length; i++)
        {
            int g = groups[i];
            if (g < 0 || double.IsNaN(x[i])) continue;
            n[g]++; total++;
            double t = sum[g] + x[i];
            comp[g] += Math.Abs(sum[g]) >= Math.Abs(x[i]) ? (sum[g] - t) + x[i] : (x[i] - t) + sum[g];
            sum[g] = t;
        }
        var mean = new double[k];
        for (int g = 0; g < k; g++) mean[g] = n[g] > 0 ? (sum[g] + comp[g]) / n[g] : 0;
        // second pass: correct each group mean by its mean residual, and sum squared residuals
        var s1 = new double[k];
        var ss = new double[k];
        for (int i = 0; i < x.Length; i++)
        {
            int g = groups[i];
            if (g < 0 || double.IsNaN(x[i])) continue;
            double d = x[i] - mean[g];
            s1[g] += d; ss[g] += d * d;
        }
        double within = 0;
        int present = 0;
        for (int g = 0; g < k; g++)
        {
            if (n[g] == 0) continue;
            present++;
            within += ss[g] - s1[g] * s1[g] / n[g];
            mean[g] += s1[g] / n[g];
        }
        if (within < 0) within = 0;
        // grand mean as the weighted mean of group means, then corrected two-pass over the groups
        double grand = 0;
        for (int g = 0; g < k; g++) grand += n[g] * mean[g];
        grand = total > 0 ? grand / total : double.NaN;
        double gs1 = 0, between = 0;
        for (int g = 0; g < k; g++)
        {
            if (n[g] == 0) continue;
            double d = mean[g] - grand;
            gs1 += n[g] * d; between += n[g] * d * d;
        }
        between -= total > 0 ? gs1 * gs1 / total : 0;
        if (between < 0) between = 0;

        int dfb = present - 1, dfw = total - present;
        double msb = dfb > 0 ? between / dfb : double.NaN;
        double msw = dfw > 0 ? within / dfw : double.NaN;
        double f = dfb > 0 && dfw > 0 && msw > 0 ? msb / msw : double.NaN;
        double p = double.IsNaN(f) ? double.NaN : TailProbability.FUpper(f, dfb, dfw);
        double r2 = between + within > 0 ? between / (between + within) : double.NaN;
        return new AnovaResult(present, total, dfb, between, msb, dfw, within, msw, f, p, r2, Math.Sqrt(msw));
    }
}
