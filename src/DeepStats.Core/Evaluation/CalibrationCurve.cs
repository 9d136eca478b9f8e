using DeepStats.Core.Data;

namespace DeepStats.Core.Evaluation;

/// <summary>One bin of a reliability diagram: its range, rows, mean predicted probability, and the observed frequency with a Wilson interval.</summary>
public sealed record CalibrationBin(double From, double To, int Count, double MeanPredicted, double Observed, double ObservedLower, double ObservedUpper);

/// <summary>
/// The one calibration convention: top-label. Each row's confidence is the probability of the class it is predicted
/// as, and its outcome whether that prediction is right; the confidences fall in equal-width bins ((b-1)/B, b/B]
/// (a probability of 0 in the first), and the expected calibration error is
/// ECE = Σ_b (n_b / N)·|observed_b - mean confidence_b| (Naeini et al. 2015; Guo et al. 2017, whose bins these are).
/// <see cref="ClassificationReport.ExpectedCalibrationError"/> and the calibration chart are both this curve's ECE.
/// </summary>
public sealed record CalibrationCurve(string Event, IReadOnlyList<CalibrationBin> Bins, double ExpectedCalibrationError, int Count, double ConfidenceLevel)
{
    /// <summary>The bin of a probability: ((b-1)/B, b/B] is bin b - 1 (0-based); 0 goes to the first bin.</summary>
    internal static int BinOf(double p, int bins) => Math.Clamp((int)Math.Ceiling(p * bins) - 1, 0, bins - 1);

    /// <summary>Bins of width 1/<paramref name="bins"/> of <paramref name="probability"/> against whether the event <paramref name="happened"/>; empty bins are left out.</summary>
    public static CalibrationCurve Of(string eventName, IReadOnlyList<double> probability, IReadOnlyList<bool> happened, int bins = 10, double level = 0.95)
    {
        if (probability.Count != happened.Count) throw new ArgumentException("probabilities and outcomes differ in length");
        if (bins < 1) throw new ArgumentOutOfRangeException(nameof(bins));
        var n = new int[bins];
        var hits = new int[bins];
        var sum = new double[bins];
        for (int i = 0; i < probability.Count; i++)
        {
            double p = probability[i];
            int b = BinOf(p, bins);
            n[b]++; sum[b] += p; if (happened[i]) hits[b]++;
        }
        var result = new List<CalibrationBin>();
        double ece = 0;
        int total = probability.Count;
        for (int b = 0; b < bins; b++)
        {
            if (n[b] == 0) continue;
            var ci = BinomialInterval.Wilson(hits[b], n[b], level);
            double mean = sum[b] / n[b], observed = (double)hits[b] / n[b];
            ece += (double)n[b] / total * Math.Abs(observed - mean);
            result.Add(new CalibrationBin((double)b / bins, (double)(b + 1) / bins, n[b], mean, observed, ci.Lower, ci.Upper));
        }
        return new CalibrationCurve(eventName, result, total == 0 ? double.NaN : ece, total, level);
    }

    /// <summary>The top-label curve of a classifier's predictions: the predicted class's probability against whether the prediction is right (rows without a truth left out).</summary>
    public static CalibrationCurve TopLabel(PredictionSet set, int bins = 10, double level = 0.95)
    {
        if (set.Kind != TargetKind.Classification || set.TruthLabels is null || set.PredictedLabels is null || set.Probabilities is null)
            throw new DeepStatsException(ErrorIds.MetricUndefined, FailureKind.InvalidArgument,
                "Calibration needs class probabilities and true classes; these predictions are of a numeric target or carry no truth.", set);
        var conf = new List<double>(set.Count);
        var right = new List<bool>(set.Count);
        for (int i = 0; i < set.Count; i++)
        {
            if (set.TruthLabels[i] < 0) continue;
            int p = set.PredictedLabels[i];
            conf.Add(set.Probabilities[i][p]);
            right.Add(p == set.TruthLabels[i]);
        }
        return Of("top-label confidence (prediction correct)", conf, right, bins, level);
    }
}
