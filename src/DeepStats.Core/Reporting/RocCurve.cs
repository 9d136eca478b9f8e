using DeepStats.Core.Evaluation;
using MathNet.Numerics.Distributions;

namespace DeepStats.Core.Reporting;

/// <summary>
/// One ROC curve: the points (false positive rate, true positive rate) at every distinct score
/// threshold, the area under it with a Hanley-McNeil interval, and the counts it came from.
/// </summary>
public sealed record RocCurve(string Class, double[] FalsePositiveRate, double[] TruePositiveRate,
    double Auc, double AucLower, double AucUpper, double ConfidenceLevel, int Positives, int Negatives)
{
    /// <summary>
    /// The curve of <paramref name="scores"/> (higher = more likely positive) against <paramref name="positive"/>.
    /// Rows are sorted by score, descending; tied scores move the curve diagonally, so the area by the
    /// trapezoid rule equals the Mann-Whitney probability P(score+ &gt; score-) + P(tie)/2.
    /// The interval is Wald's with the Hanley and McNeil (1982, Radiology 143:29) standard error, clipped to [0, 1].
    /// With no positive or no negative row the curve and its area are undefined: NaN and empty points.
    /// </summary>
    public static RocCurve Of(string cls, IReadOnlyList<double> scores, IReadOnlyList<bool> positive, double level = 0.95)
    {
        if (scores.Count != positive.Count) throw new ArgumentException("scores and truths differ in length");
        int n = scores.Count, p = positive.Count(b => b), q = n - p;
        if (p == 0 || q == 0)
            return new RocCurve(cls, Array.Empty<double>(), Array.Empty<double>(), double.NaN, double.NaN, double.NaN, level, p, q);
        var order = Enumerable.Range(0, n).OrderByDescending(i => scores[i]).ToArray();
        var fpr = new List<double> { 0 };
        var tpr = new List<double> { 0 };
        long tp = 0, fp = 0;
        double area2 = 0; // twice the area, in units of 1/(p q): exact for integer counts
        for (int i = 0; i < n;)
        {
            int j = i;
            long dtp = 0, dfp = 0;
            while (j < n && scores[order[j]] == scores[order[i]]) { if (positive[order[j]]) dtp++; else dfp++; j++; }
            area2 += dfp * (2 * tp + dtp);
            tp += dtp; fp += dfp;
            fpr.Add((double)fp / q);
            tpr.Add((double)tp / p);
            i = j;
        }
        double auc = area2 / (2.0 * p * q);
        double se = HanleyMcNeilStandardError(auc, p, q);
        double z = Normal.InvCDF(0, 1, 1 - (1 - level) / 2);
        return new RocCurve(cls, fpr.ToArray(), tpr.ToArray(), auc, Math.Max(0, auc - z * se), Math.Min(1, auc + z * se), level, p, q);
    }

    /// <summary>SE(A)² = [A(1-A) + (nP-1)(Q1-A²) + (nN-1)(Q2-A²)] / (nP nN), Q1 = A/(2-A), Q2 = 2A²/(1+A).</summary>
    public static double HanleyMcNeilStandardError(double auc, int positives, int negatives)
    {
        double a = auc, q1 = a / (2 - a), q2 = 2 * a * a / (1 + a);
        double v = (a * (1 - a) + (positives - 1) * (q1 - a * a) + (negatives - 1) * (q2 - a * a)) / ((double)positives * negatives);
        return Math.Sqrt(Math.Max(0, v));
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
