using DeepStats.Core.Data;
using DeepStats.Core.Statistics;
using Xunit;

namespace DeepStats.Core.Tests;

public class CategoryStatisticsTests
{
    [Fact]
    public void CountsProportionsEntropyImbalanceAndBaseline()
    {
        // a a b c + one missing: p = 1/2, 1/4, 1/4 -> entropy 1.5 bits exactly; imbalance 2; baseline 1/2
        var c = CategorySummary.Compute("c", new[] { 0, 0, 1, -1, 2 }, new[] { "a", "b", "c" });
        Assert.Equal(4, c.Count);
        Assert.Equal(1, c.Missing);
        Assert.Equal(3, c.Levels);
        Assert.Equal(new[] { 2, 1, 1 }, c.LevelCounts.Select(l => l.Count));
        Assert.Equal(new[] { 0.5, 0.25, 0.25 }, c.LevelCounts.Select(l => l.Proportion));
        Assert.Equal("a", c.Mode);
        Assert.Equal(2, c.ModeCount);
        Assert.Equal(1.5, c.Entropy, 15);
        Assert.Equal(1.5 / Math.Log2(3), c.NormalizedEntropy, 15);
        Assert.Equal(2.0, c.ImbalanceRatio);
        Assert.Equal(0.5, c.BaselineAccuracy);
        Assert.True(c.BaselineLower < 0.5 && c.BaselineUpper > 0.5);
        Assert.Equal("bits (log2)", c.EntropyUnit);
        Assert.Empty(c.Undefined);
    }

    [Fact]
    public void TiesGoToTheFirstLevel()
    {
        var c = CategorySummary.Compute("c", new[] { 1, 0, 1, 0 }, new[] { "x", "y" });
        Assert.Equal("x", c.Mode);
        Assert.Equal(1.0, c.Entropy, 15);
        Assert.Equal(1.0, c.ImbalanceRatio);
    }

    [Fact]
    public void SingleLevelAndAllMissingAreDefinedOrExplained()
    {
        var one = CategorySummary.Compute("c", new[] { 0, 0, 0 }, new[] { "x" });
        Assert.Equal(0.0, one.Entropy);
        Assert.Equal(1.0, one.BaselineAccuracy);
        Assert.Equal(1.0, one.ImbalanceRatio);
        Assert.True(double.IsNaN(one.NormalizedEntropy));
        Assert.Single(one.Undefined);

        var none = CategorySummary.Compute("c", new[] { -1, -1 }, Array.Empty<string>());
        Assert.Equal(0, none.Count);
        Assert.Equal(2, none.Missing);
        Assert.Null(none.Mode);
        Assert.Contains("all missing", none.Undefined[0]);
    }
}

public class ObjectDatasetBuilderTests
{
    [Fact]
    public void TypesColumnsByTheirValues()
    {
        var rows = new List<object?[]>
        {
            new object?[] { "1.5", 2, "red", "yes", null },
            new object?[] { "NA", 3.5, "blue", "no", "" },
            new object?[] { "-2e3", (long)4, "7", "yes", "NA" },
        };
        var ds = ObjectDatasetBuilder.Build("t", new[] { "a", "b", "c", "y", "e" }, rows, "y");
        var a = Assert.IsType<NumericColumn>(ds.GetColumn("a"));
        Assert.Equal(new[] { 1.5, double.NaN, -2000 }, a.Values);
        Assert.Equal(new[] { 2.0, 3.5, 4.0 }, Assert.IsType<NumericColumn>(ds.GetColumn("b")).Values);
        Assert.Equal(new[] { "7", "blue", "red" }, Assert.IsType<CategoricalColumn>(ds.GetColumn("c")).Levels);
        Assert.Equal(3, Assert.IsType<NumericColumn>(ds.GetColumn("e")).MissingCount);
        Assert.Equal(new[] { "no", "yes" }, ds.Target!.Classes);
        Assert.Equal(new[] { 1, 0, 1 }, ds.Target.Labels);
    }

    [Fact]
    public void UnknownTargetFailsWithStableId()
    {
        var e = Assert.Throws<DeepStatsException>(() => ObjectDatasetBuilder.Build("t", new[] { "a" }, new[] { new object?[] { 1 } }, "nope"));
        Assert.Equal("TargetColumnNotFound", e.ErrorId);
    }
}

public class DatasetStatisticsTests
{
    private static Dataset Sample() => ObjectDatasetBuilder.Build("t", new[] { "x", "z", "k", "g" }, new[]
    {
        new object?[] { 1.0, 2.0, 5.0, "p" }, new object?[] { 2.0, 4.1, 5.0, "p" }, new object?[] { 3.0, 5.9, 5.0, "q" },
        new object?[] { 4.0, 8.2, 5.0, "q" }, new object?[] { 5.0, 9.8, 5.0, "q" },
    });

    [Fact]
    public void ClassTargetGivesAnovaAndNumericTargetGivesPearson()
    {
        var r = DatasetStatistics.Compute(Sample(), new StatisticsOptions { Correlation = true, Target = "g" });
        Assert.Equal(3, r.Numeric.Count);
        Assert.Equal("Target", Assert.Single(r.Categorical).Role);
        Assert.Equal(2, r.Correlations.Count);
        Assert.All(r.Associations, a => Assert.Equal("One-way ANOVA", a.Method));
        Assert.True(double.IsNaN(r.Associations.Single(a => a.Column == "k").Statistic)); // constant feature

        var n = DatasetStatistics.Compute(Sample(), new StatisticsOptions { Correlation = true, Target = "z" });
        Assert.Equal("Target", n.Numeric.Single(s => s.Column == "z").Role);
        var ax = n.Associations.Single(a => a.Column == "x");
        Assert.Equal("Pearson", ax.Method);
        Assert.Equal(Correlation.Pearson(new double[] { 1, 2, 3, 4, 5 }, new[] { 2.0, 4.1, 5.9, 8.2, 9.8 }).R, ax.Statistic, 15);
    }

    [Fact]
    public void RejectsABadConfidenceLevel()
    {
        var e = Assert.Throws<DeepStatsException>(() => DatasetStatistics.Compute(Sample(), new StatisticsOptions { ConfidenceLevel = 1.5 }));
        Assert.Equal("InvalidConfidenceLevel", e.ErrorId);
    }
}
