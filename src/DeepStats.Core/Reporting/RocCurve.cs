using DeepStats.Core.Evaluation;

namespace DeepStats.Core.Reporting;

/// <summary>
/// One ROC curve: the points (false positive rate, true positive rate) at every distinct score threshold, and the
/// area under it with its interval and the counts it came from, which are <see cref="RocAuc.DeLong"/>'s (the one AUC).
/// </summary>
public sealed record RocCurve(string Class, double[] FalsePositiveRate, double[] TruePositiveRate,
    double Auc, double AucLower, double AucUpper, double ConfidenceLevel, int Positives, int Negatives)
{
    /// <summary>
    /// The curve of <paramref name="scores"/> (higher = more likely positive) against <paramref name="positive"/>.
    /// Rows are sorted by score, descending; tied scores move the curve diagonally, so the area under the points by the
    /// trapezoid rule is the Mann-Whitney AUC that <see cref="RocAuc.DeLong"/> reports with its interval.
    /// With no positive or no negative row the curve and its area are undefined: NaN and empty points.
    /// </summary>
    public static RocCurve Of(string cls, IReadOnlyList<double> scores, IReadOnlyList<bool> positive, double level = 0.95)
    {
        if (scores.Count != positive.Count) throw new ArgumentException("scores and truths differ in length");
        int n = scores.Count, p = positive.Count(b => b), q = n - p;
        var auc = RocAuc.DeLong(scores, positive, level);
        if (auc is null)
            return new RocCurve(cls, Array.Empty<double>(), Array.Empty<double>(), double.NaN, double.NaN, double.NaN, level, p, q);
        var order = Enumerable.Range(0, n).OrderByDescending(i => scores[i]).ToArray();
        var fpr = new List<double> { 0 };
        var tpr = new List<double> { 0 };
        long tp = 0, fp = 0;
        for (int i = 0; i < n;)
        {
            int j = i;
            while (j < n && scores[order[j]] == scores[order[i]]) { if (positive[order[j]]) tp++; else fp++; j++; }
            fpr.Add((double)fp / q);
            tpr.Add((double)tp / p);
            i = j;
        }
        return new RocCurve(cls, fpr.ToArray(), tpr.ToArray(), auc.Auc, auc.Lower, auc.Upper, level, p, q);
    }

    /// <summary>
    /// The curves of a prediction set: for two classes one curve, the second class as positive, scored by its
    /// probability; for more, one curve per class against the rest. Rows without a truth are left out.
    /// </summary>
    public static IReadOnlyList<RocCurve> Of(PredictionSet set, double level = 0.95)
    {
        var (truth, probs) = ChartData.Labelled(set, "ROC curves");
        int k = set.Classes.Count;
        var classes = k == 2 ? new[] { 1 } : Enumerable.Range(0, k).ToArray();
        return classes.Select(c => Of(set.Classes[c], probs.Select(r => (double)r[c]).ToArray(), truth.Select(t => t == c).ToArray(), level)).ToArray();
    }
}
