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

    [Fact]
    public void RowsAreFingerprintedRawSoASelectionCannotMakeNewRowsCollide()
    {
        // the false warning: after Select-Feature keeps one coarse column, new rows share (x, class) with training rows
        // though none equals one. x = 0/1/2, the class code for 4 rows in 5; z is fine noise, different in every row.
        Dataset Rows(int n, int seed)
        {
            var rng = new Random(seed);
            return Dataset.Tabular("c" + seed, "test", new DataColumn[] {
                    new NumericColumn("x", Enumerable.Range(0, n).Select(i => (double)(i % 3)).ToArray()),
                    new NumericColumn("z", Enumerable.Range(0, n).Select(_ => rng.NextDouble()).ToArray()) },
                CsvDatasetReader.BuildTarget("y", Enumerable.Range(0, n).Select(i => "abc"[(i % 3 + (i % 5 == 4 ? 1 : 0)) % 3].ToString()).ToArray()));
        }
        var train = Rows(60, 1);
        var fresh = Rows(30, 2);
        var data = PreprocessingPipeline.Fit(train, new SelectFeaturesRecipe { Method = FeatureSelectionMethod.AnovaF, Top = 1 });
        Assert.Equal(new[] { "x" }, data.Columns.Select(c => c.Name));
        using var model = Trainer.Train(data, null, new TrainingOptions { Epochs = 1, ValidationFraction = 0, Seed = 1 });
        // hashed on the selected column alone, every new row would be "seen": (x, y) takes 6 values, all among the 60 training rows
        var selectedOnly = Dataset.Tabular("s", "test", new DataColumn[] { data.Columns[0] }, data.Target);
        var freshSelected = Dataset.Tabular("f", "test", new DataColumn[] { fresh.Columns[0] }, fresh.Target);
        Assert.Equal(30, RowFilter.Of(selectedOnly.View()).CountContained(freshSelected.View()));
        // hashed as raw rows: none is, and every training row still is
        var report = LeakageGuard.Overlap(model, fresh);
        Assert.Equal(0, report.Overlapping);
        Assert.Null(report.Warning);
        Assert.Equal(new[] { ("Select", 60), ("Standardize", 60), ("Model", 60) }, LeakageGuard.Overlap(model, train).Fits.Select(f => (f.Fit, f.Overlapping)));
    }
}
