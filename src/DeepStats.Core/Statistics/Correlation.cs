namespace DeepStats.Core.Statistics;

/// <summary>
/// One correlation between two columns: coefficient, pairwise-complete count and the two-sided
/// p-value of H0: rho = 0 from t = r sqrt((n - 2) / (1 - r²)) with n - 2 degrees of freedom (exact
/// for Pearson under bivariate normality; the usual large-sample approximation for Spearman, as
/// scipy's <c>spearmanr</c>).
/// </summary>
public sealed record CorrelationPair(string Method, string Column1, string Column2, int Count, double R, double PValue)
{
    public string Test => "two-sided t, n - 2 df";
    public string MissingRule => "pairwise complete";
}

/// <summary>
/// A correlation matrix: <see cref="R"/>, <see cref="PValue"/> and <see cref="Count"/> indexed by
/// <see cref="Columns"/>. <see cref="Pairs"/> lists the upper triangle, one row per pair.
/// </summary>
public sealed class CorrelationMatrix
{
    public CorrelationMatrix(string method, string[] columns, double[,] r, double[,] p, int[,] count)
    {
        Method = method; Columns = columns; R = r; PValue = p; Count = count;
    }

    public string Method { get; }
    public string[] Columns { get; }
    public double[,] R { get; }
    public double[,] PValue { get; }
    public int[,] Count { get; }

    public IEnumerable<CorrelationPair> Pairs()
    {
        for (int i = 0; i < Columns.Length; i++)
            for (int j = i + 1; j < Columns.Length; j++)
                yield return new CorrelationPair(Method, Columns[i], Columns[j], Count[i, j], R[i, j], PValue[i, j]);
    }
}

/// <summary>Pearson and Spearman correlation, pairwise complete (a row counts when both values are present).</summary>
public static class Correlation
{
    public const string PearsonName = "Pearson";
    public const string SpearmanName = "Spearman";

    /// <summary>
    /// Pearson r by two passes (means, then centred cross products), NaN rows skipped pairwise.
    /// r is NaN when fewer than 2 pairs or either variable is constant.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)] // hot loops: optimised JIT at once, no tiering
    public static (double R, int Count) Pearson(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        if (x.Length != y.Length) throw new ArgumentException("Both columns must have the same length.");
        int n = 0;
        double sx = 0, sy = 0, cx = 0, cy = 0;
        for (int i = 0; i < x.Length; i++)
        {
            double a = x[i], b = y[i];
            if (double.IsNaN(a) || double.IsNaN(b)) continue;
            n++;
            Add(ref sx, ref cx, a);
            Add(ref sy, ref cy, b);
        }
        if (n < 2) return (double.NaN, n);
        double mx = (sx + cx) / n, my = (sy + cy) / n;
        double sxx = 0, syy = 0, sxy = 0;
        for (int i = 0; i < x.Length; i++)
        {
            double a = x[i], b = y[i];
            if (double.IsNaN(a) || double.IsNaN(b)) continue;
            double dx = a - mx, dy = b - my;
            sxx += dx * dx; syy += dy * dy; sxy += dx * dy;
        }
        if (!(sxx > 0) || !(syy > 0)) return (double.NaN, n);
        double r = sxy / Math.Sqrt(sxx * syy);
        return (Math.Clamp(r, -1, 1), n);
    }

    /// <summary>Spearman's rho: Pearson r of the ranks (average ranks for ties) of the pairwise-complete rows.</summary>
    public static (double R, int Count) Spearman(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        if (x.Length != y.Length) throw new ArgumentException("Both columns must have the same length.");
        int n = 0;
        for (int i = 0; i < x.Length; i++) if (!double.IsNaN(x[i]) && !double.IsNaN(y[i])) n++;
        var a = new double[n];
        var b = new double[n];
        for (int i = 0, k = 0; i < x.Length; i++)
            if (!double.IsNaN(x[i]) && !double.IsNaN(y[i])) { a[k] = x[i]; b[k] = y[i]; k++; }
        return Pearson(Ranks(a), Ranks(b));
    }

    /// <summary>Ranks 1..n of values without NaN; tied values get the average of their ranks.</summary>
    public static double[] Ranks(ReadOnlySpan<double> values)
    {
        int n = values.Length;
        var keys = values.ToArray();
        var index = new int[n];
        for (int i = 0; i < n; i++) index[i] = i;
        Array.Sort(keys, index);
        var ranks = new double[n];
        for (int i = 0; i < n;)
        {
            int j = i;
            while (j + 1 < n && keys[j + 1] == keys[i]) j++;
            double r = (i + j) / 2.0 + 1; // average of ranks i+1 .. j+1
            for (int k = i; k <= j; k++) ranks[index[k]] = r;
            i = j + 1;
        }
        return ranks;
    }

    /// <summary>Two-sided p-value of r with n pairs: t = r sqrt((n-2)/(1-r²)), Student t with n - 2 df. NaN when n &lt; 3; |r| = 1 gives the floor (p &lt; 1e-300, <see cref="TailProbability"/>).</summary>
    public static double PValue(double r, int n)
    {
        if (double.IsNaN(r) || n < 3) return double.NaN;
        if (Math.Abs(r) >= 1) return TailProbability.Floor;
        double t = Math.Abs(r) * Math.Sqrt((n - 2) / ((1 - r) * (1 + r)));
        return TailProbability.StudentTTwoSided(t, n - 2);
    }

    /// <summary>The matrix of one method over the given columns (NaN = missing), pairs in parallel.</summary>
    public static CorrelationMatrix Matrix(string method, IReadOnlyList<string> names, IReadOnlyList<double[]> columns)
    {
        int k = names.Count;
        var r = new double[k, k];
        var p = new double[k, k];
        var cnt = new int[k, k];
        bool spearman = method == SpearmanName;
        if (!spearman && method != PearsonName) throw new ArgumentOutOfRangeException(nameof(method));
        // Spearman: rank each complete column once; columns with missing values are ranked per pair.
        var ranked = new double[]?[k];
        if (spearman)
            Parallel.For(0, k, i =>
            {
                if (!columns[i].Any(double.IsNaN)) ranked[i] = Ranks(columns[i]);
            });
        var pairs = new List<(int, int)>();
        for (int i = 0; i < k; i++)
        {
            var (rii, nii) = spearman ? Spearman(columns[i], columns[i]) : Pearson(columns[i], columns[i]);
            r[i, i] = rii; p[i, i] = double.IsNaN(rii) ? double.NaN : TailProbability.Floor; cnt[i, i] = nii; // a column with itself: p "< 1e-300", never 0
            for (int j = i + 1; j < k; j++) pairs.Add((i, j));
        }
        Parallel.ForEach(pairs, pair =>
        {
            var (i, j) = pair;
            var (rij, nij) = !spearman ? Pearson(columns[i], columns[j])
                : ranked[i] is { } ri && ranked[j] is { } rj ? Pearson(ri, rj)
                : Spearman(columns[i], columns[j]);
            double pij = PValue(rij, nij);
            r[i, j] = r[j, i] = rij;
            p[i, j] = p[j, i] = pij;
            cnt[i, j] = cnt[j, i] = nij;
        });
        return new CorrelationMatrix(method, names.ToArray(), r, p, cnt);
    }

    private static void Add(ref double sum, ref double comp, double x)
    {
        double t = sum + x;
        comp += Math.Abs(sum) >= Math.Abs(x) ? (sum - t) + x : (x - t) + sum;
        sum = t;
    }
}

/// <summary>Warnings about undefined correlations, said once per column rather than once per pair (issue 9).</summary>
public static class CorrelationWarnings
{
    /// <summary>
    /// One clause in <paramref name="columns"/> per column without a correlation (constant, or fewer than 2 values);
    /// returns one warning per method for the other undefined pairs (too few complete rows in common), listing the first few.
    /// </summary>
    public static IReadOnlyList<string> For(IReadOnlyList<CorrelationMatrix> matrices, IReadOnlyList<NumericSummary> summaries, ColumnWarnings columns)
    {
        var result = new List<string>();
        if (matrices.Count == 0) return result;
        var dead = new HashSet<string>(StringComparer.Ordinal);
        int others = matrices[0].Columns.Length - 1;
        foreach (var s in summaries)
        {
            if (!matrices[0].Columns.Contains(s.Column)) continue;
            string? why = s.Count < 2 ? $"it has {s.Count} value(s)" : s.Min == s.Max ? $"it is constant (every value is {s.Min:G6})" : null;
            if (why is null) continue;
            dead.Add(s.Column);
            columns.Add(s.Column, $"{why}, so its {string.Join(" and ", matrices.Select(m => m.Method))} correlations with the {others} other column(s) are undefined (NaN)");
        }
        foreach (var m in matrices)
        {
            var pairs = m.Pairs().Where(p => double.IsNaN(p.R) && !dead.Contains(p.Column1) && !dead.Contains(p.Column2)).ToList();
            if (pairs.Count == 0) continue;
            result.Add($"{m.Method}: {pairs.Count} pair(s) are undefined (fewer than 2 complete rows in common, or constant on the rows they share): " +
                       string.Join(", ", pairs.Take(10).Select(p => $"'{p.Column1}' ~ '{p.Column2}'")) + (pairs.Count > 10 ? ", ..." : "") + ".");
        }
        return result;
    }
}

/// <summary>
/// Warnings said once per column per command (issue 24): every clause about a column (undefined moments, its
/// correlations, its association with the target) joined in one sentence, columns in the order first named.
/// </summary>
public sealed class ColumnWarnings
{
    private readonly List<string> _order = new();
    private readonly Dictionary<string, List<string>> _clauses = new(StringComparer.Ordinal);

    /// <summary>Adds a clause about <paramref name="column"/> (a clause already there is not repeated).</summary>
    public void Add(string column, string clause)
    {
        if (!_clauses.TryGetValue(column, out var list)) { _clauses[column] = list = new List<string>(); _order.Add(column); }
        if (!list.Contains(clause)) list.Add(clause);
    }

    /// <summary>One message per column: "Column 'x': clause; clause."</summary>
    public IReadOnlyList<string> Messages() => _order.Select(c => $"Column '{c}': {string.Join("; ", _clauses[c])}.").ToArray();
}
