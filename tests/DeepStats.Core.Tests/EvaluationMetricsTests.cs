using DeepStats.Core.Data;
using DeepStats.Core.Evaluation;
using Xunit;

namespace DeepStats.Core.Tests;

public class EvaluationMetricsTests
{
    private static PredictionSet Binary(float[] p1, int[] truth) => new()
    {
        Kind = TargetKind.Classification,
        Classes = new[] { "a", "b" },
        RowIds = truth.Select((_, i) => (i + 1).ToString()).ToArray(),
        TruthLabels = truth,
        PredictedLabels = p1.Select(p => p > 0.5f ? 1 : 0).ToArray(),
        Probabilities = p1.Select(p => new[] { 1 - p, p }).ToArray(),
    };

    [Fact]
    public void DeLongMatchesTheHandWorkedExample()
    {
        // Positives X = {0.9, 0.8, 0.4}, negatives Y = {0.7, 0.4, 0.3, 0.2}; psi = 1 (x > y), 1/2 (tie), 0.
        // V10 = {1, 1, 5/8}, V01 = {2/3, 5/6, 1, 1}; AUC = 7/8.
        // S10 = [(1/8)^2 + (1/8)^2 + (2/8)^2] / 2 = 3/64; S01 = [25 + 1 + 9 + 9] / 576 / 3 = 11/432.
        // Var = S10/3 + S01/4 = 1/64 + 11/1728 = 19/864 (exact rationals, by hand).
        var scores = new[] { 0.9, 0.8, 0.4, 0.7, 0.4, 0.3, 0.2 };
        var pos = new[] { true, true, true, false, false, false, false };
        var a = RocAuc.DeLong(scores, pos)!;
        Assert.Equal(7.0 / 8, a.Auc, 14);
        var v = (Fraction)3 / 64 / 3 + (Fraction)11 / 432 / 4;
        Assert.Equal(new Fraction(19, 864).ToDouble(), v.ToDouble(), 15);
        Assert.Equal(Math.Sqrt(19.0 / 864), a.StandardError, 14);
        Assert.Equal(7.0 / 8 - 1.959963984540054 * Math.Sqrt(19.0 / 864), a.Lower, 12);
        Assert.Equal(1, a.Upper); // 0.875 + 0.29 is clipped to 1
    }

    [Fact]
    public void AucOfThePublishedCtRatingsExample()
    {
        // Hanley and McNeil (1982), Radiology 143:29-36, Table 1: CT ratings 1-5 of 58 normal and 51 abnormal
        // patients; the Wilcoxon area they report is 0.893 (exactly 0.89317...).
        int[] normal = { 33, 6, 6, 11, 2 }, abnormal = { 3, 2, 2, 11, 33 };
        var scores = new List<double>();
        var pos = new List<bool>();
        for (int r = 0; r < 5; r++)
        {
            for (int k = 0; k < normal[r]; k++) { scores.Add(r + 1); pos.Add(false); }
            for (int k = 0; k < abnormal[r]; k++) { scores.Add(r + 1); pos.Add(true); }
        }
        var a = RocAuc.DeLong(scores, pos)!;
        Assert.Equal(0.893, a.Auc, 3);
        Assert.Equal((51, 58), (a.Positives, a.Negatives));
        // their standard error (exponential approximation) is 0.0326; DeLong's nonparametric one is close to it
        Assert.InRange(a.StandardError, 0.025, 0.04);
    }

    [Fact]
    public void MacroOneVsRestOfTwoClassesIsDeLong()
    {
        // with two classes both one-vs-rest AUCs are the binary AUC and their row components are equal, so the macro
        // mean and its variance reduce exactly to DeLong's
        var p = new float[] { 0.9f, 0.3f, 0.6f, 0.2f, 0.7f, 0.4f, 0.8f };
        var t = new[] { 1, 0, 1, 0, 0, 1, 1 };
        var set = Binary(p, t);
        var macro = RocAuc.MacroOneVsRest(set.Probabilities!, t, 2)!;
        var bin = RocAuc.DeLong(p.Select(x => (double)x).ToArray(), t.Select(x => x == 1).ToArray())!;
        Assert.Equal(bin.Auc, macro.Auc, 14);
        Assert.Equal(bin.StandardError, macro.StandardError, 14);
    }

    [Fact]
    public void ClassificationMetricsMatchHandWorkedValues()
    {
        // probabilities of class b chosen exactly representable in binary, truth b,a,a,b,a
        var set = Binary(new[] { 0.75f, 0.625f, 0.125f, 0.5625f, 0.6875f }, new[] { 1, 0, 0, 1, 0 });
        var r = ClassificationReport.From(set);
        Assert.Equal(3, r.Correct);
        // a: TP 1, FP 0, FN 2 -> P 1, R 1/3, F1 2/(2+0+2) = 1/2; b: TP 2, FP 2, FN 0 -> P 1/2, R 1, F1 4/6
        Assert.Equal(1.0 / 3, r.PerClass[0].Recall, 14);
        Assert.Equal(0.5, r.PerClass[0].F1, 14);
        Assert.Equal(2.0 / 3, r.PerClass[1].F1, 14);
        Assert.Equal(2.0 / 3, r.BalancedAccuracy, 14);
        Assert.Equal(0.75, r.MacroPrecision, 14);
        Assert.Equal(7.0 / 12, r.MacroF1, 14);
        Assert.Equal(0.8, r.WeightedPrecision, 14);          // (3*1 + 2*0.5)/5
        Assert.Equal(0.6, r.WeightedRecall, 14);             // equals accuracy
        Assert.Equal((3 * 0.5 + 2 * 2.0 / 3) / 5, r.WeightedF1, 14);
        // Brier: (0.25^2 + 0.625^2 + 0.125^2 + 0.4375^2 + 0.6875^2) / 5 = 1.1328125 / 5
        Assert.Equal(0.2265625, r.Brier, 14);
        // ECE, 10 bins of the top probability: bin (0.6,0.7] holds 0.625 and 0.6875, both wrong: |0 - 0.65625|, weight 2/5;
        // 0.75, 0.875 and 0.5625 are alone in their bins and right: 0.25, 0.125, 0.4375, weight 1/5 each -> 0.2625 + 0.1625
        Assert.Equal(0.425, r.ExpectedCalibrationError, 14);
        Assert.Equal(-(Math.Log(0.75) + Math.Log(0.375) + Math.Log(0.875) + Math.Log(0.5625) + Math.Log(0.3125)) / 5, r.LogLoss, 14);
        // AUC: positives 0.75, 0.5625 against negatives 0.625, 0.125, 0.6875: 3 + 1 of 6 pairs
        Assert.Equal(2.0 / 3, r.Auc, 14);
        Assert.Equal(("a", 0.6), (r.BaselineClass, r.BaselineAccuracy));
        Assert.Empty(r.Notes);
        Assert.Same(set, r.Predictions);
    }

    [Fact]
    public void AClassAbsentFromTheTestDataIsUndefinedAndSaysWhy()
    {
        var set = new PredictionSet
        {
            Kind = TargetKind.Classification,
            Classes = new[] { "x", "y", "z" },
            RowIds = new[] { "1", "2", "3", "4" },
            TruthLabels = new[] { 0, 1, 0, 1 },
            PredictedLabels = new[] { 0, 1, 2, 1 },
            Probabilities = new[] { new[] { 0.5f, 0.25f, 0.25f }, new[] { 0.25f, 0.5f, 0.25f }, new[] { 0.25f, 0.25f, 0.5f }, new[] { 0.125f, 0.75f, 0.125f } },
        };
        var r = ClassificationReport.From(set);
        Assert.Equal(new[] { "z" }, r.AbsentClasses);
        Assert.True(double.IsNaN(r.PerClass[2].Recall));
        Assert.Equal(0.0, r.PerClass[2].Precision);          // predicted once, wrongly
        Assert.Contains(r.Notes, n => n.Contains("'z'") && n.Contains("no rows in the test data"));
        // macro means over x and y only: recall x 1/2, y 1 -> 3/4
        Assert.Equal(0.75, r.BalancedAccuracy, 14);
        Assert.Equal(0.75, r.MacroRecall, 14);
        Assert.False(double.IsNaN(r.Auc));                   // one-vs-rest over the two present classes
    }

    [Fact]
    public void RegressionMapeAndSeededBootstrap()
    {
        var set = new PredictionSet
        {
            Kind = TargetKind.Regression,
            RowIds = new[] { "1", "2", "3", "4" },
            TruthValues = new[] { 2.0, 4, 5, 10 },
            PredictedValues = new[] { 3.0, 3, 5, 8 },
        };
        var r = RegressionReport.From(set, seed: 4);
        // |e/y| = 1/2, 1/4, 0, 1/5 -> 100 * 0.95 / 4
        Assert.Equal(23.75, r.Mape, 12);
        Assert.Equal(1.0, r.Mae, 14);                        // (1 + 1 + 0 + 2) / 4
        var again = RegressionReport.From(set, seed: 4);
        Assert.Equal(r.BootstrapIntervals, again.BootstrapIntervals);
        Assert.NotEqual(r.BootstrapIntervals, RegressionReport.From(set, seed: 5).BootstrapIntervals);
        foreach (var b in r.BootstrapIntervals) Assert.InRange(b.Estimate, b.Lower, b.Upper);
        // constant absolute errors: every resample has MAE exactly 1
        var flat = RegressionReport.From(new PredictionSet
        {
            Kind = TargetKind.Regression,
            RowIds = new[] { "1", "2", "3", "4", "5" },
            TruthValues = new[] { 1.0, 2, 3, 4, 5 },
            PredictedValues = new[] { 2.0, 1, 4, 3, 6 },
        });
        var mae = flat.BootstrapIntervals.Single(b => b.Metric == "MAE");
        Assert.Equal((1.0, 1.0), (mae.Lower, mae.Upper));
        // a zero truth makes MAPE undefined, with the reason
        var zero = RegressionReport.From(new PredictionSet
        {
            Kind = TargetKind.Regression, RowIds = new[] { "1", "2" }, TruthValues = new[] { 0.0, 1 }, PredictedValues = new[] { 1.0, 1 },
        });
        Assert.True(double.IsNaN(zero.Mape));
        Assert.Contains(zero.Notes, n => n.Contains("MAPE is undefined"));
    }
}
