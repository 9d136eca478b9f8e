using DeepStats.Core.Data;
using DeepStats.Core.Evaluation;
using DeepStats.Core.Persistence;
using DeepStats.Core.Preprocessing;
using DeepStats.Core.Training;
using Xunit;

namespace DeepStats.Core.Tests;

/// <summary>
/// Issue 17: transforms compose in any order. Every order of impute (median), standardize (ZScore, MinMax, Robust; every numeric
/// column or -Column a, b) and select (ANOVA F, top 2), with the standardizer fitted here or frozen (taken from a reference
/// table, -Reference), trained, saved and loaded, split and cross-validated: the model's inputs for new raw rows must equal the
/// transforms applied by hand in this file (medians, means, sample sds, minima, type 7 quartiles and ANOVA F computed here from
/// the rows the network trained on, frozen parameters from the reference table).
/// </summary>
public class PreprocessingOrderTests
{
    private static readonly string[] Names = { "a", "b", "c", "d" };

    /// <summary>Four numeric columns with missing values in a, b and c; class p/q/r. d and b carry the class strongly (ANOVA F in the
    /// hundreds), a and c hardly (F near 1), so the top 2 by F are b and d in every order and on any subset of the rows used here.</summary>
    private static Dataset Table(int n, int seed, bool holes = true)
    {
        var rng = new Random(seed);
        var cols = Names.Select(_ => new double[n]).ToArray();
        var y = new string[n];
        for (int i = 0; i < n; i++)
        {
            int k = i % 3;
            y[i] = "pqr"[k].ToString();
            cols[0][i] = 50 + 10 * rng.NextDouble();
            cols[1][i] = 5 * k + rng.NextDouble();
            cols[2][i] = -3 + rng.NextDouble() * rng.NextDouble() * 8;
            cols[3][i] = 100 * k + 20 * rng.NextDouble();
        }
        if (holes) foreach (var (c, r) in new[] { (0, 1), (0, 7), (1, 4), (2, 2), (2, 9), (2, 13) }) if (r < n) cols[c][r] = double.NaN;
        return Dataset.Tabular("t" + seed, "test", Names.Select((m, j) => (DataColumn)new NumericColumn(m, cols[j])).ToArray(),
            CsvDatasetReader.BuildTarget("y", y));
    }

    public enum Step { Impute, Standardize, Select }

    public static IEnumerable<object[]> Cases()
    {
        var orders = new[]
        {
            new[] { Step.Impute, Step.Standardize, Step.Select }, new[] { Step.Impute, Step.Select, Step.Standardize },
            new[] { Step.Standardize, Step.Impute, Step.Select }, new[] { Step.Standardize, Step.Select, Step.Impute },
            new[] { Step.Select, Step.Impute, Step.Standardize }, new[] { Step.Select, Step.Standardize, Step.Impute },
        };
        foreach (var order in orders)
            foreach (var method in new[] { StandardizeMethod.ZScore, StandardizeMethod.MinMax, StandardizeMethod.Robust })
                foreach (bool subset in new[] { false, true })
                    foreach (bool frozen in new[] { false, true })
                        yield return new object[] { string.Join(",", order), method, subset, frozen };
    }

    // ---- the transforms by hand ----

    private sealed class HandTable
    {
        public List<string> Names = new();
        public List<double[]> Values = new();
        public int[] Labels = Array.Empty<int>();
        public HandTable Clone() => new() { Names = Names.ToList(), Values = Values.Select(v => (double[])v.Clone()).ToList(), Labels = Labels };
    }

    private static HandTable Hand(Dataset d) => new()
    {
        Names = d.Columns.Select(c => c.Name).ToList(), Values = d.Columns.Select(c => (double[])((NumericColumn)c).Values.Clone()).ToList(), Labels = d.Target!.Labels,
    };

    private static double[] Present(double[] v, int[] rows) => rows.Select(r => v[r]).Where(x => !double.IsNaN(x)).OrderBy(x => x).ToArray();

    private static double Type7(double[] sorted, double p)
    {
        double h = (sorted.Length - 1) * p;
        int lo = (int)Math.Floor(h);
        return lo + 1 < sorted.Length ? sorted[lo] + (h - lo) * (sorted[lo + 1] - sorted[lo]) : sorted[lo];
    }

    /// <summary>Per-column centre and scale fitted on <paramref name="rows"/>: mean and sample sd, min and range, median and IQR.</summary>
    private static Dictionary<string, (double Center, double Scale)> FitScale(HandTable t, int[] rows, StandardizeMethod method, bool subset)
    {
        var p = new Dictionary<string, (double, double)>();
        for (int j = 0; j < t.Names.Count; j++)
        {
            if (subset && t.Names[j] is not ("a" or "b")) continue;
            var v = Present(t.Values[j], rows);
            double mean = v.Sum() / v.Length;
            p[t.Names[j]] = method switch
            {
                StandardizeMethod.ZScore => (mean, Math.Sqrt(v.Sum(x => (x - mean) * (x - mean)) / (v.Length - 1))),
                StandardizeMethod.MinMax => (v[0], v[^1] - v[0]),
                _ => (Type7(v, 0.5), Type7(v, 0.75) - Type7(v, 0.25)),
            };
        }
        return p;
    }

    private static void ApplyScale(HandTable t, Dictionary<string, (double Center, double Scale)> p)
    {
        for (int j = 0; j < t.Names.Count; j++)
            if (p.TryGetValue(t.Names[j], out var s))
                t.Values[j] = t.Values[j].Select(x => double.IsNaN(x) ? x : (x - s.Center) / s.Scale).ToArray();
    }

    /// <summary>One-way ANOVA F of a column over the classes, on the rows with a value.</summary>
    private static double AnovaF(double[] v, int[] labels, int[] rows)
    {
        var used = rows.Where(r => !double.IsNaN(v[r])).ToArray();
        double grand = used.Average(r => v[r]);
        var groups = used.GroupBy(r => labels[r]).ToArray();
        double between = groups.Sum(g => g.Count() * Math.Pow(g.Average(r => v[r]) - grand, 2));
        double within = groups.Sum(g => { double m = g.Average(r => v[r]); return g.Sum(r => (v[r] - m) * (v[r] - m)); });
        return between / (groups.Length - 1) / (within / (used.Length - groups.Length));
    }

    /// <summary>
    /// The chain by hand: each step fitted on <paramref name="fitRows"/> of <paramref name="fit"/> as the steps before left it, and
    /// applied to the same steps of <paramref name="apply"/>. A frozen standardizer takes its parameters from <paramref name="frozen"/>.
    /// Returns the final columns of <paramref name="apply"/> and the kept column names.
    /// </summary>
    private static HandTable Chain(Step[] order, StandardizeMethod method, bool subset, HandTable fit, int[] fitRows, HandTable apply,
        Dictionary<string, (double, double)>? frozen = null, Action<Dictionary<string, (double, double)>>? standardizerSeen = null)
    {
        fit = fit.Clone();
        apply = apply.Clone();
        foreach (var step in order)
        {
            switch (step)
            {
                case Step.Impute:
                    for (int j = 0; j < fit.Names.Count; j++)
                    {
                        var v = Present(fit.Values[j], fitRows);
                        double median = v.Length % 2 == 1 ? v[v.Length / 2] : (v[v.Length / 2 - 1] + v[v.Length / 2]) / 2;
                        fit.Values[j] = fit.Values[j].Select(x => double.IsNaN(x) ? median : x).ToArray();
                        apply.Values[j] = apply.Values[j].Select(x => double.IsNaN(x) ? median : x).ToArray();
                    }
                    break;
                case Step.Standardize:
                    var p = frozen ?? FitScale(fit, fitRows, method, subset);
                    standardizerSeen?.Invoke(p);
                    ApplyScale(fit, p);
                    ApplyScale(apply, p);
                    break;
                case Step.Select:
                    var scores = fit.Names.Select((_, j) => AnovaF(fit.Values[j], fit.Labels, fitRows)).ToArray();
                    var keep = Enumerable.Range(0, scores.Length).OrderByDescending(j => scores[j]).Take(2).OrderBy(j => j).ToArray();
                    fit = new HandTable { Names = keep.Select(j => fit.Names[j]).ToList(), Values = keep.Select(j => fit.Values[j]).ToList(), Labels = fit.Labels };
                    apply = new HandTable { Names = keep.Select(j => apply.Names[j]).ToList(), Values = keep.Select(j => apply.Values[j]).ToList(), Labels = apply.Labels };
                    break;
            }
        }
        return apply;
    }

    // ---- the same chain through DeepStats ----

    private static Dataset Build(Dataset raw, Step[] order, StandardizeMethod method, bool subset, Func<Dataset, FittedState>? frozenStandardizer)
    {
        var d = raw;
        foreach (var step in order)
            d = step switch
            {
                Step.Impute => PreprocessingPipeline.Fit(d, new ImputeRecipe { Strategy = ImputeStrategy.Median }),
                Step.Standardize when frozenStandardizer is not null => frozenStandardizer(d).Apply(d),
                Step.Standardize => PreprocessingPipeline.Fit(d, new StandardizeRecipe(method, subset ? new[] { "[ab]" } : null)),
                _ => PreprocessingPipeline.Fit(d, new SelectFeaturesRecipe { Method = FeatureSelectionMethod.AnovaF, Top = 2 }),
            };
        return d;
    }

    private static void AssertInputs(HandTable expected, Dataset prepared, string what)
    {
        Assert.Equal(expected.Names, prepared.Columns.Select(c => c.Name));
        for (int j = 0; j < expected.Names.Count; j++)
        {
            var actual = ((NumericColumn)prepared.Columns[j]).Values;
            Assert.Equal(expected.Values[j].Length, actual.Length);
            for (int i = 0; i < actual.Length; i++)
                Assert.True(Math.Abs(actual[i] - expected.Values[j][i]) <= 1e-12 * Math.Max(1, Math.Abs(expected.Values[j][i])),
                    $"{what}: column {expected.Names[j]}, row {i}: {actual[i]:R}, by hand {expected.Values[j][i]:R}");
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void EveryOrderTrainsSavesLoadsAndPredictsOnRawDataAsWorkedByHand(string orderText, StandardizeMethod method, bool subset, bool frozen)
    {
        var order = orderText.Split(',').Select(Enum.Parse<Step>).ToArray();
        var raw = Table(45, 1);
        var newRows = Table(12, 2); // raw rows never seen in fitting
        var reference = Table(30, 3); // -Reference: the standardizer is fitted on this table (through the same steps) and applied as given
        Dictionary<string, (double, double)>? frozenParameters = null;
        Func<Dataset, FittedState>? frozenStandardizer = null;
        if (frozen)
        {
            var before = order.TakeWhile(s => s != Step.Standardize).ToArray();
            var referenceData = Build(reference, before, method, subset, null);
            frozenStandardizer = _ => new StandardizeRecipe(method, subset ? new[] { "[ab]" } : null).Fit(referenceData.View());
            Chain(before.Append(Step.Standardize).ToArray(), method, subset, Hand(reference), Enumerable.Range(0, reference.RowCount).ToArray(), Hand(reference),
                standardizerSeen: p => frozenParameters = p);
        }
        var data = Build(raw, order, method, subset, frozenStandardizer);
        Assert.Equal(order.Length, data.Recipes.Count);
        Assert.Equal(frozen, data.Recipes[Array.IndexOf(order, Step.Standardize)] is FrozenRecipe);

        // Start-Training: the chain refitted once on the rows the network trains on (the validation holdout left out)
        var options = new TrainingOptions { Epochs = 1, ValidationFraction = 0.25, Seed = 4, BatchSize = 16 };
        using var model = Trainer.Train(data, null, options);
        var trainRows = DatasetSplitter.Split(raw, 0.25, 4).Train;
        var expected = Chain(order, method, subset, Hand(raw), trainRows, Hand(newRows), frozenParameters);
        AssertInputs(expected, model.Prepare(newRows), "Start-Training");
        Assert.Equal(new[] { "a", "b", "c", "d" }, model.InputSchema!.Features.Select(f => f.Name)); // the raw schema, before the selection

        // Save-Model / Import-Model: the chain round-trips and prepares the same inputs
        var loaded = new TrainedModel(ModelArtifact.FromJson(model.Artifact.ToJson()) with { Weights = model.Artifact.Weights });
        Assert.Equal(model.Recipes.Select(r => r.GetType()), loaded.Recipes.Select(r => r.GetType()));
        AssertInputs(expected, loaded.Prepare(newRows), "after a save and load");
        // the rows the model trained on are in its fingerprints; new rows are not (no collision through the dropped columns)
        Assert.Equal(0, LeakageGuard.Overlap(loaded, newRows).Overlapping);
        Assert.Equal(trainRows.Length, LeakageGuard.Overlap(loaded, raw).Fits.Single(f => f.Fit == "Model").Overlapping);

        // Split-Dataset: refitted on the split's training rows; its test part goes through the model trained on its training part
        var split = DatasetSplitter.Split(data, 0, 0.3, 7, true);
        var splitExpected = Chain(order, method, subset, Hand(raw), split.TrainRows, Hand(raw), frozenParameters);
        AssertInputs(new HandTable { Names = splitExpected.Names, Values = splitExpected.Values.Select(v => split.TestRows.Select(r => v[r]).ToArray()).ToList() },
            split.Test!, "Split-Dataset test part");
        using var splitModel = Trainer.Train(split.Train, null, options with { ValidationFraction = 0 });
        var splitHand = Chain(order, method, subset, Hand(raw), split.TrainRows, Hand(raw), frozenParameters);
        AssertInputs(new HandTable { Names = splitHand.Names, Values = splitHand.Values.Select(v => split.TestRows.Select(r => v[r]).ToArray()).ToList() },
            splitModel.Prepare(split.Test!), "a model of the split's training part on its test part");
    }

    [Theory]
    [InlineData("Standardize,Select", StandardizeMethod.MinMax)]
    [InlineData("Impute,Select,Standardize", StandardizeMethod.Robust)]
    [InlineData("Select,Impute,Standardize", StandardizeMethod.ZScore)]
    [InlineData("Standardize,Impute,Select", StandardizeMethod.ZScore)]
    public void CrossValidationFoldsRefitOnceOnTheRowsTheNetworkTrainsOn(string orderText, StandardizeMethod method)
    {
        var order = orderText.Split(',').Select(Enum.Parse<Step>).ToArray();
        var raw = Table(45, 5, holes: order.Contains(Step.Impute));
        var data = Build(raw, order, method, false, null);
        var options = new TrainingOptions { Epochs = 2, ValidationFraction = 0.2, Seed = 3, BatchSize = 16 };
        var cv = CrossValidator.Run(data, null, options, new CrossValidationOptions { Folds = 3, Seed = 2 });
        Assert.Equal(3, cv.Folds.Count);
        foreach (var fold in cv.Folds)
        {
            var foldTrain = cv.Plan.TrainRows(1, fold.Fold);
            var foldTest = cv.Plan.TestRows(1, fold.Fold);
            // the one rule: refitted once, on the fold's training rows less the trainer's validation holdout
            var networkRows = DatasetSplitter.Split(raw.Select(foldTrain), 0.2, 3).Train.Select(i => foldTrain[i]).ToArray();
            using var model = Trainer.Train(data.Select(foldTrain), null, options);
            var expected = Chain(order, method, false, Hand(raw), networkRows, Hand(raw.Select(foldTest)));
            AssertInputs(expected, model.Prepare(raw.Select(foldTest)), $"fold {fold.Fold}");
            foreach (var state in model.Transforms.Where(t => t.Rows is not null))
            {
                Assert.Equal(networkRows.Length, state.RowCount);
                Assert.Equal(0, state.Rows!.CountContained(raw.View(foldTest))); // the fold's test rows shaped no fit
            }
            // and cross-validation scored the fold with exactly this model
            var predicted = Predictor.Predict(model, raw.Select(foldTest));
            Assert.Equal(predicted.PredictedLabels, fold.Predictions.PredictedLabels);
        }
    }

    [Fact]
    public void AFrozenMinMaxOfOneColumnStaysThatThroughCrossValidation()
    {
        // the old path: a MinMax fit of one column, given as a state, came back from cross-validation as a ZScore of every
        // column. Frozen, it is applied as given in every fold: min and range of column d over the reference table, nothing else scaled.
        var raw = Table(45, 6, holes: false);
        var reference = Table(30, 7, holes: false);
        var state = Standardizer.Fit(reference.View(), StandardizeMethod.MinMax, new[] { "d" });
        var data = state.Apply(raw);
        var d = Present(((NumericColumn)reference.GetColumn("d")!).Values, Enumerable.Range(0, 30).ToArray());
        var options = new TrainingOptions { Epochs = 1, ValidationFraction = 0.2, Seed = 3, Standardize = false };
        var cv = CrossValidator.Run(data, null, options, new CrossValidationOptions { Folds = 3, Seed = 2 });
        var fold = cv.Folds[0];
        using var model = Trainer.Train(data.Select(cv.Plan.TrainRows(1, fold.Fold)), null, options);
        var s = Assert.IsType<Standardizer>(Assert.Single(model.Transforms));
        Assert.Same(state, s);
        Assert.Equal(StandardizeMethod.MinMax, s.Method);
        Assert.Equal(new[] { ("d", d[0], d[^1] - d[0]) }, s.Parameters.Select(p => (p.Name, p.Center, p.Scale)));
        var test = raw.Select(cv.Plan.TestRows(1, fold.Fold));
        var prepared = model.Prepare(test);
        Assert.Equal(((NumericColumn)test.GetColumn("b")!).Values, ((NumericColumn)prepared.GetColumn("b")!).Values); // b untouched
        Assert.Equal(((NumericColumn)test.GetColumn("d")!).Values.Select(x => (x - d[0]) / (d[^1] - d[0])), ((NumericColumn)prepared.GetColumn("d")!).Values);
        Assert.Equal(Predictor.Predict(model, test).PredictedLabels, fold.Predictions.PredictedLabels);
        // the leakage guard labels it frozen and finds none of the reference rows in this data
        Assert.Contains(LeakageGuard.Overlap(model, test).Fits, f => f.Fit.Contains("frozen") && f.Overlapping == 0);
    }

    [Fact]
    public void AVersion1ModelFileStillReadsItsChainWithTheEarlierStepsFrozen()
    {
        // version 1 listed recipes for the last steps only (a state given with -Reference had none); reading binds one recipe per state
        var raw = Table(30, 8, holes: false);
        var given = Standardizer.Fit(Table(20, 9, holes: false).View(), StandardizeMethod.MinMax, new[] { "d" });
        var data = PreprocessingPipeline.Fit(given.Apply(raw), new SelectFeaturesRecipe { Method = FeatureSelectionMethod.AnovaF, Top = 2 });
        using var model = Trainer.Train(data, null, new TrainingOptions { Epochs = 1, ValidationFraction = 0, Seed = 1 });
        var node = System.Text.Json.Nodes.JsonNode.Parse(model.Artifact.ToJson())!.AsObject();
        Assert.Equal(2, node["formatVersion"]!.GetValue<int>());
        Assert.Equal("frozen", node["recipes"]![0]!["kind"]!.GetValue<string>());
        node["formatVersion"] = 1;
        node["recipes"]!.AsArray().RemoveAt(0); // the version 1 shape
        var back = ModelArtifact.FromJson(node.ToJsonString());
        Assert.Equal(1, back.FormatVersion);
        var frozen = Assert.IsType<FrozenRecipe>(back.Recipes[0]);
        Assert.Same(back.Transforms[0], frozen.State);
        Assert.IsType<SelectFeaturesRecipe>(back.Recipes[1]);
        Assert.Equal(given.Id, back.Transforms[0].Id);
    }
}
