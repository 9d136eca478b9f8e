using System.Globalization;
using System.Text.RegularExpressions;
using DeepStats.Core.Data;
using DeepStats.Core.Evaluation;
using DeepStats.Core.Models;
using DeepStats.Core.Reporting;
using DeepStats.Core.Training;
using Xunit;

namespace DeepStats.Core.Tests;

/// <summary>
/// One scorer, one convention per named number: a hand-worked prediction set through the scorer, the charts, the HTML
/// report and a pooled cross-validation gives the hand values everywhere; DeLong's interval at AUC 0 and 1; the metric
/// catalogue's directions in Compare-Model.
/// </summary>
public class OneScorerTests
{
    private const double Z = 1.959963984540054; // two-sided 95% normal quantile (tables)

    /// <summary>
    /// Three classes, six rows; class c (row 6) is never predicted. Probabilities are exact binary fractions.
    /// truth a a a b b c, predicted a a b b b a.
    /// </summary>
    private static PredictionSet Hand() => new()
    {
        Kind = TargetKind.Classification,
        Classes = new[] { "a", "b", "c" },
        RowIds = new[] { "1", "2", "3", "4", "5", "6" },
        TruthLabels = new[] { 0, 0, 0, 1, 1, 2 },
        PredictedLabels = new[] { 0, 0, 1, 1, 1, 0 },
        Probabilities = new[]
        {
            new[] { 0.75f, 0.125f, 0.125f }, new[] { 0.5f, 0.25f, 0.25f }, new[] { 0.25f, 0.625f, 0.125f },
            new[] { 0.125f, 0.75f, 0.125f }, new[] { 0.25f, 0.5f, 0.25f }, new[] { 0.5f, 0.125f, 0.375f },
        },
    };

    // By hand: a TP 2 FP 1 FN 1 -> F1 4/6; b TP 2 FP 1 FN 0 -> F1 4/5; c TP 0 FP 0 FN 1 -> F1 0 (never predicted).
    private const double MacroF1 = (4.0 / 6 + 4.0 / 5 + 0) / 3; // 22/45
    // Brier, summed over classes per row: 0.09375, 0.375, 0.96875, 0.09375, 0.375, 0.65625 -> 2.5625 / 6
    private const double Brier = 2.5625 / 6;
    // top-label ECE: (0.4,0.5] rows 2, 5, 6 (conf 0.5, 2 of 3 right) 3/6 * 1/6; (0.6,0.7] row 3 (0.625, wrong) 1/6 * 0.625;
    // (0.7,0.8] rows 1, 4 (0.75, both right) 2/6 * 0.25 -> (0.5 + 0.625 + 0.5) / 6
    private const double Ece = 1.625 / 6;
    // one-vs-rest AUCs by counting pairs: a 7/9 (3 + 2.5 + 1.5 of 9), b 7/8 (4 + 3 of 8), c 5/5 -> macro 191/216
    private const double Auc = 191.0 / 216;
    private static readonly double LogLoss = -(Math.Log(0.75) + Math.Log(0.5) + Math.Log(0.25) + Math.Log(0.75) + Math.Log(0.5) + Math.Log(0.375)) / 6;

    [Fact]
    public void TheScorerGivesTheHandValuesWithTheNeverPredictedClassAtF1Zero()
    {
        var r = ClassificationReport.From(Hand());
        Assert.Equal(4.0 / 6, r.Accuracy, 15);
        Assert.Equal(0.0, r.PerClass[2].F1);
        Assert.True(double.IsNaN(r.PerClass[2].Precision));
        Assert.Equal(MacroF1, r.MacroF1, 15);
        Assert.Equal(Brier, r.Brier, 15);
        Assert.Equal(Ece, r.ExpectedCalibrationError, 15);
        Assert.Equal(Auc, r.Auc, 14);
        Assert.Equal(LogLoss, r.LogLoss, 14);
        Assert.Equal(RocAuc.DeLongMethod, r.AucIntervalMethod);
    }

    [Fact]
    public void ChartsStateTheScorersNumbers()
    {
        var set = Hand();
        var r = ClassificationReport.From(set);
        foreach (var roc in new[] { Charts.Roc(set), ChartRequest.Draw(r, ChartKind.Roc, 800, 600) })
        {
            Assert.Equal(Auc, roc.Values["Auc"], 14);
            Assert.Equal((r.Auc, r.AucLower, r.AucUpper), (roc.Values["Auc"], roc.Values["AucLower"], roc.Values["AucUpper"]));
            Assert.Equal(7.0 / 9, roc.Values["Auc:a"], 14);
            Assert.Equal(7.0 / 8, roc.Values["Auc:b"], 14);
            Assert.Equal(1.0, roc.Values["Auc:c"]);
            Assert.Contains("DeLong", roc.Title);
        }
        foreach (var cal in new[] { Charts.Calibration(set), ChartRequest.Draw(r, ChartKind.Calibration, 800, 600) })
            Assert.Equal(Ece, cal.Values["ExpectedCalibrationError"], 15);
        Assert.Equal(4.0 / 6, ChartRequest.Draw(r, null, 800, 600).Values["Accuracy"], 15);
    }

    [Fact]
    public void ThePooledCrossValidationReportIsTheScorersReportOfThePooledRows()
    {
        var set = Hand();
        var data = Dataset.Tabular("hand", "test", new DataColumn[] { new NumericColumn("x", new double[] { 1, 2, 3, 4, 5, 6 }) },
            new TargetColumn("y", set.TruthLabels!, set.Classes.ToArray()));
        var plan = FoldPlan.Create(data, 2, 1, 1, stratify: false, groupBy: null);
        var folds = Enumerable.Range(1, 2).Select(f => Fold(plan, set, f)).ToArray();
        var result = CrossValidationResult.Create(plan, null, new TrainingOptions(), data, folds, new[] { 1, 2 }, true, 0.95);
        var pooled = Assert.IsType<ClassificationReport>(result.Pooled);
        var direct = ClassificationReport.From(set);
        Assert.Equal(MacroF1, pooled.MacroF1, 15);
        Assert.Equal(Auc, pooled.Auc, 14);
        Assert.Equal(LogLoss, pooled.LogLoss, 14);
        Assert.Equal(Brier, pooled.Brier, 15);
        Assert.Equal(Ece, pooled.ExpectedCalibrationError, 15);
        Assert.Equal((direct.AucLower, direct.AucUpper), (pooled.AucLower, pooled.AucUpper));
    }

    private static CrossValidationFold Fold(FoldPlan plan, PredictionSet set, int fold)
    {
        var rows = plan.TestRows(1, fold);
        var part = new PredictionSet
        {
            Kind = set.Kind, Classes = set.Classes, RowIds = rows.Select(i => set.RowIds[i]).ToArray(),
            TruthLabels = rows.Select(i => set.TruthLabels![i]).ToArray(), PredictedLabels = rows.Select(i => set.PredictedLabels![i]).ToArray(),
            Probabilities = rows.Select(i => set.Probabilities![i]).ToArray(), Folds = rows.Select(_ => fold).ToArray(), Repeats = rows.Select(_ => 1).ToArray(),
        };
        var report = ClassificationReport.From(part);
        return new CrossValidationFold
        {
            Repeat = 1, Fold = fold, TrainRows = set.Count - rows.Length, TestRows = rows.Length, Metric = "Accuracy", Score = report.Accuracy,
            Metrics = MetricCatalog.FoldMetrics(TargetKind.Classification).ToDictionary(m => m.Name, m => report.Metric(m.Name)),
            Report = report, Predictions = part,
        };
    }

    [Fact]
    public void TheHtmlReportWritesTheScorersNumbersAndTheCrossValidationsCorrectedInterval()
    {
        using var model = Trainer.Train(TestData.Blobs(60, 1), NetworkFactory.FeedForward(new FeedForwardOptions { Hidden = new[] { 4 } }),
            new TrainingOptions { Epochs = 2, BatchSize = 16, Seed = 1, ValidationFraction = 0 });
        var set = Hand();
        var cv = Cv(new[] { 0.8, 0.9, 0.85 }, out _);
        var content = ModelReportContent.For(model, null, predictions: set) with { CrossValidation = FoldScores.Of(cv) };
        var html = ModelReport.Html(content);
        var n = Regex.Matches(html, " data-([a-z0-9]+)=\"([-+0-9.eE]+|NaN)\"").ToDictionary(m => m.Groups[1].Value, m => double.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture));
        Assert.Equal(4.0 / 6, n["accuracy"], 15);
        Assert.Equal(MacroF1, n["macrof1"], 15);
        Assert.Equal(Auc, n["auc"], 14);
        var r = ClassificationReport.From(set);
        Assert.Equal((r.AucLower, r.AucUpper), (n["auclower"], n["aucupper"]));
        Assert.Equal(Ece, n["expectedcalibrationerror"], 15);
        Assert.Equal(Brier, n["brier"], 15);
        Assert.Equal(LogLoss, n["logloss"], 14);
        // cross-validation card: folds 0.8, 0.9, 0.85 (mean 0.85, s² = 0.0025), n_test/n_train = 10/20; corrected
        // SE = sqrt((1/3 + 1/2) * 0.0025), t(0.975, 2 df) = 4.302652729911275 (tables); the upper end is clipped at 1
        double half = 4.302652729911275 * Math.Sqrt((1.0 / 3 + 0.5) * 0.0025);
        Assert.Equal(0.85, n["crossvalidationmean"], 14);
        Assert.Equal(0.85 - half, n["crossvalidationlower"], 9); // MathNet's t quantile is good to about 1e-11
        Assert.Equal(1.0, n["crossvalidationupper"]);
        Assert.Contains("Cross-validated Accuracy", html);
        Assert.DoesNotContain("Hanley", html);
    }

    /// <summary>A cross-validation result of a 3-fold plan on 30 rows (10 test, 20 training rows a fold) with the given per-fold
    /// accuracies (and LogLoss = 1 - accuracy), the folds' predictions being the truth.</summary>
    private static CrossValidationResult Cv(double[] accuracy, out Dataset data, double logLossShift = 0)
    {
        data = TestData.Blobs(30, 1);
        var plan = FoldPlan.Create(data, accuracy.Length, 1, 1, stratify: false, groupBy: null);
        var labels = data.Target!.Labels;
        var folds = new List<CrossValidationFold>();
        for (int f = 1; f <= accuracy.Length; f++)
        {
            var rows = plan.TestRows(1, f);
            var part = new PredictionSet
            {
                Kind = TargetKind.Classification, Classes = data.Target.Classes, RowIds = rows.Select(i => (i + 1).ToString(CultureInfo.InvariantCulture)).ToArray(),
                TruthLabels = rows.Select(i => labels[i]).ToArray(), PredictedLabels = rows.Select(i => labels[i]).ToArray(),
                Probabilities = rows.Select(i => labels[i] == 0 ? new[] { 0.75f, 0.25f } : new[] { 0.25f, 0.75f }).ToArray(),
                Folds = rows.Select(_ => f).ToArray(), Repeats = rows.Select(_ => 1).ToArray(),
            };
            folds.Add(new CrossValidationFold
            {
                Repeat = 1, Fold = f, TrainRows = 30 - rows.Length, TestRows = rows.Length, Metric = "Accuracy", Score = accuracy[f - 1],
                Metrics = new Dictionary<string, double> { ["Accuracy"] = accuracy[f - 1], ["LogLoss"] = 1 - accuracy[f - 1] + logLossShift, ["AccuracyLower"] = accuracy[f - 1] - 0.1 },
                Report = ClassificationReport.From(part), Predictions = part,
            });
        }
        return CrossValidationResult.Create(plan, null, new TrainingOptions(), data, folds, Enumerable.Range(1, accuracy.Length).ToArray(), true, 0.95);
    }

    [Fact]
    public void CompareModelSaysBetterWhenTheNewLogLossIsLower()
    {
        var a = Cv(new[] { 0.80, 0.82, 0.78, 0.81, 0.79 }, out _);
        var b = Cv(new[] { 0.80, 0.82, 0.78, 0.81, 0.79 }, out _, logLossShift: -0.2); // LogLoss 0.2 lower in every fold
        // per-fold differences -0.2 (up to rounding of 1 - accuracy - 0.2): a mean far below 0 with a tiny spread
        var cmp = CrossValidationComparison.Compare(a, b, metric: "logloss");
        Assert.Equal("LogLoss", cmp.Metric);
        Assert.False(cmp.HigherIsBetter);
        Assert.True(cmp.Difference < 0);
        Assert.Equal(ComparisonDecision.Better, cmp.Decision);
        Assert.Equal(ComparisonDecision.Worse, CrossValidationComparison.Compare(b, a, metric: "LogLoss").Decision);
    }

    [Fact]
    public void CompareModelSaysBetterWhenTheNewMapeIsLower()
    {
        var data = Dataset.Tabular("line", "test", new DataColumn[] { new NumericColumn("x", Enumerable.Range(0, 30).Select(i => (double)i).ToArray()) },
            new TargetColumn("y", Enumerable.Range(0, 30).Select(i => 10.0 + i).ToArray()));
        var plan = FoldPlan.Create(data, 5, 1, 1, stratify: false, groupBy: null);
        CrossValidationResult Result(double mape)
        {
            var folds = Enumerable.Range(1, 5).Select(f =>
            {
                var rows = plan.TestRows(1, f);
                var part = new PredictionSet
                {
                    Kind = TargetKind.Regression, RowIds = rows.Select(i => (i + 1).ToString(CultureInfo.InvariantCulture)).ToArray(),
                    TruthValues = rows.Select(i => 10.0 + i).ToArray(), PredictedValues = rows.Select(i => 11.0 + i).ToArray(),
                    Folds = rows.Select(_ => f).ToArray(), Repeats = rows.Select(_ => 1).ToArray(),
                };
                return new CrossValidationFold
                {
                    Repeat = 1, Fold = f, TrainRows = 30 - rows.Length, TestRows = rows.Length, Metric = "RMSE", Score = 1,
                    Metrics = new Dictionary<string, double> { ["RMSE"] = 1, ["MAE"] = 1, ["RSquared"] = 0.9, ["Bias"] = 1 + mape, ["MAPE"] = mape + f * 0.01 },
                    Report = RegressionReport.From(part), Predictions = part,
                };
            }).ToArray();
            return CrossValidationResult.Create(plan, null, new TrainingOptions(), data, folds, new[] { 1, 2, 3, 4, 5 }, true, 0.95);
        }
        var reference = Result(8);
        var better = Result(5); // MAPE 3 points lower in every fold
        var cmp = CrossValidationComparison.Compare(reference, better, metric: "MAPE");
        Assert.False(cmp.HigherIsBetter);
        Assert.Equal(ComparisonDecision.Better, cmp.Decision);
        var e = Assert.Throws<DeepStatsException>(() => CrossValidationComparison.Compare(reference, better, metric: "Bias"));
        Assert.Equal(ErrorIds.MetricHasNoDirection, e.ErrorId);
        Assert.Contains("'Bias'", e.Message);
    }

    [Fact]
    public void CompareModelRefusesIntervalBoundsAndUnknownMetrics()
    {
        var a = Cv(new[] { 0.8, 0.9, 0.85 }, out _);
        Assert.Equal(ErrorIds.MetricHasNoDirection, Assert.Throws<DeepStatsException>(() => CrossValidationComparison.Compare(a, a, metric: "AccuracyLower")).ErrorId);
        var e = Assert.Throws<DeepStatsException>(() => CrossValidationComparison.Compare(a, a, metric: "Speed"));
        Assert.Equal(ErrorIds.UnknownMetric, e.ErrorId);
        Assert.Contains("LogLoss", e.Message);
    }

    [Fact]
    public void TheCatalogueGivesEveryFoldMetricARangeAndTheSignedOnesNoDirection()
    {
        Assert.Equal(MetricDirection.Lower, MetricCatalog.Get("logloss").Direction);
        Assert.Equal(MetricDirection.Lower, MetricCatalog.Get("MAPE").Direction);
        Assert.Equal(MetricDirection.None, MetricCatalog.Get("Bias").Direction);
        Assert.Equal(MetricDirection.Higher, MetricCatalog.DirectionOf(MonitorMetric.ValidationAccuracy));
        Assert.Equal(MetricDirection.Lower, MetricCatalog.DirectionOf(MonitorMetric.ValidationLoss));
        foreach (var kind in new[] { TargetKind.Classification, TargetKind.Regression })
            Assert.All(MetricCatalog.FoldMetrics(kind), m => Assert.Equal(kind, m.TargetKind));
        // every MonitorMetric is catalogued
        Assert.All(Enum.GetValues<MonitorMetric>(), m => Assert.NotNull(MetricCatalog.Find(m.ToString())));
    }

    [Fact]
    public void DeLongAtAucOneReportsTheStatedOneSidedBound()
    {
        // every positive (0.9, 0.8, 0.7) above every negative (0.3, 0.2, 0.1, 0.05): AUC 1, DeLong variance 0.
        // k = min(3, 4) = 3 disjoint pairs; lower bound (0.025)^(1/3) = 0.29240177382128660 (by hand: 0.2924^3 = 0.025)
        var scores = new[] { 0.9, 0.8, 0.7, 0.3, 0.2, 0.1, 0.05 };
        var pos = new[] { true, true, true, false, false, false, false };
        var one = RocAuc.DeLong(scores, pos)!;
        Assert.Equal((1.0, 0.0, 1.0), (one.Auc, one.StandardError, one.Upper));
        Assert.Equal(Math.Pow(0.025, 1.0 / 3), one.Lower, 15);
        Assert.Equal(0.2924017738212866, one.Lower, 12);
        Assert.Equal(RocAuc.PerfectMethod, one.Method);
        // reversed: AUC 0, interval [0, 1 - 0.2924]
        var zero = RocAuc.DeLong(scores.Select(s => -s).ToArray(), pos)!;
        Assert.Equal((0.0, 0.0), (zero.Auc, zero.Lower));
        Assert.Equal(1 - Math.Pow(0.025, 1.0 / 3), zero.Upper, 15);
        // macro one-vs-rest, three perfectly separated classes of 2, 3 and 4 rows: k = min over classes of min(m, n) = 2
        var truth = new[] { 0, 0, 1, 1, 1, 2, 2, 2, 2 };
        var probs = truth.Select(t => Enumerable.Range(0, 3).Select(c => c == t ? 0.8f : 0.1f).ToArray()).ToArray();
        var macro = RocAuc.MacroOneVsRest(probs, truth, 3)!;
        Assert.Equal(1.0, macro.Auc);
        Assert.Equal(Math.Sqrt(0.025), macro.Lower, 15);
        // at 90%, alpha/2 = 0.05
        Assert.Equal(Math.Pow(0.05, 1.0 / 3), RocAuc.DeLong(scores, pos, 0.9)!.Lower, 15);
    }

    [Fact]
    public void DeLongBelowOneKeepsItsNormalInterval()
    {
        // the hand case of EvaluationMetricsTests: AUC 7/8, Var 19/864
        var a = RocAuc.DeLong(new[] { 0.9, 0.8, 0.4, 0.7, 0.4, 0.3, 0.2 }, new[] { true, true, true, false, false, false, false })!;
        Assert.Equal(7.0 / 8 - Z * Math.Sqrt(19.0 / 864), a.Lower, 12);
        Assert.Equal(RocAuc.DeLongMethod, a.Method);
    }

    [Fact]
    public void BrierIsFormedInFloat64()
    {
        // the row is of class y with p(y) = 0.1f = 0.100000001490116...: p - 1 = -0.899999998509884 in float64, while float32
        // arithmetic rounds it to -0.899999976158142 (0.9f), a squared error 4e-8 smaller
        var set = new PredictionSet
        {
            Kind = TargetKind.Classification, Classes = new[] { "n", "y" }, RowIds = new[] { "1" },
            TruthLabels = new[] { 1 }, PredictedLabels = new[] { 0 }, Probabilities = new[] { new[] { 0.9f, 0.1f } },
        };
        double d = 0.1f - 1.0;
        Assert.Equal(-0.899999998509884, d, 14);
        Assert.Equal(d * d, ClassificationReport.From(set).Brier);
        Assert.NotEqual((double)((0.1f - 1f) * (0.1f - 1f)), ClassificationReport.From(set).Brier);
    }
}
