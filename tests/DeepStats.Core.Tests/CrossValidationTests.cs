using DeepStats.Core.Data;
using DeepStats.Core.Evaluation;
using DeepStats.Core.Models;
using DeepStats.Core.Preprocessing;
using DeepStats.Core.Training;
using Xunit;

namespace DeepStats.Core.Tests;

public class CrossValidationTests
{
    /// <summary>100 rows, 20% class b (every fifth row), groups of 4 rows.</summary>
    private static Dataset Table(int n)
    {
        var x = Enumerable.Range(0, n).Select(i => (double)i).ToArray();
        var labels = Enumerable.Range(0, n).Select(i => i % 5 == 0 ? 1 : 0).ToArray();
        return Dataset.Tabular("t", "test", new DataColumn[] { new NumericColumn("x", x) }, new TargetColumn("y", labels, new[] { "a", "b" }));
    }


    private static readonly ModelSpec Small = NetworkFactory.FeedForward(new FeedForwardOptions { Hidden = new[] { 8 } });

    [Fact]
    public void FoldPlanIsStratifiedSeededAndRepeatsWithFreshShuffles()
    {
        var data = Table(100);
        var plan = FoldPlan.Create(data, 5, 3, seed: 11, stratify: true, groupBy: null);
        Assert.Equal("Stratified", plan.Strategy);
        for (int r = 1; r <= 3; r++)
        {
            // every row tested exactly once per repeat; each fold holds 20 rows: 16 of class a, 4 of class b (exact: 80 and 20 dealt round 5 folds)
            Assert.Equal(Enumerable.Range(0, 100), Enumerable.Range(1, 5).SelectMany(f => plan.TestRows(r, f)).Order());
            for (int f = 1; f <= 5; f++)
            {
                var test = plan.TestRows(r, f);
                Assert.Equal(new[] { 16, 4 }, new[] { test.Count(i => i % 5 != 0), test.Count(i => i % 5 == 0) });
                Assert.Empty(plan.TrainRows(r, f).Intersect(test));
                Assert.Equal(100, plan.TrainRows(r, f).Length + test.Length);
            }
        }
        // repeat r is Split-Dataset -Folds with seed + r - 1: fresh shuffles, reproducible
        Assert.Equal(DatasetSplitter.KFold(data, 5, 12, true)[2].TestRows, plan.TestRows(2, 3));
        Assert.NotEqual(plan.Assignment[0], plan.Assignment[1]);
        var again = FoldPlan.Create(data, 5, 3, 11, true, null);
        Assert.Equal(plan.Id, again.Id);
        Assert.Equal(plan.Assignment, again.Assignment);
        var other = FoldPlan.Create(data, 5, 3, 12, true, null);
        Assert.NotEqual(plan.Id, other.Id);
        Assert.Equal("seed 11 vs 12", plan.DifferenceFrom(other));
        Assert.Equal("Random", FoldPlan.Create(data, 5, 1, 11, false, null).Strategy);
    }

    [Fact]
    public void GroupedFoldsKeepGroupsWholeAndStratifyWhereTheGroupsAllow()
    {
        // 8 groups of 10 rows: groups 0-3 all class a, groups 4-7 all class b. Two folds can each get two whole
        // a-groups and two whole b-groups (20 a + 20 b), which is what stratification within groups must find for
        // every seed; an unstratified grouped split only balances the sizes (40 rows each).
        int n = 80;
        var g = Enumerable.Range(0, n).Select(i => i / 10).ToArray();
        var labels = g.Select(k => k < 4 ? 0 : 1).ToArray();
        var data = Dataset.Tabular("g", "test", new DataColumn[]
        {
            new NumericColumn("x", Enumerable.Range(0, n).Select(i => (double)i).ToArray()),
            new CategoricalColumn("site", g, Enumerable.Range(0, 8).Select(k => "s" + k).ToArray()),
        }, new TargetColumn("y", labels, new[] { "a", "b" }));
        bool someUnstratifiedUneven = false;
        for (int seed = 1; seed <= 6; seed++)
        {
            var plan = FoldPlan.Create(data, 2, 1, seed, stratify: true, groupBy: "site");
            Assert.Equal("Grouped by site, stratified", plan.Strategy);
            for (int f = 1; f <= 2; f++)
            {
                var test = plan.TestRows(1, f);
                Assert.Empty(test.Select(i => g[i]).Intersect(plan.TrainRows(1, f).Select(i => g[i]))); // no site on both sides
                Assert.Equal(new[] { 20, 20 }, new[] { test.Count(i => labels[i] == 0), test.Count(i => labels[i] == 1) });
            }
            var plain = FoldPlan.Create(data, 2, 1, seed, stratify: false, groupBy: "site");
            Assert.Equal("Grouped by site", plain.Strategy);
            Assert.Equal(40, plain.TestRows(1, 1).Length);
            someUnstratifiedUneven |= plain.TestRows(1, 1).Count(i => labels[i] == 0) != 20;
            Assert.Equal(plan.Id, FoldPlan.Create(data, 2, 1, seed, true, "site").Id);
        }
        Assert.True(someUnstratifiedUneven, "without stratification some seed should give a fold with a class share other than 1/2");
    }

    [Fact]
    public void RefitsRecipesOnEachFoldsTrainingRowsWithTheirOwnOptions()
    {
        // x = 1, 2, 4, 100, 200, 300; a MinMax recipe of x only. Fold: train rows 0-2, test rows 3-5. By hand:
        // on the training rows min 1, range 3, so x = 2 maps to 1/3 (fitted on all rows it would be 1/299).
        // A fold hands its training rows to the trainer with the chain unrefitted; the trainer's one refit is RefitOn.
        var raw = Dataset.Tabular("r", "test", new DataColumn[] { new NumericColumn("x", new double[] { 1, 2, 4, 100, 200, 300 }),
                new NumericColumn("z", new double[] { 5, 6, 7, 8, 9, 10 }) },
            new TargetColumn("y", new[] { 0, 1, 0, 1, 0, 1 }, new[] { "a", "b" }));
        var data = PreprocessingPipeline.Fit(raw, new StandardizeRecipe(StandardizeMethod.MinMax, new[] { "x" }));
        Assert.Equal(raw.Fingerprint, data.Raw!.Data.Fingerprint);
        // a fold hands the trainer a view of its training rows; the trainer refits the recipe once, on them (no validation holdout here)
        var train = TrainingData.Prepare(data.View(new[] { 0, 1, 2 }), new TrainingOptions { ValidationFraction = 0, Standardize = false }).Prepared;
        var std = Assert.IsType<Standardizer>(Assert.Single(train.Transforms));
        Assert.Equal(StandardizeMethod.MinMax, std.Method);
        Assert.Equal(3, std.RowCount);
        Assert.Equal(1.0 / 3, ((NumericColumn)train.Columns[0]).Values[1], 14);
        Assert.Equal(new double[] { 5, 6, 7 }, ((NumericColumn)train.Columns[1]).Values.Take(3)); // z is not in the recipe's columns
        Assert.Equal(new double[] { 100, 200, 300 }, ((NumericColumn)data.Raw.Select(new[] { 3, 4, 5 }).Materialize().Columns[0]).Values); // test rows from the raw data
    }

    [Fact]
    public void RefitsTheDataPreprocessingOnEachFoldsTrainingRows()
    {
        // x = 1, 2, NaN, 4, 100, 200; fold: train rows 0-3, test rows 4-5. Worked by hand:
        // imputer (mean) on the training rows: (1 + 2 + 4) / 3 = 7/3 (on all rows it would be 307/5 = 61.4);
        // imputed training x = 1, 2, 7/3, 4: mean (28/3) / 4 = 7/3, sample variance (16/9 + 1/9 + 0 + 25/9) / 3 = 14/9, sd sqrt(14)/3.
        var raw = Dataset.Tabular("r", "test", new DataColumn[] { new NumericColumn("x", new[] { 1, 2, double.NaN, 4, 100, 200 }) },
            new TargetColumn("y", new[] { 0, 1, 0, 1, 0, 1 }, new[] { "a", "b" }));
        var data = PreprocessingPipeline.Fit(PreprocessingPipeline.Fit(raw, new ImputeRecipe { Strategy = ImputeStrategy.Mean }), new StandardizeRecipe());
        var train = PreprocessingPipeline.RefitOn(data.Select(new[] { 0, 1, 2, 3 }), new[] { 0, 1, 2, 3 });
        var imp = Assert.IsType<Imputer>(train.Transforms[0]);
        var std = Assert.IsType<Standardizer>(train.Transforms[1]);
        Assert.Equal(7.0 / 3, imp.Parameters[0].Number, 14);
        Assert.Equal(7.0 / 3, std.Parameters[0].Center, 14);
        Assert.Equal(Math.Sqrt(14) / 3, std.Parameters[0].Scale, 14);
        Assert.NotEqual(data.Transforms[0].Id, imp.Id);
        Assert.Equal(data.Transforms[0].Id, imp.RefitOf);
        Assert.Equal((2 - 7.0 / 3) / (Math.Sqrt(14) / 3), ((NumericColumn)train.Columns[0]).Values[1], 12);
        // states applied directly (no recipe) are frozen: applied as given, never refitted
        var frozen = Standardizer.Fit(raw.Select(new[] { 0, 1, 3 })).Apply(raw);
        Assert.IsType<FrozenRecipe>(Assert.Single(frozen.Recipes));
        Assert.Same(frozen, PreprocessingPipeline.RefitOn(frozen, new[] { 0, 1 }));
    }

    [Fact]
    public void FittedTransformsBeforeWindowsAreRefusedWithAClearError()
    {
        var series = Dataset.Tabular("s", "test", new DataColumn[] { new NumericColumn("v", Enumerable.Range(0, 30).Select(i => Math.Sin(i)).ToArray()) }, null);
        var standardized = PreprocessingPipeline.Fit(series, new StandardizeRecipe());
        var windows = SequenceWindows.For(standardized, 5, 1, null, "v").Apply(standardized);
        var e = Assert.Throws<DeepStatsException>(() => PreprocessingPipeline.RefitOn(windows, Enumerable.Range(0, 10).ToArray()));
        Assert.Equal(ErrorIds.CrossValidationCannotRefit, e.ErrorId);
        Assert.Contains("windows", e.Message);
        // standardized after the windowing: the windows are the raw data of the standardizer, refitted on training windows
        var raw = SequenceWindows.For(series, 5, 1, null, "v").Apply(series);
        var data = PreprocessingPipeline.Fit(raw, new StandardizeRecipe());
        Assert.Equal(1, data.RawStep);
        var train = Enumerable.Range(0, 10).ToArray();
        var refit = PreprocessingPipeline.RefitOn(data, train);
        var s = (Standardizer)refit.Transforms[1];
        var values = train.SelectMany(w => Enumerable.Range(0, 5).Select(t => (double)raw.Sequences!.Values[w * 5 + t])).ToArray();
        Assert.Equal(values.Average(), s.Parameters[0].Center, 6);
        Assert.Same(raw.Transforms[0], refit.Transforms[0]);
        Assert.Equal(raw.RowCount, refit.RowCount);
    }

    [Fact]
    public void CorrectedResampledTMatchesHandWorkedNumbers()
    {
        // Five folds of 100 rows (n_test/n_train = 20/80 = 1/4); differences 0.02, 0.04, 0.00, 0.06, 0.03.
        // By hand: mean 0.03; deviations -0.01, 0.01, -0.03, 0.03, 0: s^2 = 0.0020 / 4 = 0.0005;
        // corrected variance (1/5 + 1/4) * 0.0005 = 0.000225, SE 0.015, t = 2 on 4 df.
        // Two-sided p for t = 2, 4 df in closed form (Student t CDF for even df): 1 - 5 / (4 sqrt 2) = 0.1161165...
        // The naive t (variance s^2/5 = 0.0001) would be 3.
        var d = new[] { 0.02, 0.04, 0.00, 0.06, 0.03 };
        var (t, df, p, diff) = CorrectedResampledT.Test(d, 0.25);
        Assert.Equal(2.0, t, 12);
        Assert.Equal(4, df);
        Assert.Equal(1 - 5 / (4 * Math.Sqrt(2)), p, 10);
        Assert.Equal(0.015, diff.StandardError, 14);
        // interval of the mean of fold scores 0.80 + d: 0.83 ± t(0.975, 4) * 0.015, t(0.975, 4) = 2.776445105 (tables)
        var ci = CorrectedResampledT.Interval(d.Select(v => 0.80 + v).ToArray(), 0.25);
        Assert.Equal(0.83, ci.Mean, 12);
        Assert.Equal(0.83 - 2.776445105 * 0.015, ci.Lower, 8);
        Assert.Equal(0.83 + 2.776445105 * 0.015, ci.Upper, 8);
        Assert.Equal(Math.Sqrt(0.0005), ci.StandardDeviation, 14);
    }

    [Fact]
    public void FiveByTwoCvFMatchesHandWorkedNumbers()
    {
        // p_ij = (0.1, 0.1), (0.2, 0.0), (0.1, 0.3), (0.0, 0.0), (0.1, 0.1). By hand: sum of squares 0.18;
        // s_i^2 = 0, 0.02, 0.02, 0, 0 (sum 0.04); f = 0.18 / (2 * 0.04) = 2.25 on (10, 5) df.
        var p = new double[5, 2] { { 0.1, 0.1 }, { 0.2, 0.0 }, { 0.1, 0.3 }, { 0.0, 0.0 }, { 0.1, 0.1 } };
        var (f, pValue) = FiveByTwoCvF.Test(p);
        Assert.Equal(2.25, f, 12);
        // P(F(10,5) > 2.25), independently of Math.NET: the F(10,5) density is 32 x^4 (1 + 2x)^-7.5 / B(5, 2.5) with
        // B(5, 2.5) = 4! / (6.5 * 5.5 * 4.5 * 3.5 * 2.5) = 24 / 1407.65625, i.e. 1876.875 x^4 (1 + 2x)^-7.5; Simpson's rule on [0, 2.25].
        static double Density(double x) => 1876.875 * Math.Pow(x, 4) * Math.Pow(1 + 2 * x, -7.5);
        int n = 20000;
        double h = 2.25 / n, s = Density(0) + Density(2.25);
        for (int i = 1; i < n; i++) s += (i % 2 == 1 ? 4 : 2) * Density(i * h);
        Assert.Equal(1 - s * h / 3, pValue, 8);   // 0.19187556...
        // the tabulated 5% critical value of F(10, 5) is 4.735 (Snedecor tables: 4.74)
        var atCritical = FiveByTwoCvF.Test(new double[5, 2] { { 4.735, 0 }, { 0, 0 }, { 0, 0 }, { 0, 0 }, { 0, 0 } });
        // one non-zero p = a: numerator a^2, s^2 = a^2 / 2, f = a^2 / (2 * a^2 / 2) = 1: not the critical value; build f = 4.735 instead
        Assert.Equal(1.0, atCritical.F, 12);
        double k = 4.735;
        // p_1 = (1, -1) (s^2 = 2), p_2..5 = (c, c) with 8c^2 = 4k - 2 ... simpler: p_1 = (1, -1), p_2 = (c, c): f = (2 + 2c^2) / 4 = k  =>  c^2 = 2k - 1
        double c = Math.Sqrt(2 * k - 1);
        var critical = FiveByTwoCvF.Test(new double[5, 2] { { 1, -1 }, { c, c }, { 0, 0 }, { 0, 0 }, { 0, 0 } });
        Assert.Equal(k, critical.F, 10);
        Assert.Equal(0.05, critical.PValue, 3);
    }

    [Fact]
    public void ComparingTwoResultsPairsTheFoldsAndRefusesDifferentPlans()
    {
        var data = TestData.Blobs(120, 21);
        var options = new TrainingOptions { Epochs = 2, BatchSize = 32, LearningRate = 0.01, Seed = 3, ValidationFraction = 0 };
        var cv = new CrossValidationOptions { Folds = 2, Repeats = 5, Seed = 4 };
        var a = CrossValidator.Run(data, Small, options, cv);
        var b = CrossValidator.Run(data, Small, options with { Epochs = 3 }, cv);
        Assert.Equal(10, a.Folds.Count);
        var cmp = CrossValidationComparison.Compare(a, b);
        Assert.Equal("5x2cv combined F-test (Alpaydin 1999)", cmp.Test);
        Assert.Equal(10, cmp.DegreesOfFreedom);
        Assert.Equal(5, cmp.DenominatorDegreesOfFreedom);
        var m = new double[5, 2];
        foreach (var (x, y) in a.Folds.Zip(b.Folds)) m[x.Repeat - 1, x.Fold - 1] = y.Score - x.Score;
        Assert.Equal(FiveByTwoCvF.Test(m).F, cmp.Statistic);
        var t = CrossValidationComparison.Compare(a, b, CrossValidationTest.CorrectedResampledT);
        var diffs = a.Folds.Zip(b.Folds, (x, y) => y.Score - x.Score).ToArray();
        Assert.Equal(CorrectedResampledT.Test(diffs, 1.0).T, t.Statistic); // 2 folds: n_test / n_train = 60 / 60
        Assert.Equal(diffs.Average(), t.Difference, 14);
        Assert.Contains("Nadeau", t.Test);
        var otherPlan = CrossValidator.Run(data, Small, options, cv with { Seed = 5, Repeats = 1 });
        Assert.Equal(ErrorIds.CrossValidationPlanMismatch, Assert.Throws<DeepStatsException>(() => CrossValidationComparison.Compare(a, otherPlan)).ErrorId);
        Assert.Equal(ErrorIds.CrossValidationTestNotApplicable,
            Assert.Throws<DeepStatsException>(() => CrossValidationComparison.Compare(otherPlan, otherPlan, CrossValidationTest.FiveByTwoF)).ErrorId);
    }

    [Fact]
    public void JoiningPartialRunsEqualsTheOneShotRunBitForBit()
    {
        var data = TestData.Blobs(160, 22);
        var options = new TrainingOptions { Epochs = 3, BatchSize = 32, LearningRate = 0.01, Seed = 9 };
        var cv = new CrossValidationOptions { Folds = 4, Repeats = 2, Seed = 2 };
        var whole = CrossValidator.Run(data, Small, options, cv);
        var odd = CrossValidator.Run(data, Small, options, cv with { OnlyFolds = new[] { 3, 1 } });
        var even = CrossValidator.Run(data, Small, options, cv with { OnlyFolds = new[] { 4, 2 } });
        Assert.Equal(new[] { 1, 3 }, odd.RequestedFolds);
        Assert.Equal(4, odd.Folds.Count); // folds 1 and 3 of both repeats
        Assert.False(odd.CoversPlan);
        var joined = CrossValidationResult.Join(new[] { even, odd });
        Assert.True(joined.CoversPlan);
        Assert.Equal(whole.Plan.Id, joined.Plan.Id);
        Assert.Equal(whole.Folds.Select(f => (f.Repeat, f.Fold)), joined.Folds.Select(f => (f.Repeat, f.Fold)));
        foreach (var (w, j) in whole.Folds.Zip(joined.Folds))
        {
            Assert.Equal(w.Metrics, j.Metrics);
            Assert.Equal(w.Predictions.Probabilities!.SelectMany(p => p), j.Predictions.Probabilities!.SelectMany(p => p));
        }
        Assert.Equal(whole.Summary, joined.Summary); // records: every double equal
        Assert.Equal(whole.Predictions.RowIds, joined.Predictions.RowIds);
        Assert.Equal(whole.Predictions.PredictedLabels, joined.Predictions.PredictedLabels);
        Assert.Equal(whole.Predictions.Folds, joined.Predictions.Folds);
        Assert.Equal(whole.Predictions.Repeats, joined.Predictions.Repeats);
        Assert.Equal(whole.Predictions.Probabilities!.SelectMany(p => p), joined.Predictions.Probabilities!.SelectMany(p => p));
        Assert.Equal(((ClassificationReport)whole.Pooled!).Correct, ((ClassificationReport)joined.Pooled!).Correct);
        Assert.Equal(320, whole.Predictions.Count); // 160 rows x 2 repeats
        Assert.Equal(160, ((ClassificationReport)whole.Pooled!).Count); // pooled report: each row once

        Assert.Equal(ErrorIds.CrossValidationDuplicateFold, Assert.Throws<DeepStatsException>(() => CrossValidationResult.Join(new[] { odd, odd })).ErrorId);
        var otherSeed = CrossValidator.Run(data, Small, options, cv with { Seed = 3, OnlyFolds = new[] { 2 } });
        Assert.Equal(ErrorIds.CrossValidationPlanMismatch, Assert.Throws<DeepStatsException>(() => CrossValidationResult.Join(new[] { odd, otherSeed })).ErrorId);
        var otherConfig = CrossValidator.Run(data, Small, options with { Epochs = 2 }, cv with { OnlyFolds = new[] { 2 } });
        Assert.Equal(ErrorIds.CrossValidationConfigurationMismatch, Assert.Throws<DeepStatsException>(() => CrossValidationResult.Join(new[] { odd, otherConfig })).ErrorId);
        Assert.Equal(ErrorIds.CrossValidationFoldOutOfRange,
            Assert.Throws<DeepStatsException>(() => CrossValidator.Run(data, Small, options, cv with { OnlyFolds = new[] { 5 } })).ErrorId);
    }

    [Fact]
    public void CancellingReturnsTheFinishedFolds()
    {
        var data = TestData.Blobs(100, 23);
        var options = new TrainingOptions { Epochs = 2, BatchSize = 16, Seed = 1 };
        // between folds: cancelled when fold 2 finishes
        using (var cts = new CancellationTokenSource())
        {
            var r = CrossValidator.Run(data, Small, options, new CrossValidationOptions { Folds = 5 },
                new CrossValidationEvents { FoldFinished = f => { if (f.Fold == 2) cts.Cancel(); } }, cts.Token);
            Assert.False(r.Completed);
            Assert.Equal(new[] { 1, 2 }, r.Folds.Select(f => f.Fold));
            Assert.Equal(r.Folds.Sum(f => f.TestRows), r.Predictions.Count);
            Assert.Equal(2, r.Summary[0].Folds);
        }
        // inside a fold: cancelled at the third batch of fold 3; that fold is dropped
        using (var cts = new CancellationTokenSource())
        {
            int fold = 0, batches = 0;
            var r = CrossValidator.Run(data, Small, options, new CrossValidationOptions { Folds = 5 },
                new CrossValidationEvents
                {
                    FoldStarting = s => { fold = s.Fold; batches = 0; },
                    Batch = _ => { if (fold == 3 && ++batches == 3) cts.Cancel(); },
                }, cts.Token);
            Assert.False(r.Completed);
            Assert.Equal(new[] { 1, 2 }, r.Folds.Select(f => f.Fold));
        }
        var full = CrossValidator.Run(data, Small, options, new CrossValidationOptions { Folds = 5 });
        Assert.True(full.Completed);
        Assert.Equal(5, full.Folds.Count);
        Assert.Equal(100, full.Predictions.Count);
    }

    [Fact]
    [Trait("Category", LearningTest.Category)]
    public void PreprocessingFittedOnAllRowsScoresAFoldDifferentlyFromTheRefittedOne()
    {
        // Two sites (the folds, by -GroupBy). Class "lo" has x in [0, 4), "hi" x in [6, 10]. Site a: 100 rows,
        // 60 hi / 40 lo; site b: 100 rows 50 / 50 plus two broken readings x = 1e12 (labelled hi).
        // Standardized on all rows, the two outliers dominate: mean ~1e10, sd ~1e11, so every ordinary row
        // becomes z = -0.0990... within 1e-10 of the others: below float32 resolution (7.5e-9 near 0.1), so the
        // network sees one input value for all of site a, learns only its majority class and scores
        // at most 52/102 on site b, on any CPU. Refitted on site a's rows, x keeps its spread and the gap
        // 4..6 separates the classes: the fold testing site b scores near 100%. (The site column is a feature too: its
        // one-hot input for b is 0 in every training row, so its untrained weights only shift the test rows a little.)
        int seed = LearningTest.Seed(7);
        var x = new List<double>();
        var y = new List<string>();
        var site = new List<string?>();
        for (int i = 0; i < 100; i++)
        {
            bool hi = i < 60;
            x.Add(hi ? 6 + 4 * (i / 60.0) : 4 * ((i - 60) / 40.0) * 0.999);
            y.Add(hi ? "hi" : "lo");
            site.Add("a");
        }
        for (int i = 0; i < 100; i++)
        {
            bool hi = i % 2 == 0;
            x.Add(hi ? 6 + 4 * ((i * 37 % 100) / 100.0) : 4 * ((i * 37 % 100) / 100.0) * 0.999);
            y.Add(hi ? "hi" : "lo");
            site.Add("b");
        }
        x.Add(1e12); y.Add("hi"); site.Add("b");
        x.Add(1e12); y.Add("hi"); site.Add("b");
        var raw = Dataset.Tabular("sites", "generated", new DataColumn[] { new NumericColumn("x", x.ToArray()), CategoricalColumn.FromLabels("site", site) },
            CsvDatasetReader.BuildTarget("y", y));
        var standardized = PreprocessingPipeline.Fit(raw, new StandardizeRecipe()); // what ConvertTo-Standardized on all rows gives
        var leaky = Standardizer.Fit(raw).Apply(raw); // the same fit frozen (applied as given, never refitted)
        var options = new TrainingOptions { Epochs = 40, BatchSize = 20, LearningRate = 0.02, Seed = seed, ValidationFraction = 0 };
        var spec = NetworkFactory.FeedForward(new FeedForwardOptions { Hidden = new[] { 8 } });

        var cv = CrossValidator.Run(standardized, spec, options,
            new CrossValidationOptions { Folds = 2, GroupBy = "site", Seed = seed });
        var foldB = cv.Folds.Single(f => cv.Plan.TestRows(1, f.Fold).Contains(200));
        var testRows = cv.Plan.TestRows(1, foldB.Fold);
        var trainRows = cv.Plan.TrainRows(1, foldB.Fold);
        Assert.Equal(102, testRows.Length);

        // the same fold without the refit: trained and tested on the data standardized on all rows
        using var model = Trainer.Train(leaky.Select(trainRows), spec, options);
        var leakyScore = ModelEvaluator.EvaluateClassification(model, leaky.Select(testRows)).Accuracy;

        Assert.True(foldB.Score > 0.85, $"refitted fold accuracy {foldB.Score}");
        Assert.True(leakyScore < 0.6, $"all-rows fit fold accuracy {leakyScore}");
    }

    [Fact]
    public void RegressionFoldsReportErrorsAndTheSummaryIsTheCorrectedIntervalOfTheFoldValues()
    {
        var rng = new Random(5);
        int n = 90;
        var x = Enumerable.Range(0, n).Select(_ => rng.NextDouble() * 4 - 2).ToArray();
        var y = x.Select(v => 3 * v + 1 + 0.1 * (rng.NextDouble() - 0.5)).ToArray();
        var data = Dataset.Tabular("line", "generated", new DataColumn[] { new NumericColumn("x", x) }, new TargetColumn("y", y));
        var r = CrossValidator.Run(data, Small, new TrainingOptions { Epochs = 3, BatchSize = 16, Seed = 2 }, new CrossValidationOptions { Folds = 3 });
        Assert.Equal("Random", r.Plan.Strategy); // a numeric target cannot be stratified
        Assert.Equal(new[] { "RMSE", "MAE", "RSquared" }, r.Summary.Select(s => s.Metric));
        Assert.False(r.Summary[0].HigherIsBetter);
        // the summary is the corrected interval of the fold values (3 folds of 30 rows: n_test / n_train = 30 / 60)
        var rmse = r.Folds.Select(f => f.Metrics["RMSE"]).ToArray();
        var ci = CorrectedResampledT.Interval(rmse, 0.5);
        Assert.Equal(ci.Mean, r.Summary[0].Mean, 14);
        Assert.Equal(Math.Max(0, ci.Lower), r.Summary[0].Lower, 14);
        Assert.Equal(ci.Upper, r.Summary[0].Upper, 14);
        Assert.Equal(0.5, r.Summary[0].TestTrainRatio, 14);
        // each fold's RMSE is the root mean square of its own out-of-fold errors
        foreach (var f in r.Folds)
        {
            var p = f.Predictions;
            double mse = Enumerable.Range(0, p.Count).Average(i => Math.Pow(p.PredictedValues![i] - p.TruthValues![i], 2));
            Assert.Equal(Math.Sqrt(mse), f.Score, 10);
            Assert.All(p.RowIds, id => Assert.Equal(y[int.Parse(id) - 1], p.TruthValues![Array.IndexOf(p.RowIds, id)]));
        }
        var pooled = Assert.IsType<RegressionReport>(r.Pooled);
        Assert.Equal(n, pooled.Count);
        Assert.Equal(Enumerable.Range(1, n).Select(i => i.ToString()), r.Predictions.RowIds);
    }
}
