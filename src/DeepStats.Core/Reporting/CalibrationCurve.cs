using DeepStats.Core.Evaluation;

namespace DeepStats.Core.Reporting;

/// <summary>One bin of a reliability diagram: its range, rows, mean predicted probability, and the observed frequency with a Wilson interval.</summary>
public sealed record CalibrationBin(double From, double To, int Count, double MeanPredicted, double Observed, double ObservedLower, double ObservedUpper);

/// <summary>
/// A reliability (calibration) diagram's data: predicted probabilities in equal-width bins against
/// how often the event happened, and the expected calibration error
/// ECE = Σ (n_b / N) |observed_b - predicted_b| (Naeini et al. 2015; Guo et al. 2017).
/// </summary>
public sealed record CalibrationCurve(string Event, IReadOnlyList<CalibrationBin> Bins, double ExpectedCalibrationError, int Count, double ConfidenceLevel)
{
    /// <summary>
    /// Bins of width 1/<paramref name="bins"/>; a probability p falls in bin floor(p·bins) (p = 1 in the last).
    /// Empty bins are left out.
    /// </summary>
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
            int b = Math.Clamp((int)Math.Floor(p * bins), 0, bins - 1);
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

    /// <summary>
    /// For two classes: the second class's probability against whether the row is of that class. For more:
    /// the top-label confidence (the predicted class's probability) against whether the prediction was right.
    /// </summary>
    public static CalibrationCurve Of(PredictionSet set, int bins = 10, double level = 0.95)
    {
        var (truth, probs) = ChartData.Labelled(set, "A calibration diagram");
        if (set.Classes.Count == 2)
            return Of($"class '{set.Classes[1]}'", probs.Select(r => (double)r[1]).ToArray(), truth.Select(t => t == 1).ToArray(), bins, level);
        var conf = new double[truth.Length];
        var right = new bool[truth.Length];
        for (int i = 0; i < truth.Length; i++)
        {
            int best = 0;
            for (int c = 1; c < probs[i].Length; c++) if (probs[i][c] > probs[i][best]) best = c;
            conf[i] = probs[i][best];
            right[i] = best == truth[i];
        }
        return Of("prediction correct (top-label confidence)", conf, right, bins, level);
    }
}
