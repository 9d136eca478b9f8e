using DeepStats.Core.Data;
using DeepStats.Core.Preprocessing;
using DeepStats.Core.Training;
using Xunit;

namespace DeepStats.Core.Tests;

public class LeakageGuardTests
{
    private static Dataset Rows(int n, int seed)
    {
        var rng = new Random(seed);
        var x = Enumerable.Range(0, n).Select(i => (i % 2 == 0 ? 2.0 : -2.0) + rng.NextDouble()).ToArray();
        var z = Enumerable.Range(0, n).Select(_ => rng.NextDouble()).ToArray();
        return Dataset.Tabular("r" + seed, "test", new DataColumn[] { new NumericColumn("x", x), new NumericColumn("z", z) },
            CsvDatasetReader.BuildTarget("y", Enumerable.Range(0, n).Select(i => i % 2 == 0 ? "a" : "b").ToArray()));
    }

    [Fact]
    public void WarnsWithTheCountOnOverlapAndNotForDisjointRows()
    {
        var data = Rows(100, 1);
        var options = new TrainingOptions { Epochs = 1, ValidationFraction = 0.2, Seed = 4 };
        using var model = Trainer.Train(data, null, options);
        var (train, valid) = DatasetSplitter.Split(data, 0.2, 4);

        var disjoint = LeakageGuard.Overlap(model, Rows(50, 2));
        Assert.Equal(0, disjoint.Overlapping);
        Assert.Null(disjoint.Warning);

        // the validation rows were not fitted on, by the standardizer or the network
        Assert.Equal(0, LeakageGuard.Overlap(model, data.Select(valid)).Overlapping);

        // the whole dataset holds the training rows: both the standardizer and the network saw exactly those
        var all = LeakageGuard.Overlap(model, data);
        Assert.Equal(train.Length, all.Overlapping);
        Assert.Equal(new[] { ("Standardize", train.Length), ("Model", train.Length) }, all.Fits.Select(f => (f.Fit, f.Overlapping)));
        Assert.Contains($"{train.Length} of the 100 rows", all.Warning);

        // five training rows among new ones
        var mixed = LeakageGuard.Overlap(model, data.Select(train.Take(5).ToArray()));
        Assert.Equal(5, mixed.Overlapping);
    }

    [Fact]
    public void RowFilterHasNoFalseNegativesAndSurvivesItsCounts()
    {
        var data = Rows(2000, 3);
        var f = RowFilter.Of(data.View(Enumerable.Range(0, 1000).ToArray()));
        Assert.Equal(1000, f.CountContained(data.View(Enumerable.Range(0, 1000).ToArray())));
        Assert.Equal(0, f.CountContained(data.View(Enumerable.Range(1000, 1000).ToArray())));
        Assert.True(f.ExpectedFalsePositives(1000) < 1e-3);
        Assert.Equal(1000 * RowFilter.BitsPerRow / 8, f.Bits.Length);
    }
}
