using MathNet.Numerics;

namespace DeepStats.Core.Statistics;

/// <summary>
/// Univariate scores of one feature against a target, as scikit-learn's feature_selection computes
/// them: F-regression (F of the simple linear fit, from Pearson r: F = r² / (1 - r²) (n - 2), p from
/// F(1, n - 2)) and mutual information by k-nearest-neighbour estimators (Kraskov, Stögbauer and
/// Grassberger 2004, estimator 1, for two continuous variables; Ross 2014 for a continuous and a
/// discrete one; the plug-in formula for two discrete ones), in nats, floored at 0. Rows with a
/// missing value in either variable are skipped. As in scikit-learn, continuous variables are scaled
/// to unit variance and get a tiny noise (1e-10 of their scale) so that tied values, which every real
/// table has, do not make the k-NN estimators degenerate; the noise comes from a seed, so the same
/// seed gives the same scores (see <see cref="Jitter"/>). A constant variable has MI 0.
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

    /// <summary>The seed of the tie-breaking noise when none is given (Select-Feature's -Seed default).</summary>
    public const int DefaultSeed = 0;

    /// <summary>
    /// Mutual information (nats) of a continuous x and class codes (Ross 2014; scikit-learn's mutual_info_classif), k neighbours.
    /// x is scaled to unit standard deviation and jittered as scikit-learn does (see <see cref="Jitter"/>, stream 0 of
    /// <paramref name="seed"/>); a constant x has MI 0.
    /// </summary>
    public static double MutualInformationContinuousDiscrete(ReadOnlySpan<double> x, ReadOnlySpan<int> labels, int k = 3, int seed = DefaultSeed)
    {
        var rows = new List<int>();
        for (int i = 0; i < x.Length; i++)
            if (!double.IsNaN(x[i]) && labels[i] >= 0) rows.Add(i);
        if (IsConstant(x, rows)) return 0;
        var noisy = Jitter(x, rows, seed, 0);
        var rowLabels = new int[rows.Count];
        for (int r = 0; r < rows.Count; r++) rowLabels[r] = labels[rows[r]];
        // points of a class seen once have no neighbour in their class: they are left out, as scikit-learn does
        var counts = new Dictionary<int, int>();
        foreach (int l in rowLabels) counts[l] = counts.GetValueOrDefault(l) + 1;
        var keep = Enumerable.Range(0, rows.Count).Where(r => counts[rowLabels[r]] > 1).ToArray();
        int n = keep.Length;
        if (n < 2) return 0;
        var all = keep.Select(r => noisy[r]).ToArray();
        var lab = keep.Select(r => rowLabels[r]).ToArray();
        var sortedAll = (double[])all.Clone();
        Array.Sort(sortedAll);
        double sumK = 0, sumN = 0, sumM = 0;
        foreach (var members in Enumerable.Range(0, n).GroupBy(i => lab[i]))
        {
            var idx = members.OrderBy(i => all[i]).ThenBy(i => i).ToArray();
            var sorted = idx.Select(i => all[i]).ToArray();
            int kk = Math.Min(k, sorted.Length - 1);
            for (int r = 0; r < sorted.Length; r++)
            {
                double d = KthDistanceSorted(sorted, r, kk);
                sumK += SpecialFunctions.DiGamma(kk);
                sumN += SpecialFunctions.DiGamma(sorted.Length);
                sumM += SpecialFunctions.DiGamma(CountWithin(sortedAll, sorted[r], Radius(d))); // includes the point itself
            }
        }
        double mi = SpecialFunctions.DiGamma(n) + sumK / n - sumN / n - sumM / n;
        return Math.Max(0, mi);
    }

    /// <summary>
    /// Mutual information (nats) of two continuous variables (KSG estimator 1 with the max-norm; scikit-learn's
    /// mutual_info_regression), k neighbours. Both are scaled to unit standard deviation and jittered as scikit-learn does
    /// (<see cref="Jitter"/>: x with stream 0, y with stream 1 of <paramref name="seed"/>); a constant x or y has MI 0.
    /// </summary>
    public static double MutualInformationContinuous(ReadOnlySpan<double> x, ReadOnlySpan<double> y, int k = 3, int seed = DefaultSeed)
    {
        var rows = new List<int>();
        for (int i = 0; i < x.Length; i++)
            if (!double.IsNaN(x[i]) && !double.IsNaN(y[i])) rows.Add(i);
        int n = rows.Count;
        if (n <= k || IsConstant(x, rows) || IsConstant(y, rows)) return 0;
        var xs = Jitter(x, rows, seed, 0);
        var ys = Jitter(y, rows, seed, 1);
        var tree = new ChebyshevTree(xs, ys);
        var sortedX = (double[])xs.Clone();
        Array.Sort(sortedX);
        var sortedY = (double[])ys.Clone();
        Array.Sort(sortedY);
        var best = new double[k];
        double sumX = 0, sumY = 0;
        for (int i = 0; i < n; i++)
        {
            double r = Radius(tree.KthDistance(i, best));
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

    private static bool IsConstant(ReadOnlySpan<double> v, List<int> rows)
    {
        for (int r = 1; r < rows.Count; r++) if (v[rows[r]] != v[rows[0]]) return false;
        return true;
    }

    /// <summary>
    /// scikit-learn's preparation of a continuous variable (feature_selection/_mutual_info.py, _estimate_mi): the values of
    /// <paramref name="rows"/> divided by their standard deviation (divisor n, no centring: preprocessing.scale with_mean=False),
    /// then 1e-10 · max(1, mean |scaled|) · z added, z standard normal, so that tied values become distinct and the k-NN
    /// estimators stop degenerating on them (Kraskov et al. 2004 advise this). z for row i is the i-th draw of the stream
    /// (<paramref name="seed"/>, <paramref name="stream"/>) of <see cref="NoiseStream"/>: the same seed gives the same scores,
    /// and a row's noise does not depend on which other rows are missing. scikit-learn draws from numpy's generator instead, so
    /// single scores differ by the noise (about 0.02 nats on heavily tied data); averaged over seeds they agree.
    /// </summary>
    public static double[] Jitter(ReadOnlySpan<double> values, IReadOnlyList<int> rows, int seed, int stream)
    {
        int n = rows.Count;
        var v = new double[n];
        double mean = 0;
        for (int r = 0; r < n; r++) { v[r] = values[rows[r]]; mean += v[r]; }
        mean /= n;
        double ss = 0;
        for (int r = 0; r < n; r++) ss += (v[r] - mean) * (v[r] - mean);
        double sd = Math.Sqrt(ss / n);
        if (sd > 0) for (int r = 0; r < n; r++) v[r] /= sd;
        double meanAbs = 0;
        for (int r = 0; r < n; r++) meanAbs += Math.Abs(v[r]);
        double scale = 1e-10 * Math.Max(1, meanAbs / n);
        var z = new NoiseStream(seed, stream);
        int next = 0;
        double pending = 0;
        for (int r = 0; r < n; r++)
        {
            for (; next <= rows[r]; next++) pending = z.Normal(); // skip the draws of missing rows
            v[r] += scale * pending;
        }
        return v;
    }

    /// <summary>Standard normal draws from SplitMix64 (Steele, Lea and Flood 2014) by Box-Muller, one independent stream per (seed, stream).</summary>
    public sealed class NoiseStream(int seed, int stream)
    {
        private ulong _state = Mix(unchecked((ulong)(uint)seed * 0x9E3779B97F4A7C15UL ^ ((ulong)(uint)stream << 32 | 0x5851F42DUL)));
        private double _spare = double.NaN;

        private static ulong Mix(ulong z)
        {
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }

        private double Uniform() // in (0, 1]
        {
            _state = unchecked(_state + 0x9E3779B97F4A7C15UL);
            return ((Mix(_state) >> 11) + 1) * (1.0 / 9007199254740992.0);
        }

        public double Normal()
        {
            if (!double.IsNaN(_spare)) { double s = _spare; _spare = double.NaN; return s; }
            double radius = Math.Sqrt(-2 * Math.Log(Uniform())), angle = 2 * Math.PI * Uniform();
            _spare = radius * Math.Sin(angle);
            return radius * Math.Cos(angle);
        }
    }

    /// <summary>scikit-learn counts neighbours within nextafter(d, 0): strictly closer than d (or at 0 when d is 0).</summary>
    private static double Radius(double d) => d > 0 ? Math.BitDecrement(d) : 0;

    /// <summary>Distance from sorted[r] to its k-th nearest other value of the ascending array.</summary>
    private static double KthDistanceSorted(double[] sorted, int r, int k)
    {
        double x = sorted[r];
        int lo = r - 1, hi = r + 1;
        double d = 0;
        for (int found = 0; found < k; found++)
        {
            double dl = lo >= 0 ? x - sorted[lo] : double.PositiveInfinity;
            double dh = hi < sorted.Length ? sorted[hi] - x : double.PositiveInfinity;
            if (dl <= dh) { d = dl; lo--; } else { d = dh; hi++; }
        }
        return d;
    }

    /// <summary>
    /// A 2-d tree of points for the k-th nearest neighbour in the max-norm (scikit-learn's NearestNeighbors with the chebyshev
    /// metric, the point itself excluded by index): O(n log n) to build, about O(log n + k) per query, also when one
    /// coordinate is heavily tied (walking a sorted axis would be quadratic in the size of a tie group).
    /// </summary>
    private sealed class ChebyshevTree
    {
        private const int Leaf = 8;
        private readonly double[] _x, _y;
        private readonly int[] _idx;
        private readonly bool[] _splitX; // per node (its middle position): split on x, else on y

        public ChebyshevTree(double[] x, double[] y)
        {
            _x = x; _y = y;
            _idx = Enumerable.Range(0, x.Length).ToArray();
            _splitX = new bool[x.Length];
            Build(0, x.Length);
        }

        private double Coord(int i, bool onX) => onX ? _x[i] : _y[i];

        private void Build(int lo, int hi)
        {
            if (hi - lo <= Leaf) return;
            double minX = double.PositiveInfinity, maxX = double.NegativeInfinity, minY = double.PositiveInfinity, maxY = double.NegativeInfinity;
            for (int p = lo; p < hi; p++)
            {
                int i = _idx[p];
                minX = Math.Min(minX, _x[i]); maxX = Math.Max(maxX, _x[i]);
                minY = Math.Min(minY, _y[i]); maxY = Math.Max(maxY, _y[i]);
            }
            bool onX = maxX - minX >= maxY - minY; // split the wider side
            int mid = (lo + hi) >>> 1;
            Select(lo, hi - 1, mid, onX);
            _splitX[mid] = onX;
            Build(lo, mid);
            Build(mid + 1, hi);
        }

        /// <summary>Quickselect: afterwards _idx[k] holds the k-th smallest coordinate of [lo, hi], smaller ones before it, larger after.</summary>
        private void Select(int lo, int hi, int k, bool onX)
        {
            while (hi > lo)
            {
                double pivot = Coord(_idx[(lo + hi) >>> 1], onX);
                int i = lo, j = hi;
                while (i <= j)
                {
                    while (Coord(_idx[i], onX) < pivot) i++;
                    while (Coord(_idx[j], onX) > pivot) j--;
                    if (i <= j) { (_idx[i], _idx[j]) = (_idx[j], _idx[i]); i++; j--; }
                }
                if (k <= j) hi = j;
                else if (k >= i) lo = i;
                else return;
            }
        }

        /// <summary>The max-norm distance from point q to its k-th nearest other point (k = best.Length).</summary>
        public double KthDistance(int q, double[] best)
        {
            Array.Fill(best, double.PositiveInfinity);
            Search(0, _idx.Length, q, best);
            return best[^1];
        }

        private void Offer(int i, int q, double[] best)
        {
            if (i == q) return;
            double d = Math.Max(Math.Abs(_x[i] - _x[q]), Math.Abs(_y[i] - _y[q]));
            int p = best.Length - 1;
            if (!(d < best[p])) return;
            while (p > 0 && best[p - 1] > d) { best[p] = best[p - 1]; p--; }
            best[p] = d;
        }

        private void Search(int lo, int hi, int q, double[] best)
        {
            if (hi - lo <= Leaf)
            {
                for (int p = lo; p < hi; p++) Offer(_idx[p], q, best);
                return;
            }
            int mid = (lo + hi) >>> 1, node = _idx[mid];
            bool onX = _splitX[mid];
            Offer(node, q, best);
            double diff = Coord(q, onX) - Coord(node, onX);
            if (diff < 0)
            {
                Search(lo, mid, q, best);
                if (-diff < best[^1]) Search(mid + 1, hi, q, best);
            }
            else
            {
                Search(mid + 1, hi, q, best);
                if (diff < best[^1]) Search(lo, mid, q, best);
            }
        }
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
