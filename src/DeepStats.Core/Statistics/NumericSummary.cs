using MathNet.Numerics.Distributions;

namespace DeepStats.Core.Statistics;

/// <summary>
/// Everything a statistician reports about one numeric column, with the conventions stated on the
/// object. Missing values (NaN) are counted and excluded from every other statistic. A statistic is
/// NaN only where it is mathematically undefined; <see cref="Undefined"/> then says which and why.
/// </summary>
public sealed record NumericSummary
{
    public required string Column { get; init; }
    /// <summary>"Feature" or "Target".</summary>
    public string Role { get; init; } = "Feature";
    public int Count { get; init; }
    public int Missing { get; init; }
    public int Distinct { get; init; }
    public double Mean { get; init; }
    /// <summary>Sample variance, divisor n - 1 (<see cref="VarianceDdof"/>).</summary>
    public double Variance { get; init; }
    /// <summary>Sample standard deviation, divisor n - 1.</summary>
    public double StandardDeviation { get; init; }
    /// <summary>Standard error of the mean, sd / sqrt(n).</summary>
    public double StandardError { get; init; }
    public double ConfidenceLevel { get; init; }
    /// <summary>Lower bound of the t interval of the mean: mean - t(1 - a/2, n - 1) SE.</summary>
    public double MeanLower { get; init; }
    public double MeanUpper { get; init; }
    public double Min { get; init; }
    public double Q1 { get; init; }
    public double Median { get; init; }
    public double Q3 { get; init; }
    public double Max { get; init; }
    public double IQR { get; init; }
    /// <summary>Adjusted Fisher-Pearson skewness G1 = g1 sqrt(n(n-1)) / (n-2), as pandas <c>skew()</c>.</summary>
    public double Skewness { get; init; }
    /// <summary>Bias-corrected excess kurtosis G2 = ((n+1) g2 + 6)(n-1) / ((n-2)(n-3)), as pandas <c>kurt()</c>.</summary>
    public double Kurtosis { get; init; }
    /// <summary>Population (moment) skewness g1 = m3 / m2^1.5, as scipy <c>skew(bias=True)</c>.</summary>
    public double PopulationSkewness { get; init; }
    /// <summary>Population excess kurtosis g2 = m4 / m2² - 3, as scipy <c>kurtosis(bias=True)</c>.</summary>
    public double PopulationKurtosis { get; init; }
    /// <summary>sd (n - 1) / mean; signed.</summary>
    public double CoefficientOfVariation { get; init; }
    public double LowerFence { get; init; }
    public double UpperFence { get; init; }
    /// <summary>Values below <see cref="LowerFence"/> or above <see cref="UpperFence"/>.</summary>
    public int Outliers { get; init; }
    public string NormalityTest { get; init; } = "";
    public double NormalityStatistic { get; init; }
    public double NormalityPValue { get; init; }

    // Conventions, stated on every result.
    public int VarianceDdof { get; init; } = 1;
    public string QuantileMethod { get; init; } = Quantiles.Method;
    public string SkewnessMethod { get; init; } = "G1 (bias-corrected, as pandas); PopulationSkewness = g1";
    public string KurtosisMethod { get; init; } = "G2 excess (bias-corrected, as pandas); PopulationKurtosis = g2 excess";
    public string IntervalMethod { get; init; } = "Student t, n - 1 df";
    public string CoefficientOfVariationMethod { get; init; } = "sd (ddof 1) / mean";
    public string OutlierRule { get; init; } = "Tukey fences Q1 - 1.5 IQR, Q3 + 1.5 IQR";
    public string MissingRule { get; init; } = "NaN counted as missing, excluded";

    /// <summary>Statistics that are undefined (NaN) for this column, each with the reason.</summary>
    public IReadOnlyList<string> Undefined { get; init; } = Array.Empty<string>();

    /// <summary>
    /// Summarises <paramref name="values"/> (NaN = missing). One pass counts the present values, sums
    /// them (Neumaier-compensated) and finds min and max; <see cref="OrderStatistics"/> buckets them by
    /// value for the quartiles and the distinct count (fully sorted up to 5,000 values, for
    /// Shapiro-Wilk); one pass over the bucketed values gives the central moments about the mean,
    /// corrected for the mean's rounding error (Chan, Golub and LeVeque's corrected two-pass), and
    /// counts the values outside the Tukey fences.
    /// </summary>
    public static NumericSummary Compute(string column, ReadOnlySpan<double> values, double confidenceLevel = 0.95, string role = "Feature") =>
        Compute(column, values, confidenceLevel, role, null);

    /// <summary>As the overload without a buffer; the order statistics are arranged in <paramref name="buffer"/> (at least as long as the values) when given.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public static NumericSummary Compute(string column, ReadOnlySpan<double> values, double confidenceLevel, string role, double[]? buffer)
    {
        if (!(confidenceLevel > 0 && confidenceLevel < 1))
            throw new DeepStatsException(ErrorIds.InvalidConfidenceLevel, FailureKind.InvalidArgument,
                $"The confidence level must be between 0 and 1 (exclusive); got {confidenceLevel}.", confidenceLevel);
        var (n, sum, min, max) = Moments.SumAndRange(values);
        int missing = values.Length - n;
        var undefined = new List<string>();
        if (n == 0)
        {
            undefined.Add("all statistics but Count and Missing: the column has no values (all missing)");
            return Empty(column, role, missing, confidenceLevel, undefined);
        }
        // Shapiro-Wilk needs every order statistic; beyond its range only the quartiles are needed.
        using var order = OrderStatistics.Build(values, n, min, max, fullSort: n <= NormalityTests.ShapiroWilkMaximum, buffer);
        var arranged = order.Values;
        int distinct = order.Distinct;

        double q1 = order.Quantile(0.25), med = order.Quantile(0.5), q3 = order.Quantile(0.75);
        double iqr = q3 - q1;
        double lowFence = q1 - 1.5 * iqr, highFence = q3 + 1.5 * iqr;
        int outliers = 0;

        // Values near the float64 limit are divided by a power of two first (exact), so squares and sums stay finite.
        double scale = Moments.ScaleFor(min, max), inv = 1 / scale;
        double mean0 = (scale == 1 ? sum : Moments.ScaledSum(values, inv)) / n;
        // the deviation sums are compensated (DeviationSums); the third and fourth powers need no such care
        var dev = new DeviationSums();
        double s3 = 0, s4 = 0;
        foreach (var x in arranged)
        {
            if (x < lowFence || x > highFence) outliers++;
            double d = dev.Add(x * inv, mean0), d2 = d * d;
            s3 += d2 * d; s4 += d2 * d2;
        }
        double s1 = dev.Sum, s2 = dev.SumOfSquares;
        // Move the sums to the corrected mean (mean0 + delta).
        double delta = s1 / n, dd = delta * delta;
        double mean = (mean0 + delta) * scale;
        double c2 = s2 - s1 * delta;
        double c3 = s3 - 3 * delta * s2 + 3 * dd * s1 - n * dd * delta;
        double c4 = s4 - 4 * delta * s3 + 6 * dd * s2 - 4 * dd * delta * s1 + n * dd * dd;
        if (c2 < 0) c2 = 0;
        bool constant = min == max;
        if (constant) { c2 = 0; c3 = 0; c4 = 0; mean = min; }

        // c2.. are in units of scale^k; the variance may be beyond float64 when the sd is not
        double scaledVariance = n > 1 ? c2 / (n - 1) : double.NaN;
        double variance = scaledVariance * scale * scale;
        double sd = Math.Sqrt(scaledVariance) * scale;
        if (double.IsInfinity(variance))
            undefined.Add($"Variance: beyond the float64 range (the sd is {sd:G6}, its square exceeds {double.MaxValue:G6}); StandardDeviation and the statistics derived from it are exact");
        double se = sd / Math.Sqrt(n);
        double lower = double.NaN, upper = double.NaN;
        if (n > 1)
        {
            double t = StudentT.InvCDF(0, 1, n - 1, 1 - (1 - confidenceLevel) / 2);
            lower = mean - t * se;
            upper = mean + t * se;
            if (!double.IsFinite(lower) || !double.IsFinite(upper))
                undefined.Add("MeanLower, MeanUpper: the interval reaches beyond the float64 range");
        }
        else undefined.Add("Variance, StandardDeviation, StandardError, MeanLower, MeanUpper: need at least 2 values (n - 1 divisor)");
        if (!double.IsFinite(iqr) || !double.IsFinite(lowFence) || !double.IsFinite(highFence))
            undefined.Add("IQR, LowerFence, UpperFence: beyond the float64 range (the quartiles are finite; Outliers counts none)");

        double m2 = c2 / n, m3 = c3 / n, m4 = c4 / n;
        double g1 = double.NaN, g2 = double.NaN, bigG1 = double.NaN, bigG2 = double.NaN;
        if (m2 > 0)
        {
            g1 = m3 / Math.Pow(m2, 1.5);
            g2 = m4 / (m2 * m2) - 3;
            if (n >= 3) bigG1 = g1 * Math.Sqrt((double)n * (n - 1)) / (n - 2);
            else undefined.Add("Skewness (G1): needs at least 3 values");
            if (n >= 4) bigG2 = ((n + 1.0) * g2 + 6) * (n - 1.0) / ((n - 2.0) * (n - 3.0));
            else undefined.Add("Kurtosis (G2): needs at least 4 values");
        }
        else if (n > 1) undefined.Add("Skewness, Kurtosis, PopulationSkewness, PopulationKurtosis: the column is constant (variance 0), so they divide by zero");
        else undefined.Add("Skewness, Kurtosis, PopulationSkewness, PopulationKurtosis: need at least 2 distinct values");

        double cv = double.NaN;
        if (mean != 0 && n > 1) cv = sd / mean;
        else if (n > 1) undefined.Add("CoefficientOfVariation: the mean is 0");
        else undefined.Add("CoefficientOfVariation: needs the sd, so at least 2 values");


        NormalityResult normal;
        if (n < 3)
        {
            normal = new NormalityResult(NormalityTests.ShapiroWilkName, double.NaN, double.NaN);
            undefined.Add("NormalityStatistic, NormalityPValue: Shapiro-Wilk needs at least 3 values");
        }
        else if (constant)
        {
            normal = new NormalityResult(n <= NormalityTests.ShapiroWilkMaximum ? NormalityTests.ShapiroWilkName : NormalityTests.DAgostinoPearsonName, double.NaN, double.NaN);
            undefined.Add("NormalityStatistic, NormalityPValue: the column is constant");
        }
        else normal = n <= NormalityTests.ShapiroWilkMaximum
            ? NormalityTests.ShapiroWilk(scale == 1 ? order.Sorted : Scaled(order.Sorted, inv)) // W is scale-free
            : NormalityTests.DAgostinoPearson(n, g1, g2);

        return new NumericSummary
        {
            Column = column, Role = role, Count = n, Missing = missing, Distinct = distinct,
            Mean = mean, Variance = variance, StandardDeviation = sd, StandardError = se,
            ConfidenceLevel = confidenceLevel, MeanLower = lower, MeanUpper = upper,
            Min = min, Q1 = q1, Median = med, Q3 = q3, Max = max, IQR = iqr,
            Skewness = bigG1, Kurtosis = bigG2, PopulationSkewness = g1, PopulationKurtosis = g2,
            CoefficientOfVariation = cv, LowerFence = lowFence, UpperFence = highFence, Outliers = outliers,
            NormalityTest = normal.Test, NormalityStatistic = normal.Statistic, NormalityPValue = normal.PValue,
            Undefined = undefined,
        };
    }

    private static double[] Scaled(ReadOnlySpan<double> values, double factor)
    {
        var r = new double[values.Length];
        for (int i = 0; i < r.Length; i++) r[i] = values[i] * factor;
        return r;
    }

    private static NumericSummary Empty(string column, string role, int missing, double level, List<string> undefined) => new()
    {
        Column = column, Role = role, Count = 0, Missing = missing, Distinct = 0,
        Mean = double.NaN, Variance = double.NaN, StandardDeviation = double.NaN, StandardError = double.NaN,
        ConfidenceLevel = level, MeanLower = double.NaN, MeanUpper = double.NaN,
        Min = double.NaN, Q1 = double.NaN, Median = double.NaN, Q3 = double.NaN, Max = double.NaN, IQR = double.NaN,
        Skewness = double.NaN, Kurtosis = double.NaN, PopulationSkewness = double.NaN, PopulationKurtosis = double.NaN,
        CoefficientOfVariation = double.NaN, LowerFence = double.NaN, UpperFence = double.NaN, Outliers = 0,
        NormalityTest = NormalityTests.ShapiroWilkName, NormalityStatistic = double.NaN, NormalityPValue = double.NaN,
        Undefined = undefined,
    };
}
