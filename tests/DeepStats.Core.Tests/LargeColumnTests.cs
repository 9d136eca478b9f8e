using System.Numerics;
using DeepStats.Core.Statistics;
using Xunit;
using Xunit.Abstractions;

namespace DeepStats.Core.Tests;

/// <summary>
/// Issue 9, items 1 and 2: mean and sd of large columns against exact rational arithmetic, and
/// values near the float64 limit that must not overflow silently.
/// </summary>
public class LargeColumnTests(ITestOutputHelper output)
{
    /// <summary>
    /// The hostile column of the issue: 2,000,000 rows, 80% exactly 0 and 20% values with two
    /// decimals in [-1000, 1000] (k / 100, the double a CSV parser gives for the text), in random order.
    /// </summary>
    private static double[] MostlyZeroColumn(int n, int seed)
    {
        var rng = new Random(seed);
        var x = new double[n];
        for (int i = 0; i < n; i++)
            x[i] = rng.NextDouble() < 0.8 ? 0 : rng.Next(-100_000, 100_001) / 100.0;
        return x;
    }

    /// <summary>
    /// The exact mean and sample variance of the doubles as stored (every double is m 2^e exactly), in
    /// BigInteger arithmetic: all values are put over the common denominator 2^-E (E the smallest exponent).
    /// </summary>
    private static (Fraction Mean, Fraction Variance) Exact(double[] x)
    {
        int minExp = 0;
        foreach (var v in x)
        {
            if (v == 0) continue;
            var (_, e) = Decompose(v);
            minExp = Math.Min(minExp, e);
        }
        BigInteger s = 0, q = 0;
        foreach (var v in x)
        {
            if (v == 0) continue;
            var (m, e) = Decompose(v);
            var scaled = new BigInteger(m) << (e - minExp);
            s += scaled;
            q += scaled * scaled;
        }
        var den = BigInteger.One << -minExp; // value = scaled / den
        long n = x.Length;
        var mean = new Fraction(s, den * n);
        // variance = (n Q - S^2) / (n (n - 1)) over den^2
        var variance = new Fraction(n * q - s * s, den * den * n * (n - 1));
        return (mean, variance);
    }

    private static (long Mantissa, int Exponent) Decompose(double v)
    {
        long bits = BitConverter.DoubleToInt64Bits(v);
        int exp = (int)((bits >> 52) & 0x7FF);
        long man = bits & 0xF_FFFF_FFFF_FFFFL;
        if (exp == 0) exp = 1; else man |= 1L << 52;
        return (v < 0 ? -man : man, exp - 1075);
    }

    [Fact]
    public void MeanAndSdOfATwoMillionRowColumnMatchExactRationalArithmetic()
    {
        var x = MostlyZeroColumn(2_000_000, 9);
        var (exactMean, exactVariance) = Exact(x);
        double mean = exactMean.ToDouble();
        double sd = exactVariance.Sqrt(); // exact variance, then one rounding of the sqrt

        var s = NumericSummary.Compute("x", x);
        var m = Moments.Compute(x);
        double Rel(double a, double b) => Math.Abs(a - b) / Math.Abs(b);
        output.WriteLine($"exact mean {mean:R} sd {sd:R}");
        output.WriteLine($"NumericSummary mean {s.Mean:R} (rel {Rel(s.Mean, mean):E2}) sd {s.StandardDeviation:R} (rel {Rel(s.StandardDeviation, sd):E2})");
        output.WriteLine($"Moments mean {m.Mean:R} (rel {Rel(m.Mean, mean):E2}) sd {m.StandardDeviation:R} (rel {Rel(m.StandardDeviation, sd):E2})");
        Assert.InRange(Rel(s.Mean, mean), 0, 1e-14);
        Assert.InRange(Rel(s.StandardDeviation, sd), 0, 1e-14);
        Assert.InRange(Rel(m.Mean, mean), 0, 1e-14);
        Assert.InRange(Rel(m.StandardDeviation, sd), 0, 1e-14);
    }

    [Fact]
    public void ValuesNearTheFloat64LimitGiveAFiniteSdOrAFlaggedOne()
    {
        // {a, -a, a, -a, b}: worked by hand with a = 1.6e308, b = 1.7e308 after dividing by 1e308
        // (exact in rational arithmetic): mean = b / 5, sum of squared deviations = 4a^2 + b^2 - b^2 / 5.
        double a = 1.6e308, b = 1.7e308;
        var x = new[] { a, -a, a, -a, b };
        var s = NumericSummary.Compute("big", x);
        var m = Moments.Compute(x);
        Fraction A = 16, B = 17; // in units of 1e307
        var ss = A * A * 4 + B * B - B * B / 5;
        double expectedSd = (ss / 4).Sqrt() * 1e307;
        Assert.Equal(b / 5, s.Mean, 1e-14 * b);
        Assert.True(double.IsFinite(s.StandardDeviation), $"sd = {s.StandardDeviation}");
        Assert.InRange(Math.Abs(s.StandardDeviation - expectedSd) / expectedSd, 0, 1e-14);
        // the variance itself (about 2.6e616) is beyond float64: it may be infinite, but never unflagged
        Assert.True(double.IsInfinity(s.Variance));
        Assert.Contains(s.Undefined, u => u.StartsWith("Variance") && u.Contains("float64"));
        Assert.Equal(b / 5, m.Mean, 1e-14 * b);
        Assert.InRange(Math.Abs(m.StandardDeviation - expectedSd) / expectedSd, 0, 1e-14);
        // every other statistic is finite or named in Undefined
        foreach (var p in typeof(NumericSummary).GetProperties().Where(p => p.PropertyType == typeof(double)))
        {
            double v = (double)p.GetValue(s)!;
            if (!double.IsFinite(v))
                Assert.True(s.Undefined.Any(u => u.Split(':')[0].Split(", ").Contains(p.Name)), $"{p.Name} = {v} is not in Undefined: {string.Join(" | ", s.Undefined)}");
        }
    }
}
