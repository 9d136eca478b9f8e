using DeepStats.Core.Statistics;
using Xunit;

namespace DeepStats.Core.Tests;

public class NormalityTestsTests
{
    [Fact]
    public void ShapiroWilkOnShapiroAndWilks1965WeightsMatchesR()
    {
        // Shapiro and Wilk (1965), weights of 11 men; R's shapiro.test: W = 0.78881, p-value = 0.006704
        var x = new double[] { 148, 154, 158, 160, 161, 162, 166, 170, 182, 195, 236 };
        var r = NormalityTests.ShapiroWilk(x);
        Assert.Equal(0.78881, r.Statistic, 5);
        Assert.Equal(0.006704, r.PValue, 6);
    }

    public static TheoryData<double[], double, double> Published => new()
    {
        // W and p from scipy 1.10 stats.shapiro (the same AS R94 algorithm, single precision: ~1e-6)
        { new[] { 2.1, 3.4, 1.9, 5.6, 4.4 }, 0.9320847988128662, 0.6106548309326172 },
        { Enumerable.Range(1, 20).Select(i => (double)i * i).ToArray(), 0.9061306715011597, 0.05380954220890999 },
    };

    [Theory]
    [MemberData(nameof(Published))]
    public void ShapiroWilkMatchesReferenceImplementation(double[] x, double w, double p)
    {
        var r = NormalityTests.ShapiroWilk(x.OrderBy(v => v).ToArray());
        Assert.Equal(w, r.Statistic, 5);
        Assert.True(Math.Abs(p - r.PValue) <= 2e-5 + 1e-4 * p, $"p: expected {p}, got {r.PValue}");
    }

    [Fact]
    public void ShapiroWilkIsExactForThreeValues()
    {
        // 1, 2, 4: a = (-sqrt(1/2), 0, sqrt(1/2)); b² = 9/2; SS = 14/3; W = 27/28; p = (6/pi)(asin sqrt W - asin sqrt(3/4))
        var r = NormalityTests.ShapiroWilk(new double[] { 1, 2, 4 });
        Assert.Equal(27.0 / 28, r.Statistic, 14);
        Assert.Equal(6 / Math.PI * (Math.Asin(Math.Sqrt(27.0 / 28)) - Math.PI / 3), r.PValue, 12);
    }

    [Fact]
    public void ShapiroWilkIsUndefinedForConstantOrTooFewValues()
    {
        Assert.True(double.IsNaN(NormalityTests.ShapiroWilk(new double[] { 1, 2 }).PValue));
        Assert.True(double.IsNaN(NormalityTests.ShapiroWilk(new double[] { 3, 3, 3, 3 }).Statistic));
    }

    [Fact]
    public void DAgostinoPearsonMatchesScipyNormaltest()
    {
        // x_i = ((7919 i mod 10007) / 10007)², i = 0..5999; scipy 1.10 normaltest: K2 = 1010.7775484073017, p = 3.254199301375858e-220
        var x = Enumerable.Range(0, 6000).Select(i => Math.Pow((i * 7919 % 10007) / 10007.0, 2)).ToArray();
        var s = NumericSummary.Compute("x", x);
        Assert.Equal(NormalityTests.DAgostinoPearsonName, s.NormalityTest);
        Assert.Equal(1010.7775484073017, s.NormalityStatistic, 9);
        Assert.True(Math.Abs(s.NormalityPValue / 3.254199301375858e-220 - 1) < 1e-8, $"p {s.NormalityPValue}");
        // scipy.stats.skew / kurtosis (bias=True) and pandas skew / kurt on the same data
        Assert.Equal(0.6386764031116177, s.PopulationSkewness, 12);
        Assert.Equal(-0.8573692283165957, s.PopulationKurtosis, 12);
        Assert.Equal(0.6388361232346252, s.Skewness, 12);
        Assert.Equal(-0.8570834645406569, s.Kurtosis, 12);
    }
}
