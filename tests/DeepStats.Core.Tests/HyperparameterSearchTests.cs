using DeepStats.Core.Data;
using DeepStats.Core.Evaluation;
using DeepStats.Core.Models;
using DeepStats.Core.Preprocessing;
using DeepStats.Core.Training;
using Xunit;

namespace DeepStats.Core.Tests;

public class HyperparameterSearchTests
{
    private static readonly ModelSpec Small = NetworkFactory.FeedForward(new FeedForwardOptions { Hidden = new[] { 8 } });

    // Five folds of five-fold CV: n_test/n_train = 1/4, so the corrected variance factor is 1/5 + 1/4 = 0.45.
    // Trial 1 (the best): 0.80 0.84 0.82 0.86 0.88, mean 0.84, deviations -4 0 -2 2 4 (x0.01), s² = 0.004/4 = 0.001,
    //   corrected SE sqrt(0.45 x 0.001) = sqrt(0.00045) = 0.0212132034, so the one-SE bar is 0.84 - 0.0212 = 0.8188.
    // Trial 2 = trial 1 + d, d = -1 -3 -2 -2 -2 (x0.01): mean 0.82 (within one SE); d̄ = -0.02, s² = (1 + 1) x 1e-4 / 4 = 5e-5,
    //   SE sqrt(0.45 x 5e-5) = 0.00474341649, t = -4.21637021, p two-sided (4 df) = 0.0135168815.
    // Trial 3 = trial 1 + e, e = -5 -5 -6 -4 -5 (x0.01): mean 0.79 (outside one SE); ē = -0.05, same SE, t = -10.5409255, p = 0.000458160649.
    // Trial 4 = trial 1 + g, g = 1 -2 0 -1 0 (x0.01): mean 0.836 (within); ḡ = -0.004, deviations 14 -16 4 -6 4 (x0.001),
    //   s² = 520e-6 / 4 = 1.3e-4, SE sqrt(5.85e-5) = 0.00764852927, t = -0.522976360, p = 0.628622112.
    // The p-values: Student t with 4 df has the closed form CDF 1/2 + (3/4)u - (1/4)u³ with u = t/sqrt(4 + t²)
    // (checked here by numerical integration of the density 3/8 (1 + t²/4)^(-5/2) with /usr/bin/python3: same to 1e-12).
    private static readonly double[] T1 = { 0.80, 0.84, 0.82, 0.86, 0.88 };
    private static double[] Plus(params double[] d) => T1.Select((v, i) => v + d[i]).ToArray();
    private static readonly double[][] Scores =
    {
        T1,
        Plus(-0.01, -0.03, -0.02, -0.02, -0.02),
        Plus(-0.05, -0.05, -0.06, -0.04, -0.05),
        Plus(0.01, -0.02, 0.00, -0.01, 0.00),
    };
    // the simplicity keys: trial 3 is the simplest, then 2, 1, 4
    private static readonly double[][] Keys = { new[] { 2.0 }, new[] { 1.0 }, new[] { 0.0 }, new[] { 3.0 } };

    [Fact]
    public void SelectionRuleMatchesHandWorkedNumbers()
    {
        var s = SearchSelection.Select(Scores, Keys, 0.25, higherIsBetter: true);
        Assert.Equal(1, s.Best);
        Assert.Equal(new[] { 2, 3, 4 }, s.Comparisons.Select(c => c.Trial));
        var (b, c3, d) = (s.Comparisons[0], s.Comparisons[1], s.Comparisons[2]);
        Assert.Equal(-0.02, b.MeanDifference, 12);
        Assert.Equal(-4.21637021355784, b.T, 9);
        Assert.Equal(4, b.DegreesOfFreedom);
        Assert.Equal(0.0135168815218, b.PValue, 10);
        Assert.Equal(3 * 0.0135168815218, b.AdjustedPValue, 10); // Bonferroni over m = 3 comparisons: 0.0406 < 0.05
        Assert.True(b.SignificantlyWorse);
        Assert.Equal(-10.5409255338946, c3.T, 8);
        Assert.Equal(3 * 0.000458160649107, c3.AdjustedPValue, 12);
        Assert.True(c3.SignificantlyWorse);
        Assert.Equal(-0.5229763603685, d.T, 9);
        Assert.Equal(Math.Min(1, 3 * 0.62862211159), d.AdjustedPValue, 9); // capped at 1
        Assert.False(d.SignificantlyWorse);
        Assert.Equal(new[] { 1, 4 }, s.NotSignificantlyWorse);
        // within one SE (>= 0.8188): trials 1 (0.84), 2 (0.82), 4 (0.836); the simplest of them by key is trial 2
        Assert.Equal(2, s.OneStandardError);
        Assert.Contains("Bonferroni", s.Method);

        // the correction decides trial 2 at alpha 0.04: Bonferroni 0.0406 keeps it; Benjamini-Hochberg (rank 2 of 3:
        // 0.0135 x 3/2 = 0.0203) drops it
        Assert.Equal(new[] { 1, 2, 4 }, SearchSelection.Select(Scores, Keys, 0.25, true, alpha: 0.04).NotSignificantlyWorse);
        var bh = SearchSelection.Select(Scores, Keys, 0.25, true, alpha: 0.04, adjustment: PValueAdjustment.BenjaminiHochberg);
        Assert.Equal(1.5 * 0.0135168815218, bh.Comparisons[0].AdjustedPValue, 10);
        Assert.Equal(new[] { 1, 4 }, bh.NotSignificantlyWorse);

        // the same numbers as a loss (lower is better): negated, the same choices
        var loss = SearchSelection.Select(Scores.Select(x => x.Select(v => -v).ToArray()).ToArray(), Keys, 0.25, higherIsBetter: false);
        Assert.Equal((1, 2), (loss.Best, loss.OneStandardError));
        Assert.Equal(new[] { 1, 4 }, loss.NotSignificantlyWorse);
        // without keys the simplest is the first trial within one SE: the best itself
        Assert.Equal(1, SearchSelection.Select(Scores, null, 0.25, true).OneStandardError);
        // an identical trial (zero differences) is never worse: t = 0, p = 1
        var twin = SearchSelection.Select(new[] { T1, T1.ToArray() }, null, 0.25, true);
        Assert.Equal((0.0, 1.0), (twin.Comparisons[0].T, twin.Comparisons[0].PValue));
        Assert.Equal(new[] { 1, 2 }, twin.NotSignificantlyWorse);
    }

    private static SearchSpace Space(params (string Name, object[]? Values, SearchRange? Range)[] p) =>
        new(p.Select(x => new SearchParameter(x.Name, x.Values, x.Range)));

    [Fact]
    public void GridRunsEveryCombinationInNameOrderAndRandomDrawsAreSeededAndInRange()
    {
        var space = Space(("WeightDecay", new object[] { 0.0, 1e-4 }, null), ("LearningRate", new object[] { 1e-3, 1e-2, 1e-1 }, null));
        var grid = space.Trials(SearchStrategy.Grid, 0, 1);
        // parameters by name (LearningRate before WeightDecay), the last varying fastest
        Assert.Equal(new[] { "LearningRate=0.001, WeightDecay=0", "LearningRate=0.001, WeightDecay=0.0001", "LearningRate=0.01, WeightDecay=0",
            "LearningRate=0.01, WeightDecay=0.0001", "LearningRate=0.1, WeightDecay=0", "LearningRate=0.1, WeightDecay=0.0001" }, grid.Select(t => t.ToString()));
        Assert.Equal(new[] { 1.0, 1.0 }, space.Complexity(grid[3])); // second learning rate, second weight decay

        var ranged = Space(("LearningRate", null, new SearchRange(1e-4, 1e-1, Log: true)), ("Epochs", null, new SearchRange(2, 4, Integer: true)));
        var a = ranged.Trials(SearchStrategy.Random, 400, 7);
        Assert.Equal(a.Select(t => t.ToString()), ranged.Trials(SearchStrategy.Random, 400, 7).Select(t => t.ToString()));
        Assert.NotEqual(a.Select(t => t.ToString()), ranged.Trials(SearchStrategy.Random, 400, 8).Select(t => t.ToString()));
        var rates = a.Select(t => (double)t["LearningRate"]).ToArray();
        Assert.All(rates, r => Assert.InRange(r, 1e-4, 1e-1));
        // log-uniform: each decade holds about a third of the draws (400 draws: 133 expected, sd ~9.4)
        foreach (var (lo, hi) in new[] { (1e-4, 1e-3), (1e-3, 1e-2), (1e-2, 1e-1) })
            Assert.InRange(rates.Count(r => r >= lo && r < hi), 100, 166);
        Assert.Equal(new[] { 2, 3, 4 }, a.Select(t => (int)t["Epochs"]).Distinct().Order());

        Assert.Equal(ErrorIds.InvalidSearchSpace, Assert.Throws<DeepStatsException>(() => ranged.Trials(SearchStrategy.Grid, 0, 1)).ErrorId);
        Assert.Equal(ErrorIds.InvalidSearchSpace, Assert.Throws<DeepStatsException>(() => Space(("Seed", new object[] { 1 }, null))).ErrorId);
        Assert.Equal(ErrorIds.InvalidSearchSpace, Assert.Throws<DeepStatsException>(() => Space(("LearningRate", null, new SearchRange(0, 1, Log: true)))).ErrorId);
        Assert.Equal(ErrorIds.InvalidSearchSpace, Assert.Throws<DeepStatsException>(() => Space()).ErrorId);
    }

    [Fact]
    public void ATrialsSettingsReplaceTheBaseOptionsAndBadValuesAreRefusedBeforeTraining()
    {
        var space = Space(("Momentum", new object[] { 0.5 }, null), ("Optimizer", new object[] { "SGD" }, null), ("Epochs", new object[] { 7 }, null),
            ("Model", new object[] { Small }, null));
        var baseOptions = new TrainingOptions { LearningRate = 0.02, Seed = 5 };
        var (spec, options) = SearchSpace.Apply(space.Trials(SearchStrategy.Grid, 0, 0)[0], null, baseOptions);
        Assert.Same(Small, spec);
        Assert.Equal(baseOptions with { Epochs = 7, Optimizer = new OptimizerOptions { Kind = OptimizerKind.SGD, Momentum = 0.5 } }, options);
        Assert.Equal(OptimizerKind.SGD, options.Optimizer.Kind);
        Assert.Equal(0.5, options.Optimizer.Momentum);
        Assert.Equal(7, options.Epochs);
        Assert.Equal(0.02, options.LearningRate);
        var bad = Space(("Momentum", new object[] { 1.5 }, null));
        Assert.Equal(ErrorIds.InvalidTrainingOption, Assert.Throws<DeepStatsException>(() => SearchSpace.Apply(bad.Trials(SearchStrategy.Grid, 0, 0)[0], null, baseOptions)).ErrorId);
        var data = TestData.Blobs(40, 3);
        var e = Assert.Throws<DeepStatsException>(() => HyperparameterSearch.Run(data, Small, baseOptions, Space(("Optimizer", new object[] { "Adam", "Fast" }, null)), new SearchOptions { Folds = 2 }));
        Assert.Equal(ErrorIds.InvalidSearchSpace, e.ErrorId);
        Assert.Contains("Fast", e.Message);
    }

    [Fact]
    public void EveryTrialIsTheCrossValidationOfItsSettingsOnTheOneFoldPlanAndSelectionReadsThem()
    {
        var data = TestData.Blobs(120, 31);
        var training = new TrainingOptions { Epochs = 2, BatchSize = 32, Seed = 4 };
        var space = Space(("LearningRate", new object[] { 1e-3, 3e-2 }, null));
        var search = new SearchOptions { Folds = 3, Repeats = 2, Seed = 9 };
        var r = HyperparameterSearch.Run(data, Small, training, space, search);
        Assert.True(r.Completed);
        Assert.Equal(2, r.Trials.Count);
        var plan = FoldPlan.Create(data, 3, 1, 9, true, null);
        Assert.Equal(plan.Id, r.Plan.Id);
        foreach (var t in r.Trials)
        {
            Assert.Equal(2, t.Runs.Count);
            Assert.All(t.Runs, run => Assert.Equal(plan.Id, run.Plan.Id)); // one plan: trials are paired fold by fold
            // each run is Invoke-CrossValidation of the trial's settings with training seed 4, then 5, bit for bit
            for (int s = 0; s < 2; s++)
            {
                var alone = CrossValidator.Run(data, plan, Small, training with { LearningRate = (double)t.Settings["LearningRate"], Seed = 4 + s }, null);
                Assert.Equal(alone.Folds.Select(f => f.Score), t.Runs[s].Folds.Select(f => f.Score));
            }
            // a fold's value is the mean over the seeds, the summary their corrected interval
            var expected = Enumerable.Range(0, 3).Select(k => (t.Runs[0].Folds[k].Score + t.Runs[1].Folds[k].Score) / 2).ToArray();
            Assert.Equal(expected, t.FoldScores.ToArray(), new ToleranceComparer(1e-15));
            var c = CorrectedResampledT.Interval(t.FoldScores.ToArray(), t.Runs[0].Summary[0].TestTrainRatio);
            Assert.Equal(c.Mean, t.Mean);
            Assert.Equal(c.StandardError, t.StandardError);
        }
        var rule = SearchSelection.Select(r.Trials.Select(t => t.FoldScores.ToArray()).ToArray(), r.Trials.Select(t => space.Complexity(t.Settings)).ToArray(),
            r.Trials[0].Runs[0].Summary[0].TestTrainRatio, true);
        Assert.Equal(rule.Best, r.Best!.Number);
        Assert.Equal(rule.OneStandardError, r.OneStandardError!.Number);
        Assert.Equal(rule.NotSignificantlyWorse, r.NotSignificantlyWorse.Select(t => t.Number));
        Assert.True(r.Best.IsBest && r.Best.NotSignificantlyWorse && r.Best.Comparison is null);
        var (spec, options) = r.Configuration(SearchChoice.Best);
        Assert.Equal((double)r.Best.Settings["LearningRate"], options.LearningRate);
        Assert.Equal(4, options.Seed);
        Assert.Same(Small, spec);
    }

    private sealed class ToleranceComparer(double tolerance) : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) <= tolerance;
        public int GetHashCode(double obj) => 0;
    }

    [Fact]
    public void CancellingKeepsTheFinishedTrialsAndNestedCrossValidationScoresOnRowsTheSelectionNeverSaw()
    {
        var data = TestData.Blobs(90, 32);
        var training = new TrainingOptions { Epochs = 2, BatchSize = 32, Seed = 1 };
        var space = Space(("LearningRate", new object[] { 1e-3, 1e-2, 1e-1 }, null));
        using (var cts = new CancellationTokenSource())
        {
            var r = HyperparameterSearch.Run(data, Small, training, space, new SearchOptions { Folds = 3 },
                new SearchEvents { TrialFinished = t => { if (t.Number == 2) cts.Cancel(); } }, cts.Token);
            Assert.False(r.Completed);
            Assert.Equal(new[] { 1, 2 }, r.Trials.Select(t => t.Number));
            Assert.Equal(3, r.PlannedTrials);
            Assert.NotNull(r.Best);
        }

        var starts = new List<TrialStarting>();
        var nested = HyperparameterSearch.Run(data, Small, training, space, new SearchOptions { Folds = 2, OuterFolds = 3, Seed = 5 },
            new SearchEvents { TrialStarting = starts.Add });
        Assert.NotNull(nested.Nested);
        var est = nested.Nested!;
        Assert.True(est.Completed);
        Assert.Equal(3, est.Folds.Count);
        Assert.Equal(3 + 3 * 3, starts.Count); // the main search, then the whole search again inside each outer fold
        Assert.Equal(new[] { 0, 1, 2, 3 }, starts.Select(s => s.OuterFold).Distinct());
        var outer = FoldPlan.Create(data, 3, 1, 5, true, null);
        foreach (var f in est.Folds)
        {
            // the inner search ran on the outer training rows only; its choice, trained on them, is scored on the outer test rows
            var inner = HyperparameterSearch.Run(data.Select(outer.TrainRows(1, f.Fold)), Small, training, space, new SearchOptions { Folds = 2, Seed = 5 });
            Assert.Equal(inner.Best!.Settings.ToString(), f.Chosen.ToString());
            Assert.Equal(outer.TestRows(1, f.Fold).Length, f.TestRows);
            Assert.Equal(outer.TestRows(1, f.Fold).Select(i => (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture)), f.Record.Predictions.RowIds);
        }
        var c = CorrectedResampledT.Interval(est.Folds.Select(f => f.Score).ToArray(), 0.5);
        Assert.Equal(c.Mean, est.Estimate.Mean);
        Assert.Equal(Math.Min(c.Upper, 1.0), est.Estimate.Upper, 14); // accuracy: the summary clips the interval to the metric's range
    }
}
