using MathNet.Numerics.Distributions;

namespace DeepStats.Core.Evaluation;

/// <summary>An area under the ROC curve with its DeLong standard error and confidence interval, and how the interval was formed.</summary>
public sealed record AucEstimate(double Auc, double StandardError, double Lower, double Upper, double Level, int Positives, int Negatives)
{
    public string Method { get; init; } = RocAuc.DeLongMethod;
}

/// <summary>
/// The one AUC and AUC interval. ROC AUC as the Mann-Whitney probability P(score of a positive &gt; score of a negative), ties counting 1/2,
/// with DeLong, DeLong and Clarke-Pearson's (1988) variance: with ψ(x, y) = 1 if x &gt; y, 1/2 if x = y, 0 otherwise,
/// V10(Xᵢ) = mean over negatives of ψ(Xᵢ, Yⱼ), V01(Yⱼ) = mean over positives of ψ(Xᵢ, Yⱼ),
/// S10 and S01 their sample variances (n - 1), Var(AUC) = S10 / m + S01 / n. The interval is AUC ± z·SE,
/// clipped to [0, 1]. The macro one-vs-rest AUC averages the per-class AUCs; its variance combines each
/// row's DeLong components over the classes before squaring, so the correlation between the one-vs-rest
/// AUCs (they share rows) is accounted for; with one class it is exactly DeLong's.
/// At AUC 1 (every positive above every negative) DeLong's variance is 0 and its interval would be the point 1;
/// the interval reported is then one-sided, [(α/2)^(1/k), 1] with α = 1 - level and k = min(m, n): k disjoint
/// positive-negative pairs are each ordered right with probability AUC, independently, so seeing them all right has
/// probability at most AUC^k (the Clopper-Pearson bound for k successes in k trials; conservative). At AUC 0 it is
/// [0, 1 - (α/2)^(1/k)]. For the macro AUC, k is the smallest min(m_c, n_c) over the classes (a macro AUC below the
/// bound needs one class below it). The standard error stays DeLong's, 0.
/// </summary>
public static class RocAuc
{
    public const string DeLongMethod = "DeLong (1988) normal interval, clipped to [0, 1]";
    public const string PerfectMethod = "AUC at its limit, where DeLong's variance is 0: one-sided bound (alpha/2)^(1/k), k = min(positives, negatives)";

    /// <summary>The AUC of a classifier's probabilities: binary with the last class positive, else macro one-vs-rest; null when fewer than two classes are present.</summary>
    public static AucEstimate? Of(IReadOnlyList<int> truth, IReadOnlyList<float[]> probabilities, int classes, double level = 0.95)
    {
        if (classes == 2)
            return DeLong(probabilities.Select(p => (double)p[1]).ToArray(), truth.Select(t => t == 1).ToArray(), level);
        return classes > 2 ? MacroOneVsRest(probabilities, truth, classes, level) : null;
    }

    /// <summary>AUC of <paramref name="scores"/> for <paramref name="positive"/> rows against the others; null when either group is empty.</summary>
    public static AucEstimate? DeLong(IReadOnlyList<double> scores, IReadOnlyList<bool> positive, double level = 0.95)
    {
        var c = Components(scores, positive);
        if (c is null) return null;
        var (auc, phi, m, n) = c.Value;
        double var = phi.Sum(p => p * p);
        return Make(auc, var, level, m, n, Math.Min(m, n));
    }

    /// <summary>Macro one-vs-rest AUC over the classes present in <paramref name="truth"/> (at least two); null otherwise.</summary>
    public static AucEstimate? MacroOneVsRest(IReadOnlyList<float[]> probabilities, IReadOnlyList<int> truth, int classes, double level = 0.95)
    {
        int rows = truth.Count;
        var psi = new double[rows];
        double sum = 0;
        int k = 0, pairs = int.MaxValue;
        var scores = new double[rows];
        var pos = new bool[rows];
        for (int c = 0; c < classes; c++)
        {
            for (int i = 0; i < rows; i++) { scores[i] = probabilities[i][c]; pos[i] = truth[i] == c; }
            var comp = Components(scores, pos);
            if (comp is null) continue;
            sum += comp.Value.Auc;
            for (int i = 0; i < rows; i++) psi[i] += comp.Value.Phi[i];
            pairs = Math.Min(pairs, Math.Min(comp.Value.M, comp.Value.N));
            k++;
        }
        if (k < 2) return null;
        double var = 0;
        foreach (var p in psi) var += (p / k) * (p / k);
        return Make(sum / k, var, level, -1, -1, pairs);
    }

    private static AucEstimate Make(double auc, double var, double level, int m, int n, int pairs)
    {
        double se = Math.Sqrt(var);
        if (var == 0 && (auc == 1 || auc == 0))
        {
            double bound = Math.Pow((1 - level) / 2, 1.0 / pairs);
            return auc == 1
                ? new AucEstimate(auc, se, bound, 1, level, m, n) { Method = PerfectMethod }
                : new AucEstimate(auc, se, 0, 1 - bound, level, m, n) { Method = PerfectMethod };
        }
        double z = Normal.InvCDF(0, 1, 1 - (1 - level) / 2);
        return new AucEstimate(auc, se, Math.Max(0, auc - z * se), Math.Min(1, auc + z * se), level, m, n);
    }

    /// <summary>The AUC and each row's DeLong component φ: (V10 - AUC) / sqrt(m(m - 1)) for positives, (V01 - AUC) / sqrt(n(n - 1)) for
    /// negatives, so that Σφ² = S10/m + S01/n. Sorting makes it O(N log N) (Sun and Xu 2014's midrank form). One sort of the rows by
    /// (score, row) serves the three midrankings: the positives' and the negatives' sorted orders are its subsequences, so the
    /// ranks are those of sorting each group on its own, with three row-sized arrays in all (a million predictions: 20 MB, not 100).</summary>
    private static (double Auc, double[] Phi, int M, int N)? Components(IReadOnlyList<double> scores, IReadOnlyList<bool> positive)
    {
        int rows = scores.Count, m = 0;
        for (int i = 0; i < rows; i++) if (positive[i]) m++;
        int n = rows - m;
        if (m == 0 || n == 0) return null;
        // rows by score, ties (and NaN, equal to each other in the order) in row order: the stable order of sorting by score
        var sorted = new int[rows];
        for (int i = 0; i < rows; i++) sorted[i] = i;
        Array.Sort(sorted, (a, b) => { int c = scores[a].CompareTo(scores[b]); return c != 0 ? c : a.CompareTo(b); });
        // midranks among all rows, and among each row's own group (positives or negatives; 1-based, ties averaged)
        var all = new double[rows];
        var own = new double[rows];
        MidRanks(sorted, scores, _ => true, all);
        MidRanks(sorted, scores, i => positive[i], own);
        MidRanks(sorted, scores, i => !positive[i], own);
        // V10(Xi) = (rank_all - rank_pos) / n; V01(Yj) = 1 - (rank_all - rank_neg) / m (kept in own)
        double sumV10 = 0;
        var v = own;
        for (int i = 0; i < rows; i++)
        {
            v[i] = positive[i] ? (all[i] - own[i]) / n : 1 - (all[i] - own[i]) / m;
            if (positive[i]) sumV10 += v[i];
        }
        double auc = sumV10 / m;
        var phi = all;
        for (int i = 0; i < rows; i++)
            phi[i] = positive[i] ? (m > 1 ? (v[i] - auc) / Math.Sqrt((double)m * (m - 1)) : 0) : (n > 1 ? (v[i] - auc) / Math.Sqrt((double)n * (n - 1)) : 0);
        return (auc, phi, m, n);
    }

    /// <summary>Midranks of the included rows, read in the sorted order: a run of equal scores among them shares the mean of its ranks.</summary>
    private static void MidRanks(int[] sorted, IReadOnlyList<double> scores, Func<int, bool> include, double[] ranks)
    {
        int a = 0, p = 0, count = sorted.Length;
        while (true)
        {
            while (p < count && !include(sorted[p])) p++;
            if (p >= count) break;
            double s = scores[sorted[p]];
            int tied = 1, last = p;
            for (int t = p + 1; ; t++)
            {
                while (t < count && !include(sorted[t])) t++;
                if (t >= count || scores[sorted[t]] != s) break;
                tied++;
                last = t;
            }
            int b = a + tied - 1;
            double r = (a + b) / 2.0 + 1;
            for (int t = p; t <= last; t++) if (include(sorted[t])) ranks[sorted[t]] = r;
            a = b + 1;
            p = last + 1;
        }
    }
}
