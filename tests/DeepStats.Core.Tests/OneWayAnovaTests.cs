using System.Globalization;
using System.Text.Json;
using DeepStats.Core.Statistics;
using Xunit;
using Xunit.Abstractions;

namespace DeepStats.Core.Tests;

public class OneWayAnovaTests(ITestOutputHelper output)
{
    public static TheoryData<string, double> NistSets => new()
    {
        // set, minimum digits of F (issue targets)
        { "SiRstv", 9 }, { "AtmWtAg", 9 },
        { "SmLs01", 9 }, { "SmLs02", 9 }, { "SmLs03", 9 }, { "SmLs04", 9 }, { "SmLs05", 9 }, { "SmLs06", 9 },
        { "SmLs07", 6 }, { "SmLs08", 6 }, { "SmLs09", 6 },
    };

    [Theory]
    [MemberData(nameof(NistSets))]
    public void FMatchesNistCertifiedValues(string set, double digits)
    {
        var cert = JsonDocument.Parse(File.ReadAllText(TestPaths.NistFile("anova", "certified.json"))).RootElement.GetProperty(set);
        var rows = File.ReadLines(TestPaths.NistFile("anova", set + ".csv")).Skip(1).Where(l => l.Length > 0)
            .Select(l => l.Split(',')).ToArray();
        var labels = rows.Select(r => r[0]).Distinct().ToList();
        var groups = rows.Select(r => labels.IndexOf(r[0])).ToArray();
        var y = rows.Select(r => double.Parse(r[1], CultureInfo.InvariantCulture)).ToArray();
        var a = OneWayAnova.Compute(y, groups, labels.Count);
        Assert.Equal(cert.GetProperty("between_df").GetInt32(), a.BetweenDf);
        Assert.Equal(cert.GetProperty("within_df").GetInt32(), a.WithinDf);
        double fLre = TestPaths.Lre(a.F, cert.GetProperty("f_stat").GetDouble());
        double bLre = TestPaths.Lre(a.BetweenSS, cert.GetProperty("between_ss").GetDouble());
        double wLre = TestPaths.Lre(a.WithinSS, cert.GetProperty("within_ss").GetDouble());
        double r2Lre = TestPaths.Lre(a.RSquared, cert.GetProperty("r_squared").GetDouble());
        double sdLre = TestPaths.Lre(a.ResidualSd, cert.GetProperty("resid_sd").GetDouble());
        output.WriteLine($"{set}: F LRE {fLre:F2}, between SS {bLre:F2}, within SS {wLre:F2}, R² {r2Lre:F2}, resid sd {sdLre:F2} ({a.Algorithm})");
        Assert.True(fLre >= digits, $"{set} F: {fLre:F2} digits, need {digits}");
        Assert.True(r2Lre >= digits, $"{set} R²: {r2Lre:F2} digits, need {digits}");
    }

    [Fact]
    public void SmallExampleMatchesExactArithmetic()
    {
        // groups {1,2,3}, {4,5,7}, {2,2,9,1}; exact: between SS and within SS as fractions
        int[][] g = { new[] { 1, 2, 3 }, new[] { 4, 5, 7 }, new[] { 2, 2, 9, 1 } };
        var all = g.SelectMany(v => v).ToArray();
        Fraction grand = Fraction.Sum(all.Select(v => (Fraction)v)) / all.Length;
        Fraction between = 0, within = 0;
        foreach (var grp in g)
        {
            Fraction m = Fraction.Sum(grp.Select(v => (Fraction)v)) / grp.Length;
            between += (m - grand).Pow(2) * grp.Length;
            within += Fraction.Sum(grp.Select(v => ((Fraction)v - m).Pow(2)));
        }
        Fraction f = (between / 2) / (within / (all.Length - 3));
        var a = OneWayAnova.Compute(all.Select(v => (double)v).ToArray(),
            g.SelectMany((v, i) => v.Select(_ => i)).ToArray(), 3);
        Assert.Equal(between.ToDouble(), a.BetweenSS, 13);
        Assert.Equal(within.ToDouble(), a.WithinSS, 13);
        Assert.Equal(f.ToDouble(), a.F, 13);
        // scipy.stats.f_oneway: F = 1.2286713286713284, p = 0.34886002200516913
        Assert.Equal(0.34886002200516913, a.PValue, 12);
    }

    [Fact]
    public void ValuesWithoutAnExactDecimalUseTheFloat64TwoPass()
    {
        // scaled by 1e-30 the values have no 28-digit decimal: the float64 path runs; F is scale-free
        int[][] g = { new[] { 1, 2, 3 }, new[] { 4, 5, 7 }, new[] { 2, 2, 9, 1 } };
        var groups = g.SelectMany((v, i) => v.Select(_ => i)).ToArray();
        var exact = OneWayAnova.Compute(g.SelectMany(v => v).Select(v => (double)v).ToArray(), groups, 3);
        var tiny = OneWayAnova.Compute(g.SelectMany(v => v).Select(v => v * 1e-30).ToArray(), groups, 3);
        Assert.Equal("decimal-shifted two-pass", exact.Algorithm);
        Assert.Equal("two-pass", tiny.Algorithm);
        Assert.Equal(exact.F, tiny.F, 12);
        Assert.Equal(exact.PValue, tiny.PValue, 12);
    }

    [Fact]
    public void NoWithinVariationGivesUndefinedF()
    {
        var a = OneWayAnova.Compute(new double[] { 1, 1, 2, 2 }, new[] { 0, 0, 1, 1 }, 2);
        Assert.True(double.IsNaN(a.F));
        Assert.Equal(0.0, a.WithinSS);
    }
}
