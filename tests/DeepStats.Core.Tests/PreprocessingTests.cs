using DeepStats.Core.Data;
using DeepStats.Core.Preprocessing;
using Xunit;

namespace DeepStats.Core.Tests;

public class PreprocessingTests
{
    private static Dataset Table(double[] x, double[] z, string[] y) => Dataset.Tabular("t", "test",
        new DataColumn[] { new NumericColumn("x", x), new NumericColumn("z", z) }, CsvDatasetReader.BuildTarget("y", y));

    [Fact]
    public void StandardizesWithSampleSd()
    {
        // x = 2, 4, 6: mean 4, sample sd 2 -> z = -1, 0, 1
        var ds = Table(new[] { 2.0, 4, 6 }, new[] { 5.0, 5, 5 }, new[] { "a", "b", "a" });
        var s = Standardizer.Fit(ds);
        Assert.Equal(4.0, s.Parameters[0].Center, 14);
        Assert.Equal(2.0, s.Parameters[0].Scale, 14);
        var t = s.Apply(ds);
        Assert.Equal(new[] { -1.0, 0, 1 }, ((NumericColumn)t.Columns[0]).Values);
        // the constant column is centred, not divided by zero
        Assert.Equal(new[] { "z" }, s.ConstantColumns);
        Assert.Equal(new[] { 0.0, 0, 0 }, ((NumericColumn)t.Columns[1]).Values);
        Assert.Same(s, Assert.Single(t.Transforms));
    }

    [Fact]
    public void TestDataGetsTheTrainingParametersNotItsOwn()
    {
        var train = Table(new[] { 2.0, 4, 6 }, new[] { 1.0, 2, 3 }, new[] { "a", "b", "a" });
        var test = Table(new[] { 8.0, 10 }, new[] { 1.0, 1 }, new[] { "a", "b" });
        var s = Standardizer.Fit(train);
        var applied = TransformPipeline.ApplyTo(test, new FittedState[] { s });
        Assert.Equal(new[] { 2.0, 3.0 }, ((NumericColumn)applied.Columns[0]).Values); // (8-4)/2, (10-4)/2
    }

    [Fact]
    public void DataStandardizedOnItselfIsRefusedAsLeakage()
    {
        var train = Table(new[] { 2.0, 4, 6 }, new[] { 1.0, 2, 3 }, new[] { "a", "b", "a" });
        var test = Table(new[] { 8.0, 10 }, new[] { 1.0, 1 }, new[] { "a", "b" });
        var own = Standardizer.Fit(test).Apply(test);
        var e = Assert.Throws<DeepStatsException>(() => TransformPipeline.ApplyTo(own, new FittedState[] { Standardizer.Fit(train) }));
        Assert.Equal("ForeignTransform", e.ErrorId);
    }

    [Fact]
    public void ImageStandardizationIsPerChannel()
    {
        // one image, 2 channels of 2 pixels: channel 0 = 1, 3 (mean 2, sd sqrt 2); channel 1 = 10, 10 (constant)
        var img = new ImageBlock(new float[] { 1, 3, 10, 10 }, 1, 2, 1, 2);
        var ds = Dataset.FromImages("i", "test", img, null);
        var s = Standardizer.Fit(ds);
        Assert.Equal(2.0, s.Parameters[0].Center, 12);
        Assert.Equal(Math.Sqrt(2), s.Parameters[0].Scale, 12);
        var t = s.Apply(ds).Images!.Pixels;
        Assert.Equal(-1 / Math.Sqrt(2), t[0], 6);
        Assert.Equal(0f, t[2]);
    }

    [Fact]
    public void StratifiedSplitKeepsClassSharesAndIsSeeded()
    {
        var labels = Enumerable.Range(0, 100).Select(i => i < 80 ? "a" : "b").ToArray();
        var ds = Table(new double[100], new double[100], labels);
        var (train, hold) = DatasetSplitter.Split(ds, 0.25, seed: 3);
        Assert.Equal(20, hold.Count(i => i < 80));
        Assert.Equal(5, hold.Count(i => i >= 80));
        Assert.Equal(75, train.Length);
        Assert.Empty(train.Intersect(hold));
        Assert.Equal(hold, DatasetSplitter.Split(ds, 0.25, seed: 3).Holdout);
        Assert.NotEqual(hold, DatasetSplitter.Split(ds, 0.25, seed: 4).Holdout);
    }

    [Fact]
    public void SchemaAlignmentRemapsCategoriesAndRefusesUnseenOnes()
    {
        var train = Dataset.Tabular("tr", "t", new DataColumn[] { CategoricalColumn.FromLabels("c", new[] { "red", "green", "blue" }) },
            CsvDatasetReader.BuildTarget("y", new[] { "a", "b", "a" }));
        var schema = FeatureSchema.Of(train);
        var test = Dataset.Tabular("te", "t", new DataColumn[] { CategoricalColumn.FromLabels("c", new[] { "red", "red" }) },
            CsvDatasetReader.BuildTarget("y", new[] { "b", "b" }));
        var aligned = schema.Align(test);
        var col = (CategoricalColumn)aligned.Columns[0];
        Assert.Equal(new[] { "blue", "green", "red" }, col.Levels);
        Assert.Equal(new[] { 2, 2 }, col.Codes);
        Assert.Equal(new[] { 1, 1 }, aligned.Target!.Labels);
        var unseen = Dataset.Tabular("te", "t", new DataColumn[] { CategoricalColumn.FromLabels("c", new[] { "purple" }) }, null);
        var e = Assert.Throws<DeepStatsException>(() => schema.Align(unseen));
        Assert.Equal("UnseenCategory", e.ErrorId);
        Assert.Contains("'purple'", e.Message);
    }
}
