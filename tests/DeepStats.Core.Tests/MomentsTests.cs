using DeepStats.Core.Statistics;
using Xunit;
using Xunit.Abstractions;

namespace DeepStats.Core.Tests;

public class MomentsTests(ITestOutputHelper output)
{
    public static TheoryData<string, double, double> NistSets => new()
    {
        // set, minimum digits for the mean, minimum digits for the sd (issue targets: the float64 ceiling on NumAcc3/4)
        { "Lew", 13, 13 }, { "Lottery", 13, 13 }, { "Mavro", 13, 13 }, { "Michelso", 13, 13 },
        { "NumAcc1", 13, 13 }, { "NumAcc2", 13, 13 }, { "NumAcc3", 9, 9 }, { "NumAcc4", 8, 8 }, { "PiDigits", 13, 13 },
    };

    [Theory]
    [MemberData(nameof(NistSets))]
    public void MeanAndSdMatchNistCertifiedValues(string set, double meanDigits, double sdDigits)
    {
        var (cert, values) = TestPaths.NistUnivariate(set);
        Assert.Equal(cert.GetProperty("n").GetInt32(), values.Length);
        var m = Moments.Compute(values);
        double meanLre = TestPaths.Lre(m.Mean, cert.GetProperty("mean").GetDouble());
        double sdLre = TestPaths.Lre(Math.Sqrt(m.SampleVariance), cert.GetProperty("sd").GetDouble());
        output.WriteLine($"{set}: mean LRE {meanLre:F2}, sd LRE {sdLre:F2}");
        Assert.True(meanLre >= meanDigits, $"{set} mean: {meanLre:F2} digits, need {meanDigits}");
        Assert.True(sdLre >= sdDigits, $"{set} sd: {sdLre:F2} digits, need {sdDigits}");
    }

    [Fact]
    public void SkipsMissingValuesAndReportsCount()
    {
        // 1, 2, 4 (NaN skipped): mean 7/3, sample variance ((1-7/3)^2+(2-7/3)^2+(4-7/3)^2)/2 = 7/3
        var m = Moments.Compute(new[] { 1.0, double.NaN, 2.0, 4.0 });
        Assert.Equal(3, m.Count);
        Assert.Equal(7.0 / 3, m.Mean, 14);
        Assert.Equal(7.0 / 3, m.SampleVariance, 14);
        Assert.Equal(1.0, m.Min);
        Assert.Equal(4.0, m.Max);
    }

    [Fact]
    public void UndefinedStatisticsAreNaNNotZero()
    {
        var none = Moments.Compute(new[] { double.NaN, double.NaN });
        Assert.Equal(0, none.Count);
        Assert.True(double.IsNaN(none.Mean));
        var one = Moments.Compute(new[] { 5.0 });
        Assert.Equal(5.0, one.Mean);
        Assert.True(double.IsNaN(one.SampleVariance));
        var constant = Moments.Compute(new[] { 3.0, 3.0, 3.0 });
        Assert.Equal(0.0, constant.SampleVariance);
    }
}
