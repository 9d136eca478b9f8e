using DeepStats.Core.Statistics;
using Xunit;
using Xunit.Abstractions;

namespace DeepStats.Core.Tests;

public class NumericSummaryTests(ITestOutputHelper output)
{
    private static void Close(double expected, double actual, double relative = 1e-13)
    {
        double tol = relative * Math.Max(1e-300, Math.Abs(expected));
        Assert.True(Math.Abs(expected - actual) <= tol, $"expected {expected:R}, got {actual:R}");
    }

    [Theory]
    [MemberData(nameof(MomentsTests.NistSets), MemberType = typeof(MomentsTests))]
    public void MeanAndSdMatchNistCertifiedValues(string set, double meanDigits, double sdDigits)
    {
        var (cert, values) = TestPaths.NistUnivariate(set);
        var s = NumericSummary.Compute(set, values);
        Assert.Equal(cert.GetProperty("n").GetInt32(), s.Count);
        double meanLre = TestPaths.Lre(s.Mean, cert.GetProperty("mean").GetDouble());
        double sdLre = TestPaths.Lre(s.StandardDeviation, cert.GetProperty("sd").GetDouble());
        output.WriteLine($"NumericSummary {set}: mean LRE {meanLre:F2}, sd LRE {sdLre:F2}");
        Assert.True(meanLre >= meanDigits, $"{set} mean: {meanLre:F2} digits, need {meanDigits}");
        Assert.True(sdLre >= sdDigits, $"{set} sd: {sdLre:F2} digits, need {sdDigits}");
    }

    public static TheoryData<int[]> IntegerSets => new()
    {
        new[] { 1, 2, 2, 3, 7, 9, 10, 4 },
        new[] { 5, -3, 8, 8, 8, 0, 12, -7, 4, 1, 1 },
        new[] { 100, 101, 103, 99, 250, 98, 97, 102, 100, 100, 104, 96, 1 },
        new[] { 3, 1, 4, 1, 5 },
    };

    /// <summary>Type 7 quantile computed exactly: h = (n-1)p, x[lo] + (h - lo)(x[lo+1] - x[lo]).</summary>
    private static Fraction ExactQuantile(int[] sorted, Fraction p)
    {
        Fraction h = (sorted.Length - 1) * p;
        var lo = (int)(h.Num / h.Den);
        if (lo >= sorted.Length - 1) return sorted[^1];
        return (Fraction)sorted[lo] + (h - lo) * ((Fraction)sorted[lo + 1] - sorted[lo]);
    }

    [Theory]
    [MemberData(nameof(IntegerSets))]
    public void EveryStatisticMatchesExactRationalArithmetic(int[] data)
    {
        var s = NumericSummary.Compute("x", data.Select(v => (double)v).Append(double.NaN).ToArray());
        int n = data.Length;
        var sorted = data.OrderBy(v => v).ToArray();
        Fraction mean = Fraction.Sum(data.Select(v => (Fraction)v)) / n;
        Fraction M(int k) => Fraction.Sum(data.Select(v => ((Fraction)v - mean).Pow(k))) / n; // central moments
        Fraction m2 = M(2), m3 = M(3), m4 = M(4);
        Fraction variance = m2 * n / (n - 1);

        Assert.Equal(n, s.Count);
        Assert.Equal(1, s.Missing);
        Assert.Equal(data.Distinct().Count(), s.Distinct);
        Close(mean.ToDouble(), s.Mean);
        Close(variance.ToDouble(), s.Variance);
        Close(variance.Sqrt(), s.StandardDeviation);
        Close((variance / n).Sqrt(), s.StandardError);
        Assert.Equal(sorted[0], s.Min);
        Assert.Equal(sorted[^1], s.Max);
        var q1 = ExactQuantile(sorted, new Fraction(1, 4));
        var q3 = ExactQuantile(sorted, new Fraction(3, 4));
        Close(q1.ToDouble(), s.Q1, 1e-15);
        Close(ExactQuantile(sorted, new Fraction(1, 2)).ToDouble(), s.Median, 1e-15);
        Close(q3.ToDouble(), s.Q3, 1e-15);
        Close((q3 - q1).ToDouble(), s.IQR, 1e-15);

        // g1 = m3 / m2^1.5: compare g1² = m3² / m2³ exactly, and the sign
        Fraction g1sq = m3 * m3 / m2.Pow(3);
        Close(Math.Sign(m3.Sign) * Math.Sqrt(g1sq.ToDouble()), s.PopulationSkewness, 1e-12);
        // G1 = g1 sqrt(n(n-1)) / (n-2): G1² = g1² n(n-1) / (n-2)²
        Fraction bigG1sq = g1sq * n * (n - 1) / ((Fraction)(n - 2) * (n - 2));
        Close(Math.Sign(m3.Sign) * Math.Sqrt(bigG1sq.ToDouble()), s.Skewness, 1e-12);
        Fraction g2 = m4 / (m2 * m2) - 3;
        Close(g2.ToDouble(), s.PopulationKurtosis, 1e-12);
        Fraction bigG2 = ((Fraction)(n + 1) * g2 + 6) * (n - 1) / ((Fraction)(n - 2) * (n - 3));
        Close(bigG2.ToDouble(), s.Kurtosis, 1e-12);
        Close(variance.Sqrt() / mean.ToDouble(), s.CoefficientOfVariation, 1e-13);

        Fraction iqr = q3 - q1, lowFence = q1 - new Fraction(3, 2) * iqr, highFence = q3 + new Fraction(3, 2) * iqr;
        int outliers = data.Count(v => ((Fraction)v).CompareTo(lowFence) < 0 || ((Fraction)v).CompareTo(highFence) > 0);
        Assert.Equal(outliers, s.Outliers);
        Assert.Empty(s.Undefined);
    }

    [Fact]
    public void AgreesWithPandasOnAnExample()
    {
        // pandas 1.5: Series([1,2,2,3,7,9,10,4]).skew() / .kurt() / quantile([.25,.5,.75])
        var s = NumericSummary.Compute("x", new double[] { 1, 2, 2, 3, 7, 9, 10, 4 });
        Close(0.6137515093295206, s.Skewness, 1e-12);
        Close(-1.4461328839327336, s.Kurtosis, 1e-12);
        Assert.Equal(2.0, s.Q1);
        Assert.Equal(3.5, s.Median);
        Assert.Equal(7.5, s.Q3);
    }

    [Fact]
    public void ConfidenceIntervalUsesStudentT()
    {
        // 1..5: mean 3, sd sqrt(2.5), se sqrt(0.5); t(0.975, 4) = 2.7764451051977987 (tables)
        var s = NumericSummary.Compute("x", new double[] { 1, 2, 3, 4, 5 });
        double half = 2.7764451051977987 * Math.Sqrt(0.5);
        Close(3 - half, s.MeanLower, 1e-9);
        Close(3 + half, s.MeanUpper, 1e-9);
        Assert.Equal(0.95, s.ConfidenceLevel);
        // t(0.995, 4) = 4.604094871415897
        var s99 = NumericSummary.Compute("x", new double[] { 1, 2, 3, 4, 5 }, 0.99);
        // MathNet finds t quantiles by root finding to about 1e-11 relative: ample for an interval bound
        Close(3 + 4.604094871415897 * Math.Sqrt(0.5), s99.MeanUpper, 1e-9);
    }

    [Fact]
    public void StatesItsConventions()
    {
        var s = NumericSummary.Compute("x", new double[] { 1, 2, 3 });
        Assert.Equal(1, s.VarianceDdof);
        Assert.Equal("Hyndman-Fan type 7 (linear)", s.QuantileMethod);
        Assert.Contains("G1", s.SkewnessMethod);
        Assert.Contains("G2", s.KurtosisMethod);
        Assert.Contains("Tukey", s.OutlierRule);
    }

    [Fact]
    public void ConstantColumnHasDefinedMomentsAndUndefinedShape()
    {
        var s = NumericSummary.Compute("c", new double[] { 4, 4, 4, 4, 4 });
        Assert.Equal(4.0, s.Mean);
        Assert.Equal(0.0, s.Variance);
        Assert.Equal(0.0, s.StandardDeviation);
        Assert.Equal(4.0, s.MeanLower);
        Assert.Equal(4.0, s.MeanUpper);
        Assert.Equal(4.0, s.Median);
        Assert.Equal(0.0, s.IQR);
        Assert.Equal(0, s.Outliers);
        Assert.Equal(1, s.Distinct);
        Assert.Equal(0.0, s.CoefficientOfVariation);
        Assert.True(double.IsNaN(s.Skewness) && double.IsNaN(s.Kurtosis) && double.IsNaN(s.PopulationSkewness));
        Assert.True(double.IsNaN(s.NormalityPValue));
        Assert.Contains(s.Undefined, u => u.StartsWith("Skewness") && u.Contains("constant"));
        Assert.Contains(s.Undefined, u => u.StartsWith("Normality") && u.Contains("constant"));

        var zero = NumericSummary.Compute("z", new double[] { 0, 0, 0 });
        Assert.True(double.IsNaN(zero.CoefficientOfVariation));
        Assert.Contains(zero.Undefined, u => u.StartsWith("CoefficientOfVariation") && u.Contains("mean is 0"));
    }

    [Fact]
    public void AllMissingColumnHasCountsOnly()
    {
        var s = NumericSummary.Compute("m", new[] { double.NaN, double.NaN });
        Assert.Equal(0, s.Count);
        Assert.Equal(2, s.Missing);
        Assert.Equal(0, s.Distinct);
        Assert.Equal(0, s.Outliers);
        Assert.True(double.IsNaN(s.Mean) && double.IsNaN(s.Median) && double.IsNaN(s.StandardDeviation));
        Assert.Single(s.Undefined);
        Assert.Contains("all missing", s.Undefined[0]);
    }

    [Fact]
    public void TwoValuesNeedThreeForShapiroWilk()
    {
        var s = NumericSummary.Compute("t", new double[] { 1, 3 });
        Assert.Equal(2.0, s.Variance);
        Assert.True(double.IsNaN(s.NormalityPValue));
        Assert.Contains(s.Undefined, u => u.Contains("at least 3 values") && u.StartsWith("Normality"));
        Assert.Contains(s.Undefined, u => u.StartsWith("Skewness (G1)"));
    }

    [Fact]
    public void RadixSortMatchesArraySort()
    {
        var rng = new Random(5);
        var v = Enumerable.Range(0, 20000).Select(i => i % 7 == 0 ? -rng.NextDouble() * 1e300 : i % 5 == 0 ? 0.0 : (rng.NextDouble() - 0.5) * 1e-3)
            .Append(-0.0).Append(double.NegativeInfinity).Append(double.PositiveInfinity).ToArray();
        var expected = v.ToArray();
        Array.Sort(expected);
        Quantiles.Sort(v, v.Length);
        Assert.Equal(expected, v);
    }

    [Fact]
    public void LargeColumnsWithMissingValuesGiveExactOrderStatistics()
    {
        var rng = new Random(3);
        var v = Enumerable.Range(0, 30001).Select(i => i % 10 == 0 ? double.NaN : Math.Round(rng.NextDouble() * 1000, 1)).ToArray();
        var present = v.Where(x => !double.IsNaN(x)).OrderBy(x => x).ToArray();
        var s = NumericSummary.Compute("v", v);
        Assert.Equal(present.Length, s.Count);
        Assert.Equal(v.Length - present.Length, s.Missing);
        Assert.Equal(present.Distinct().Count(), s.Distinct);
        Assert.Equal(present[0], s.Min);
        Assert.Equal(present[^1], s.Max);
        Assert.Equal(Quantiles.Type7(present, 0.25), s.Q1);
        Assert.Equal(Quantiles.Type7(present, 0.5), s.Median);
        Assert.Equal(Quantiles.Type7(present, 0.75), s.Q3);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void OrderStatisticsAreExactWithoutAFullSort(bool fullSort)
    {
        var rng = new Random(11);
        var v = Enumerable.Range(0, 50000).Select(i => i % 4 == 0 ? Math.Round(rng.NextDouble() * 10) : i % 4 == 1 ? -Math.Exp(rng.NextDouble() * 8)
                : i % 4 == 2 ? double.NaN : rng.NextDouble()).Append(1e9).Append(-0.0).ToArray();
        var present = v.Where(x => !double.IsNaN(x)).OrderBy(x => x).ToArray();
        using var o = OrderStatistics.Build(v, present.Length, present[0], present[^1], fullSort);
        Assert.Equal(fullSort, o.FullySorted);
        Assert.Equal(present.Distinct().Count(), o.Distinct);
        for (int k = 0; k < present.Length; k += 997) Assert.Equal(present[k], o[k]);
        Assert.Equal(present[^1], o[present.Length - 1]);
        foreach (var p in new[] { 0.0, 0.25, 0.5, 0.75, 1.0, 0.333 })
            Assert.Equal(Quantiles.Type7(present, p), o.Quantile(p));
    }

    [Fact]
    public void BucketSortMatchesArraySortOnSmoothTiedAndHeavyTailedData()
    {
        var rng = new Random(9);
        // smooth values, many ties, a crowded bucket (heavy tail: most values near 0, one huge), negatives
        var v = Enumerable.Range(0, 50000).Select(i => i % 3 == 0 ? Math.Round(rng.NextDouble() * 10) : i % 3 == 1 ? -Math.Exp(rng.NextDouble() * 5) : rng.NextDouble())
            .Append(1e12).Append(-0.0).ToArray();
        var expected = v.ToArray();
        Array.Sort(expected);
        Quantiles.Sort(v, v.Length);
        Assert.Equal(expected, v);
    }
}
