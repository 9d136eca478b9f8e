using System.Text.Json;
using DeepStats.Core.Data;
using DeepStats.Core.Preprocessing;
using DeepStats.Core.Training;
using Xunit;

namespace DeepStats.Core.Tests;

public class RecipeTests
{
    private static Dataset Table(params (string Name, double[] Values)[] cols) => Dataset.Tabular("t", "test",
        cols.Select(c => (DataColumn)new NumericColumn(c.Name, c.Values)).ToArray(),
        CsvDatasetReader.BuildTarget("y", Enumerable.Range(0, cols[0].Values.Length).Select(i => i % 2 == 0 ? "a" : "b").ToArray()));

    private static double[] Values(Dataset d, string name) => ((NumericColumn)d.GetColumn(name)!).Values;

    [Fact]
    public void MinMaxAndRobustMatchHandWorkedQuantiles()
    {
        // x = 1, 2, 4, 7, 11, 16 (and one missing value, ignored). Type 7 quantiles, h = (n - 1) p = 5p:
        // Q1: h = 1.25 -> 2 + 0.25 (4 - 2) = 2.5; median: h = 2.5 -> 4 + 0.5 (7 - 4) = 5.5; Q3: h = 3.75 -> 7 + 0.75 (11 - 7) = 10.
        // IQR = 7.5. Min 1, range 15.
        var x = new[] { 1.0, 2, double.NaN, 4, 7, 11, 16 };
        var c = new[] { 3.0, 3, 3, 3, 3, 3, 3 };
        var data = Table(("x", x), ("c", c));
        var robust = (Standardizer)new StandardizeRecipe(StandardizeMethod.Robust).Fit(data.View());
        Assert.Equal(5.5, robust.Parameters[0].Center);
        Assert.Equal(7.5, robust.Parameters[0].Scale);
        var minmax = (Standardizer)new StandardizeRecipe(StandardizeMethod.MinMax).Fit(data.View());
        Assert.Equal(1.0, minmax.Parameters[0].Center);
        Assert.Equal(15.0, minmax.Parameters[0].Scale);
        Assert.Contains("type 7", robust.Convention);
        Assert.Contains("ddof 1", new StandardizeRecipe().Fit(data.View()) is Standardizer z ? z.Convention : "");

        // applied to new data: (31 - 1) / 15 = 2; (11 - 5.5) / 7.5 = 11/15; missing stays missing; constant column -> 0, never NaN
        var test = Table(("x", new[] { 31.0, 11, double.NaN }), ("c", new[] { 3.0, 8, 3 }));
        Assert.Equal(new[] { 2.0, 10.0 / 15, double.NaN }, Values(minmax.Apply(test), "x"));
        Assert.Equal(11.0 / 15, Values(robust.Apply(test), "x")[1], 15);
        Assert.Equal(new[] { "c" }, minmax.ConstantColumns);
        Assert.Equal(new[] { 0.0, 0, 0 }, Values(minmax.Apply(test), "c"));
        Assert.Equal(new[] { 0.0, 0, 0 }, Values(robust.Apply(test), "c"));
    }

    [Fact]
    public void ColumnWildcardsChooseTheColumnsAndLeaveTheRest()
    {
        var data = Table(("bill_a", new[] { 0.0, 10 }), ("bill_b", new[] { 5.0, 15 }), ("mass", new[] { 100.0, 200 }));
        var result = PreprocessingPipeline.Fit(data, new StandardizeRecipe(StandardizeMethod.MinMax, new[] { "BILL_*" }));
        Assert.Equal(new[] { 0.0, 1 }, Values(result, "bill_a"));
        Assert.Equal(new[] { 0.0, 1 }, Values(result, "bill_b"));
        Assert.Equal(new[] { 100.0, 200 }, Values(result, "mass"));
        var e = Assert.Throws<DeepStatsException>(() => PreprocessingPipeline.Fit(data, new StandardizeRecipe(StandardizeMethod.ZScore, new[] { "nope*" })));
        Assert.Equal(ErrorIds.StandardizeColumnNotFound, e.ErrorId);
    }

    [Fact]
    public void StatesSurviveAJsonRoundTripExactly()
    {
        var tricky = new[] { 0.1 + 0.2, 1e-300, -0.0, 123456789.123456789, double.Epsilon, 5e-324 * 3, Math.PI };
        var data = Table(("x", tricky), ("w", new[] { 1.0, double.NaN, 3, 4, 5, 6, 7 }));
        var states = new List<FittedState>
        {
            (FittedState)new StandardizeRecipe(StandardizeMethod.ZScore).Fit(data.View()),
            (FittedState)new StandardizeRecipe(StandardizeMethod.Robust, new[] { "x" }).Fit(data.View(new[] { 0, 2, 4, 6 })),
            Imputer.Fit(Dataset.Tabular("c", "test", new DataColumn[] { CategoricalColumn.FromLabels("k", new[] { "u", null, "v", "u" }) }, null), ImputeStrategy.MostFrequent, addIndicators: true),
            (FittedState)new SelectFeaturesRecipe { Method = FeatureSelectionMethod.AnovaF, Top = 1 }.Fit(data.View()),
            new SequenceWindows(3, 1, new[] { "x" }, "x", "abc"),
        };
        string json = JsonSerializer.Serialize(states);
        var back = JsonSerializer.Deserialize<List<FittedState>>(json)!;
        Assert.Equal(json, JsonSerializer.Serialize(back));
        Assert.Contains("\"kind\":\"standardize\"", json);
        Assert.Contains("\"kind\":\"impute\"", json);
        Assert.Contains("\"kind\":\"select\"", json);
        Assert.Contains("\"kind\":\"window\"", json);
        Assert.DoesNotContain("DeepStats.Core", json); // no .NET type names in the file
        Assert.Equal(states.Select(s => s.GetType()), back.Select(s => s.GetType()));
        Assert.Equal(states.Select(s => s.Id), back.Select(s => s.Id));
        for (int k = 0; k < 2; k++)
        {
            var a = ((Standardizer)states[k]).Parameters;
            var b = ((Standardizer)back[k]).Parameters;
            Assert.Equal(a.Select(p => BitConverter.DoubleToInt64Bits(p.Center)), b.Select(p => BitConverter.DoubleToInt64Bits(p.Center)));
            Assert.Equal(a.Select(p => BitConverter.DoubleToInt64Bits(p.Scale)), b.Select(p => BitConverter.DoubleToInt64Bits(p.Scale)));
        }
        Assert.Equal(states[0].Rows!.Bits, back[0].Rows!.Bits);
        Assert.Equal(4, back[1].RowCount);
        // the rebuilt state transforms data bit for bit as the original
        Assert.Equal(Values(states[0].Apply(data), "x"), Values(back[0].Apply(data), "x"));
        // one state on its own, through the base type
        var single = JsonSerializer.Deserialize<FittedState>(JsonSerializer.Serialize<FittedState>(states[2]));
        Assert.Equal("u", Assert.IsType<Imputer>(single).Parameters[0].Level);
        // a kind that is not one of the known ones is refused, never turned into a type
        Assert.ThrowsAny<Exception>(() => JsonSerializer.Deserialize<FittedState>("{\"kind\":\"System.IO.FileInfo\",\"Id\":\"00000000-0000-0000-0000-000000000000\"}"));
        // recipes round-trip too
        var recipes = new List<Recipe> { new StandardizeRecipe(StandardizeMethod.MinMax, new[] { "a*" }), new ImputeRecipe { Strategy = ImputeStrategy.Constant, Constant = "0" },
            new SelectFeaturesRecipe { Method = FeatureSelectionMethod.Variance, Threshold = 0.5 } };
        var rj = JsonSerializer.Serialize(recipes);
        Assert.Equal(rj, JsonSerializer.Serialize(JsonSerializer.Deserialize<List<Recipe>>(rj)));
    }

    [Fact]
    public void RefitOnTrainingRowsDiffersFromTheAllRowsFitAsWorkedByHand()
    {
        // x = 1, 2, 3, 4, 100. All rows: mean 22. Training rows 0-3: mean 2.5, sample sd sqrt((2.25 + 0.25 + 0.25 + 2.25) / 3) = sqrt(5/3).
        var data = PreprocessingPipeline.Fit(Table(("x", new[] { 1.0, 2, 3, 4, 100 })), new StandardizeRecipe());
        var all = (Standardizer)data.Transforms[0];
        Assert.Equal(22.0, all.Parameters[0].Center);
        var refit = PreprocessingPipeline.RefitOn(data, new[] { 0, 1, 2, 3 });
        var s = (Standardizer)refit.Transforms.Single();
        Assert.Equal(2.5, s.Parameters[0].Center);
        Assert.Equal(Math.Sqrt(5.0 / 3), s.Parameters[0].Scale, 15);
        Assert.Equal(4, s.RowCount);
        Assert.Equal(all.Id, s.RefitOf);
        Assert.Equal((100 - 2.5) / Math.Sqrt(5.0 / 3), Values(refit, "x")[4], 12);
        Assert.Single(refit.Recipes);
        // all rows: nothing changes, the same fit is kept
        Assert.Same(data, PreprocessingPipeline.RefitOn(data, new[] { 0, 1, 2, 3, 4 }));
    }

    [Fact]
    public void ARefitRunsThePipelineInOrderOnTheTrainingRows()
    {
        // x = 1, NaN, 3, 5, 100; training rows 0-3. Mean imputation on them: (1 + 3 + 5) / 3 = 3, so the training rows become
        // 1, 3, 3, 5: mean 3, sample variance (4 + 0 + 0 + 4) / 3 = 8/3. Row 4 becomes (100 - 3) / sqrt(8/3).
        var raw = Table(("x", new[] { 1.0, double.NaN, 3, 5, 100 }));
        var data = PreprocessingPipeline.Fit(PreprocessingPipeline.Fit(raw, new ImputeRecipe { Strategy = ImputeStrategy.Mean }), new StandardizeRecipe());
        Assert.Equal(27.25, ((Imputer)data.Transforms[0]).Parameters[0].Number); // all rows: (1 + 3 + 5 + 100) / 4
        var refit = PreprocessingPipeline.RefitOn(data, new[] { 0, 1, 2, 3 });
        Assert.Equal(3.0, ((Imputer)refit.Transforms[0]).Parameters[0].Number);
        var s = (Standardizer)refit.Transforms[1];
        Assert.Equal(3.0, s.Parameters[0].Center);
        Assert.Equal(Math.Sqrt(8.0 / 3), s.Parameters[0].Scale, 15);
        Assert.Equal((100 - 3) / Math.Sqrt(8.0 / 3), Values(refit, "x")[4], 12);
        Assert.Equal(0.0, Values(refit, "x")[1]); // the imputed row sits at the training mean
    }

    [Fact]
    public void SplitsAndFoldsRefitOnTheirTrainingRows()
    {
        var raw = Table(("x", Enumerable.Range(0, 40).Select(i => (double)i * i).ToArray()));
        var data = PreprocessingPipeline.Fit(raw, new StandardizeRecipe(StandardizeMethod.MinMax));
        var split = DatasetSplitter.Split(data, 0, 0.25, 3, false);
        Assert.True(split.Refitted);
        var s = (Standardizer)split.Train.Transforms.Single();
        var trainX = split.TrainRows.Select(i => (double)i * i).ToArray();
        Assert.Equal(trainX.Min(), s.Parameters[0].Center);
        Assert.Equal(trainX.Max() - trainX.Min(), s.Parameters[0].Scale);
        Assert.Same(s, split.Test!.Transforms.Single()); // the test rows get the training fit
        foreach (var fold in DatasetSplitter.KFold(data, 4, 1, false))
        {
            var f = (Standardizer)fold.Train.Transforms.Single();
            Assert.Equal(fold.TrainRows.Min(i => (double)i * i), f.Parameters[0].Center);
            Assert.Equal(fold.TrainCount, f.RowCount);
        }
    }

    [Fact]
    public void TrainingRefitsTheStandardizerOnItsTrainingRowsOnly()
    {
        // the README pipeline ConvertTo-Standardized | Start-Training: the validation rows must not shape the standardizer
        var rng = new Random(5);
        var x = Enumerable.Range(0, 60).Select(i => (i % 2 == 0 ? 2.0 : -2.0) + rng.NextDouble()).ToArray();
        var raw = Table(("x", x));
        var data = PreprocessingPipeline.Fit(raw, new StandardizeRecipe());
        var options = new TrainingOptions { Epochs = 1, ValidationFraction = 0.25, Seed = 2 };
        using var model = Trainer.Train(data, null, options);
        var (trainRows, validRows) = DatasetSplitter.Split(raw, 0.25, 2);
        var s = (Standardizer)model.Transforms.Single();
        Assert.Equal(trainRows.Select(i => x[i]).Average(), s.Parameters[0].Center, 12);
        Assert.NotEqual(x.Average(), s.Parameters[0].Center, 6);
        Assert.Equal(trainRows.Length, s.RowCount);
        Assert.Equal(0, s.Rows!.CountContained(raw.View(validRows)));
    }

    [Fact]
    public void FoldViewsCopyNoColumns()
    {
        const int n = 1_000_000, columns = 16;
        var cols = new DataColumn[columns];
        for (int j = 0; j < columns; j++) cols[j] = new NumericColumn("c" + j, new double[n]);
        var data = Dataset.Tabular("big", "test", cols, new TargetColumn("y", new double[n]));
        long columnBytes = (long)n * columns * sizeof(double);
        DatasetSplitter.KFold(Table(("x", new double[10])), 2, 1, false)[0].TrainView.Count.ToString(); // JIT outside the count

        long before = GC.GetAllocatedBytesForCurrentThread();
        long rows = 0;
        foreach (var fold in DatasetSplitter.KFold(data, 5, 1, false))
            rows += fold.TrainView.Count + fold.TestView.Count;
        var split = DatasetSplitter.Split(data, 0.1, 0.2, 1, false);
        rows += split.TrainView.Count + split.ValidationView.Count + split.TestView.Count;
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(6L * n, rows);
        // index arrays only (5 folds + 1 split of 4-byte row numbers and their shuffles: ~40 MB); one training fold's columns alone are 102 MB
        Assert.True(allocated < columnBytes / 2, $"{allocated:N0} bytes allocated; the columns are {columnBytes:N0}");
        Console.WriteLine($"fold and split views: {allocated:N0} bytes allocated for {columnBytes:N0} bytes of columns");
        // and the contrast: materialising one fold does copy
        before = GC.GetAllocatedBytesForCurrentThread();
        _ = DatasetSplitter.KFold(data, 5, 1, false)[0].Train;
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before > columnBytes / 2);
    }
}
