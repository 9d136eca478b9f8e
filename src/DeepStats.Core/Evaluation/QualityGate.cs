using System.Globalization;

namespace DeepStats.Core.Evaluation;

/// <summary>
/// Minimum (or maximum) values a tested model must reach: accuracy, macro F1 and AUC at least, RMSE at
/// most. With <see cref="OnLowerBound"/> each metric is judged by the pessimistic end of its interval
/// (the lower bound of accuracy, F1 and AUC; the upper bound of RMSE), so a model passes only when the
/// data show it meets the bar, not when its point estimate happens to.
/// </summary>
public sealed record QualityGate
{
    public double? MinimumAccuracy { get; init; }
    public double? MinimumF1 { get; init; }
    public double? MinimumAuc { get; init; }
    public double? MaximumRmse { get; init; }
    public bool OnLowerBound { get; init; }
    /// <summary>Seed of the bootstrap that gives macro F1 an interval when <see cref="OnLowerBound"/> is set.</summary>
    public int Seed { get; init; }

    public bool IsEmpty => MinimumAccuracy is null && MinimumF1 is null && MinimumAuc is null && MaximumRmse is null;

    /// <summary>The report with <c>Passed</c> and one sentence per gate in <c>GateResults</c>.</summary>
    public ClassificationReport Apply(ClassificationReport r)
    {
        var results = new List<string>();
        bool ok = true;
        void Check(string metric, double estimate, double lower, double? bar)
        {
            if (bar is not { } b) return;
            double judged = OnLowerBound ? lower : estimate;
            bool pass = Meets(metric, judged, b);
            ok &= pass;
            results.Add(Sentence(metric, judged, b, pass, "at least"));
        }
        if (MaximumRmse is not null)
            throw new DeepStatsException(ErrorIds.InvalidQualityGate, FailureKind.InvalidArgument, "-MaximumRmse applies to models with a numeric target; this one predicts classes.", MaximumRmse);
        Check("Accuracy", r.Accuracy, r.AccuracyLower, MinimumAccuracy);
        if (MinimumF1 is not null)
        {
            double lower = OnLowerBound && r.Predictions is { } set ? BootstrapMacroF1Lower(set, r.ConfidenceLevel, Seed) : r.MacroF1;
            Check("MacroF1", r.MacroF1, lower, MinimumF1);
        }
        Check("Auc", r.Auc, r.AucLower, MinimumAuc);
        return r with { Passed = ok, GateResults = results };
    }

    public RegressionReport Apply(RegressionReport r)
    {
        if (MinimumAccuracy is not null || MinimumF1 is not null || MinimumAuc is not null)
            throw new DeepStatsException(ErrorIds.InvalidQualityGate, FailureKind.InvalidArgument,
                "-MinimumAccuracy, -MinimumF1 and -MinimumAuc apply to classifiers; this model predicts numbers (use -MaximumRmse).", this);
        var results = new List<string>();
        bool ok = true;
        if (MaximumRmse is { } max)
        {
            double judged = OnLowerBound ? r.RmseUpper : r.Rmse;
            ok = Meets("RMSE", judged, max);
            results.Add(Sentence("RMSE", judged, max, ok, "at most"));
        }
        return r with { Passed = ok, GateResults = results };
    }

    /// <summary>Whether a value meets a bar, the way the metric catalogue says is better (at least for higher-is-better, at most for lower).</summary>
    private static bool Meets(string metric, double judged, double bar) => MetricCatalog.Comparable(metric).Direction == MetricDirection.Higher ? judged >= bar : judged <= bar;

    private static string Words(string metric) => metric switch { "MacroF1" => "macro F1", "Auc" => "AUC", "Accuracy" => "accuracy", _ => metric };

    private string Sentence(string metric, double judged, double bar, bool pass, string relation) => string.Create(CultureInfo.InvariantCulture,
        $"{(OnLowerBound ? $"The {(relation == "at most" ? "upper" : "lower")} bound of the {Words(metric)} interval" : $"The {Words(metric)}")}, {judged:G4}, " +
        $"{(double.IsNaN(judged) ? "is undefined, so the gate fails" : pass ? "meets" : "does not meet")} the gate of {relation} {bar:G4}.");

    /// <summary>The lower percentile-bootstrap bound of macro F1 (rows resampled with replacement, 1000 times, seeded).</summary>
    public static double BootstrapMacroF1Lower(PredictionSet set, double level, int seed, int resamples = 1000)
    {
        int n = set.Count, k = set.Classes.Count;
        var rng = new Random(seed);
        var values = new List<double>(resamples);
        var tp = new int[k]; var fp = new int[k]; var fn = new int[k]; var support = new int[k];
        for (int b = 0; b < resamples; b++)
        {
            Array.Clear(tp); Array.Clear(fp); Array.Clear(fn); Array.Clear(support);
            for (int s = 0; s < n; s++)
            {
                int i = rng.Next(n), t = set.TruthLabels![i], p = set.PredictedLabels![i];
                support[t]++;
                if (t == p) tp[t]++; else { fp[p]++; fn[t]++; }
            }
            double macro = ClassificationReport.MacroF1Of(tp, fp, fn, support); // the report's own macro F1 on the resample
            if (!double.IsNaN(macro)) values.Add(macro);
        }
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? double.NaN : Statistics.Quantiles.Type7(sorted, (1 - level) / 2);
    }
}
