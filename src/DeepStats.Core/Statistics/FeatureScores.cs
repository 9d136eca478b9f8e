using MathNet.Numerics;

namespace DeepStats.Core.Statistics;

/// <summary>
/// Univariate scores of one feature against a target, as scikit-learn's feature_selection computes
/// them: F-regression (F of the simple linear fit, from Pearson r: F = r² / (1 - r²) (n - 2), p from
/// F(1, n - 2)) and mutual information by k-nearest-neighbour estimators (Kraskov, Stögbauer and
/// Grassberger 2004, estimator 1, for two continuous variables; Ross 2014 for a continuous and a
/// discrete one; the plug-in formula for two discrete ones), in nats, floored at 0. Rows with a
/// missing value in either variable are skipped. Unlike scikit-learn, no tiny random noise is added
/// to break ties, so the scores are deterministic; on data without ties the results agree.
/// </summary>
public static class FeatureScores
{
    /// <summary>F-regression: F statistic and p-value of the slope of y on x (with intercept). NaN when x or y is constant or fewer than 3 pairs.</summary>
    public static (double F, double PValue, int Count) FRegression(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        var (r, n) = Correlation.Pearson(x, y);
        if (double.IsNaN(r) || n < 3) return (double.NaN, double.NaN, n);
        double r2 = r * r;
        double f = r2 >= 1 ? double.PositiveInfinity : r2 / ((1 - r) * (1 + r)) * (n - 2);
        double p = TailProbability.FUpper(f, 1, n - 2); // an infinite F (perfect fit) gives the floor, p < 1e-300
        return (f, p, n);
    }

    /// <summary>Mutual information (nats) of a continuous x and class codes (Ross 2014; scikit-learn's mutual_info_classif), k neighbours.</summary>
    public static double MutualInformationContinuousDiscrete(ReadOnlySpan<double> x, ReadOnlySpan<int> labels, int k = 3)
    {
        var xs = new List<double>();
        var ls = new List<int>();
        for (int i = 0; i < x.Length; i++)
            if (!double.IsNaN(x[i]) && labels[i] >= 0) { xs.Add(x[i]); ls.Add(labels[i]); }
        // points of a class seen once have no neighbour in their class: they are left out, as scikit-learn does
        var counts = ls.GroupBy(l => l).ToDictionary(g => g.Key, g => g.Count());
        var keep = Enumerable.Range(0, xs.Count).Where(i => counts[ls[i]] > 1).ToArray();
        int n = keep.Length;
        if (n < 2) return 0;
        var all = keep.Select(i => xs[i]).ToArray();
        var lab = keep.Select(i => ls[i]).ToArray();
        var sortedAll = (double[])all.Clone();
        Array.Sort(sortedAll);
        var byClass = lab.Distinct().ToDictionary(c => c, c => Enumerable.Range(0, n).Where(i => lab[i] == c).Select(i => all[i]).Order().ToArray());
        double sumK = 0, sumN = 0, sumM = 0;
        for (int i = 0; i < n; i++)
        {
            var same = byClass[lab[i]];
            int kk = Math.Min(k, same.Length - 1);
            double d = KthDistance1D(same, all[i], kk);
            int m = CountWithin(sortedAll, all[i], Radius(d)); // includes the point itself
            sumK += SpecialFunctions.DiGamma(kk);
            sumN += SpecialFunctions.DiGamma(same.Length);
            sumM += SpecialFunctions.DiGamma(m);
        }
        double mi = SpecialFunctions.DiGamma(n) + sumK / n - sumN / n - sumM / n;
        return Math.Max(0, mi);
    }

    /// <summary>Mutual information (nats) of two continuous variables (KSG estimator 1 with the max-norm; scikit-learn's mutual_info_regression), k neighbours.
    /// Both are first divided by their standard deviation (n), as scikit-learn does.</summary>
    public static double MutualInformationContinuous(ReadOnlySpan<double> x, ReadOnlySpan<double> y, int k = 3)
    {
        var px = new List<double>();
        var py = new List<double>();
        for (int i = 0; i < x.Length; i++)
            if (!double.IsNaN(x[i]) && !double.IsNaN(y[i])) { px.Add(x[i]); py.Add(y[i]); }
        int n = px.Count;
        if (n <= k) return 0;
        var xs = Scale(px.ToArray());
        var ys = Scale(py.ToArray());
        // points in x order; the k-th neighbour in max-norm is found by walking outwards until |dx| exceeds the k-th best
        var order = Enumerable.Range(0, n).OrderBy(i => xs[i]).ThenBy(i => i).ToArray();
        var pos = new int[n];
        for (int r = 0; r < n; r++) pos[order[r]] = r;
        var sortedX = order.Select(i => xs[i]).ToArray();
        var sortedY = (double[])ys.Clone();
        Array.Sort(sortedY);
        var best = new double[k];
        double sumX = 0, sumY = 0;
        for (int i = 0; i < n; i++)
        {
            Array.Fill(best, double.PositiveInfinity); // ascending k smallest distances
            int lo = pos[i] - 1, hi = pos[i] + 1;
            while (lo >= 0 || hi < n)
            {
                double dl = lo >= 0 ? xs[i] - sortedX[lo] : double.PositiveInfinity;
                double dh = hi < n ? sortedX[hi] - xs[i] : double.PositiveInfinity;
                bool left = dl <= dh;
                double dx = left ? dl : dh;
                if (dx > best[k - 1]) break;
                int j = left ? order[lo--] : order[hi++];
                double d = Math.Max(dx, Math.Abs(ys[j] - ys[i]));
                if (d < best[k - 1])
                {
                    int p = k - 1;
                    while (p > 0 && best[p - 1] > d) { best[p] = best[p - 1]; p--; }
                    best[p] = d;
                }
            }
            double r = Radius(best[k - 1]);
            sumX += SpecialFunctions.DiGamma(CountWithin(sortedX, xs[i], r)); // count - 1 + 1: the point itself is excluded, then 1 added
            sumY += SpecialFunctions.DiGamma(CountWithin(sortedY, ys[i], r));
        }
        double mi = SpecialFunctions.DiGamma(n) + SpecialFunctions.DiGamma(k) - sumX / n - sumY / n;
        return Math.Max(0, mi);
    }

    /// <summary>Mutual information (nats) of two discrete variables by the plug-in formula sum p(a,b) ln(p(a,b) / (p(a) p(b))) (scikit-learn's mutual_info_score).</summary>
    public static double MutualInformationDiscrete(ReadOnlySpan<int> a, ReadOnlySpan<int> b)
    {
        var joint = new Dictionary<(int, int), int>();
        var ca = new Dictionary<int, int>();
        var cb = new Dictionary<int, int>();
        int n = 0;
        for (int i = 0; i < a.Length; i++)
        {
            if (a[i] < 0 || b[i] < 0) continue;
            n++;
            joint[(a[i], b[i])] = joint.GetValueOrDefault((a[i], b[i])) + 1;
            ca[a[i]] = ca.GetValueOrDefault(a[i]) + 1;
            cb[b[i]] = cb.GetValueOrDefault(b[i]) + 1;
        }
        double mi = 0;
        foreach (var ((u, v), c) in joint) mi += (double)c / n * Math.Log((double)c * n / ((double)ca[u] * cb[v]));
        return Math.Max(0, mi);
    }

    private static double[] Scale(double[] v)
    {
        double mean = v.Average();
        double sd = Math.Sqrt(v.Sum(t => (t - mean) * (t - mean)) / v.Length);
        if (sd > 0) for (int i = 0; i < v.Length; i++) v[i] /= sd;
        return v;
    }

    /// <summary>scikit-learn counts neighbours within nextafter(d, 0): strictly closer than d (or at 0 when d is 0).</summary>
    private static double Radius(double d) => d > 0 ? Math.BitDecrement(d) : 0;

    /// <summary>Distance from x to its k-th nearest other value in the sorted array (which holds x itself once or more).</summary>
    private static double KthDistance1D(double[] sorted, double x, int k)
    {
        int p = Array.BinarySearch(sorted, x);
        while (p > 0 && sorted[p - 1] == x) p--; // the first copy of x is "itself"
        int lo = p - 1, hi = p + 1;
        double d = 0;
        for (int found = 0; found < k; found++)
        {
            double dl = lo >= 0 ? x - sorted[lo] : double.PositiveInfinity;
            double dh = hi < sorted.Length ? sorted[hi] - x : double.PositiveInfinity;
            if (dl <= dh) { d = dl; lo--; } else { d = dh; hi++; }
        }
        return d;
    }

    /// <summary>How many values v of the ascending array have |v - x| &lt;= r.</summary>
    private static int CountWithin(double[] sorted, double x, double r)
    {
        int a = 0, b = sorted.Length; // first index with x - v <= r
        while (a < b) { int m = (a + b) >>> 1; if (x - sorted[m] <= r) b = m; else a = m + 1; }
        int first = a;
        a = first; b = sorted.Length; // first index with v - x > r
        while (a < b) { int m = (a + b) >>> 1; if (sorted[m] - x > r) b = m; else a = m + 1; }
        return a - first;
    }
}

/// <summary>Multiple-testing adjustment of a family of p-values (NaN entries are left out of the family and stay NaN).</summary>
public static class MultipleTesting
{
    /// <summary>Benjamini-Hochberg (1995) adjusted p-values: p_(i) m / i, made monotone from the largest down, capped at 1 (R's p.adjust "BH").</summary>
    public static double[] BenjaminiHochberg(IReadOnlyList<double> p)
    {
        var idx = Enumerable.Range(0, p.Count).Where(i => !double.IsNaN(p[i])).OrderBy(i => p[i]).ThenBy(i => i).ToArray();
        var adj = Enumerable.Repeat(double.NaN, p.Count).ToArray();
        int m = idx.Length;
        double running = 1;
        for (int r = m - 1; r >= 0; r--)
        {
            running = Math.Min(running, p[idx[r]] * m / (r + 1));
            adj[idx[r]] = running;
        }
        return adj;
    }

    /// <summary>Bonferroni adjusted p-values: min(1, p m).</summary>
    public static double[] Bonferroni(IReadOnlyList<double> p)
    {
        int m = p.Count(v => !double.IsNaN(v));
        return p.Select(v => double.IsNaN(v) ? double.NaN : Math.Min(1, v * m)).ToArray();
    }
}
