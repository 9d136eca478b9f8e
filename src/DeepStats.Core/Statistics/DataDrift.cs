using DeepStats.Core.Data;

namespace DeepStats.Core.Statistics;

/// <summary>The drift test of one column (or the target) of new data against a reference.</summary>
/// <param name="Test">"Kolmogorov-Smirnov two-sample" (numbers) or "chi-square homogeneity" (levels).</param>
/// <param name="Statistic">KS: D = max |F_ref - F_new|; chi-square: X² over the 2 x levels table (no continuity correction).</param>
/// <param name="DegreesOfFreedom">Chi-square: levels seen in either sample - 1; KS: NaN.</param>
/// <param name="PValue">KS: the Kolmogorov limit Q(sqrt(n m / (n + m)) D); chi-square: its upper tail. Both from <see cref="TailProbability"/>.</param>
/// <param name="AdjustedPValue">Benjamini-Hochberg across the report's columns.</param>
/// <param name="Psi">Population stability index over the reference's decile bins (numbers) or the levels, proportions smoothed as (count + 0.5) / (n + 0.5 bins).</param>
/// <param name="Distance">Numbers: Wasserstein-1 distance in reference sd units; levels: Jensen-Shannon distance (base 2, 0..1).</param>
/// <param name="Drifted">AdjustedPValue &lt; alpha and Psi &gt;= the PSI threshold.</param>
/// <param name="OutsideRange">Numbers: share of the new values below the reference's min or above its max.</param>
/// <param name="NewLevels">Levels: values of the new data the reference does not have.</param>
public sealed record ColumnDrift(
    string Column, string Role, ColumnKind Kind, string Test, double Statistic, double DegreesOfFreedom, double PValue, double AdjustedPValue,
    double Psi, string DistanceName, double Distance, bool Drifted, int ReferenceCount, int Count,
    double ReferenceMissingRate, double MissingRate, double OutsideRange, IReadOnlyList<string> NewLevels, string Explanation)
{
    public override string ToString() => Explanation;
}

/// <summary>A drift report: one <see cref="ColumnDrift"/> per column, the thresholds and the decision in words.</summary>
public sealed record DriftReport(IReadOnlyList<ColumnDrift> Columns, double Alpha, double PsiThreshold, int ReferenceRows, int Rows, string Decision)
{
    /// <summary>Columns that drifted.</summary>
    public IReadOnlyList<ColumnDrift> DriftedColumns => Columns.Where(c => c.Drifted).ToList();
    /// <summary>True when at least one column drifted.</summary>
    public bool Drifted => Columns.Any(c => c.Drifted);
    public override string ToString() => Decision;
}

/// <summary>
/// Tests new data against reference data (the data a model was trained on), column by column, so a trivial shift in a
/// million rows is not an alarm and a unit change is. Numbers: the two-sample Kolmogorov-Smirnov test (D, p from the
/// Kolmogorov limit distribution; scipy <c>ks_2samp</c> gives the same D), Wasserstein-1 distance in reference sd units,
/// share outside the reference range. Levels (categorical, boolean, and a class target): the chi-square test of homogeneity
/// of the 2 x levels table (scipy <c>chi2_contingency(correction=False)</c>), the Jensen-Shannon distance, new levels.
/// Both: the population stability index (PSI) and the missing rates. p-values are adjusted across the columns by
/// Benjamini-Hochberg; a column drifts when its adjusted p is below alpha AND its PSI is at least the threshold.
/// Conventional PSI reading (Siddiqi 2006; Yurdakul 2018): below 0.1 no significant change, 0.1-0.25 moderate, 0.25 and
/// above major; the default threshold is 0.1.
/// </summary>
public static class DataDrift
{
    public const double DefaultAlpha = 0.05;
    public const double DefaultPsiThreshold = 0.1;
    private const int PsiBins = 10;

    /// <summary>The report of <paramref name="data"/> against <paramref name="reference"/>: the reference's columns (matched by name) and target.
    /// Columns missing from the data or of another kind are one SchemaMismatch error listing them (<see cref="SchemaContract"/>).</summary>
    public static DriftReport Compare(Dataset reference, Dataset data, double alpha = DefaultAlpha, double psiThreshold = DefaultPsiThreshold)
    {
        if (!(alpha > 0 && alpha < 1)) throw new ArgumentOutOfRangeException(nameof(alpha), "alpha is between 0 and 1.");
        var contract = SchemaContract.Of(reference);
        var blocking = contract.Compare(data).Where(d => d.Kind is not (SchemaDifferenceKind.UnseenLevel or SchemaDifferenceKind.UnseenClass or SchemaDifferenceKind.ExtraColumn)).ToList();
        if (blocking.Count > 0 || reference.Kind != DatasetKind.Tabular)
            throw new DeepStatsException(ErrorIds.SchemaMismatch, FailureKind.InvalidData,
                reference.Kind != DatasetKind.Tabular ? "The drift test compares table columns; the reference is not a table." :
                $"'{data.Name}' cannot be tested for drift against '{reference.Name}': " + string.Join(" ", blocking.Select(b => b.Description)), blocking);
        var raw = reference.Raw?.Data ?? reference;
        var rows = new List<(string Name, string Role, ColumnKind Kind, Func<double, ColumnDrift> Make)>();
        foreach (var col in raw.Columns.Where(c => c.DerivedBy is null))
        {
            var other = data.GetColumn(col.Name)!;
            rows.Add(col is NumericColumn a
                ? (col.Name, "Feature", ColumnKind.Numeric, adj => Numeric(col.Name, "Feature", a.Values, ((NumericColumn)other).Values, adj, alpha, psiThreshold))
                : (col.Name, "Feature", col.Kind, adj => Levels(col.Name, "Feature", col.Kind, LevelCounts(col), LevelCounts(other), adj, alpha, psiThreshold)));
        }
        if (raw.Target is { } t && data.Target is { } u && string.Equals(t.Name, u.Name, StringComparison.OrdinalIgnoreCase))
            rows.Add(t.Kind == TargetKind.Regression
                ? (t.Name, "Target", ColumnKind.Numeric, adj => Numeric(t.Name, "Target", t.Values!, u.Values!, adj, alpha, psiThreshold))
                : (t.Name, "Target", ColumnKind.Categorical, adj => Levels(t.Name, "Target", ColumnKind.Categorical, ClassCounts(t), ClassCounts(u), adj, alpha, psiThreshold)));
        // first pass for the p-values, then the adjustment, then the results with their adjusted p
        var first = rows.Select(r => r.Make(double.NaN)).ToList();
        var adjusted = MultipleTesting.BenjaminiHochberg(first.Select(c => c.PValue).ToArray());
        var columns = rows.Select((r, i) => r.Make(adjusted[i])).ToList();
        var drifted = columns.Where(c => c.Drifted).ToList();
        string decision = drifted.Count == 0
            ? $"No drift: none of the {columns.Count} columns has a Benjamini-Hochberg adjusted p below {alpha} with a PSI of at least {psiThreshold} " +
              $"({data.RowCount} rows against {reference.RowCount})." +
              (columns.Any(c => c.AdjustedPValue < alpha) ? $" Significant but small shifts (PSI below {psiThreshold}): {string.Join(", ", columns.Where(c => c.AdjustedPValue < alpha).Select(c => $"{c.Column} (PSI {c.Psi:G3})"))}." : "")
            : $"Drift in {drifted.Count} of {columns.Count} columns: {string.Join("; ", drifted.Select(c => $"{c.Column} (PSI {c.Psi:G3}, {c.DistanceName} {c.Distance:G3}, adjusted p {TailProbability.Format(c.AdjustedPValue)})"))}. " +
              "The new data does not look like the reference: check the source (units, encodings, a broken sensor) before retraining or promoting.";
        return new DriftReport(columns, alpha, psiThreshold, reference.RowCount, data.RowCount, decision);
    }

    /// <summary>Two-sample Kolmogorov-Smirnov statistic D = sup |F_a - F_b| of two ascending samples (ties stepped together).</summary>
    public static double KolmogorovSmirnovStatistic(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        int i = 0, j = 0;
        double d = 0;
        while (i < a.Length && j < b.Length)
        {
            double x = Math.Min(a[i], b[j]);
            while (i < a.Length && a[i] == x) i++;
            while (j < b.Length && b[j] == x) j++;
            d = Math.Max(d, Math.Abs((double)i / a.Length - (double)j / b.Length));
        }
        return d;
    }

    /// <summary>The asymptotic two-sided p-value of a two-sample KS statistic: Q_K(sqrt(n m / (n + m)) D).</summary>
    public static double KolmogorovSmirnovPValue(double d, int n, int m) => TailProbability.KolmogorovUpper(Math.Sqrt((double)n * m / (n + m)) * d);

    /// <summary>Wasserstein-1 distance ∫ |F_a - F_b| dx of two ascending samples (scipy <c>wasserstein_distance</c>).</summary>
    public static double Wasserstein(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        int i = 0, j = 0;
        double w = 0, prev = Math.Min(a[0], b[0]);
        while (i < a.Length || j < b.Length)
        {
            double x = j >= b.Length || i < a.Length && a[i] <= b[j] ? a[i] : b[j];
            w += Math.Abs((double)i / a.Length - (double)j / b.Length) * (x - prev);
            while (i < a.Length && a[i] == x) i++;
            while (j < b.Length && b[j] == x) j++;
            prev = x;
        }
        return w;
    }

    /// <summary>PSI = Σ (q_i - p_i) ln(q_i / p_i) of two count vectors over the same bins, proportions smoothed as (count + 0.5) / (n + 0.5 bins).</summary>
    public static double PopulationStabilityIndex(IReadOnlyList<long> reference, IReadOnlyList<long> current)
    {
        double n = reference.Sum(), m = current.Sum(), k = reference.Count, psi = 0;
        for (int i = 0; i < reference.Count; i++)
        {
            double p = (reference[i] + 0.5) / (n + 0.5 * k), q = (current[i] + 0.5) / (m + 0.5 * k);
            psi += (q - p) * Math.Log(q / p);
        }
        return psi;
    }

    /// <summary>Pearson's X² of the 2 x k table of two count vectors (bins empty in both are left out) and its degrees of freedom.</summary>
    public static (double ChiSquare, int DegreesOfFreedom) Homogeneity(IReadOnlyList<long> a, IReadOnlyList<long> b)
    {
        double n = a.Sum(), m = b.Sum(), x = 0;
        int k = 0;
        for (int i = 0; i < a.Count; i++)
        {
            double col = a[i] + b[i];
            if (col == 0) continue;
            k++;
            double ea = col * n / (n + m), eb = col * m / (n + m);
            x += (a[i] - ea) * (a[i] - ea) / ea + (b[i] - eb) * (b[i] - eb) / eb;
        }
        return (x, k - 1);
    }

    private static ColumnDrift Numeric(string name, string role, double[] refValues, double[] newValues, double adjusted, double alpha, double psiThreshold)
    {
        var a = refValues.Where(v => !double.IsNaN(v)).ToArray();
        var b = newValues.Where(v => !double.IsNaN(v)).ToArray();
        double refMissing = 1 - (double)a.Length / Math.Max(1, refValues.Length), missing = 1 - (double)b.Length / Math.Max(1, newValues.Length);
        if (a.Length == 0 || b.Length == 0)
            return new(name, role, ColumnKind.Numeric, "Kolmogorov-Smirnov two-sample", double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, "Wasserstein (sd)", double.NaN,
                false, a.Length, b.Length, refMissing, missing, double.NaN, Array.Empty<string>(), $"{name}: no values in {(a.Length == 0 ? "the reference" : "the new data")}; not tested.");
        Array.Sort(a); Array.Sort(b);
        double d = KolmogorovSmirnovStatistic(a, b), p = KolmogorovSmirnovPValue(d, a.Length, b.Length);
        var sd = Math.Sqrt(Moments.Compute(a).SampleVariance);
        double w = Wasserstein(a, b) / sd;
        // PSI over the reference's deciles (type 7), bins (-inf, q1], (q1, q2], ..., (q9, inf); tied edges merged
        var edges = Enumerable.Range(1, PsiBins - 1).Select(i => Quantiles.Type7(a, i / (double)PsiBins)).Distinct().ToArray();
        var ca = BinCounts(a, edges); var cb = BinCounts(b, edges);
        double psi = PopulationStabilityIndex(ca, cb);
        double outside = b.Count(v => v < a[0] || v > a[^1]) / (double)b.Length;
        bool drifted = adjusted < alpha && psi >= psiThreshold;
        return new(name, role, ColumnKind.Numeric, "Kolmogorov-Smirnov two-sample", d, double.NaN, p, adjusted, psi, "Wasserstein (sd)", w, drifted,
            a.Length, b.Length, refMissing, missing, outside, Array.Empty<string>(),
            $"{name}: {(drifted ? "DRIFT" : "no drift")}; KS D {d:G3}, p {TailProbability.Format(p)} (adjusted {TailProbability.Format(adjusted)}), PSI {psi:G3}, " +
            $"Wasserstein {w:G3} sd, {outside:P1} outside the reference range [{a[0]:G4}, {a[^1]:G4}], missing {refMissing:P1} -> {missing:P1}.");
    }

    private static ColumnDrift Levels(string name, string role, ColumnKind kind, Dictionary<string, long> refCounts, Dictionary<string, long> newCounts,
        double adjusted, double alpha, double psiThreshold)
    {
        var levels = refCounts.Keys.Union(newCounts.Keys).Where(l => l.Length > 0).OrderBy(l => l, StringComparer.Ordinal).ToArray();
        var a = levels.Select(l => refCounts.GetValueOrDefault(l)).ToArray();
        var b = levels.Select(l => newCounts.GetValueOrDefault(l)).ToArray();
        long refMissing = refCounts.GetValueOrDefault(""), newMissing = newCounts.GetValueOrDefault("");
        double refRate = refMissing / (double)Math.Max(1, refMissing + a.Sum()), rate = newMissing / (double)Math.Max(1, newMissing + b.Sum());
        var newLevels = levels.Where((l, i) => a[i] == 0 && b[i] > 0).ToArray();
        var (x, df) = Homogeneity(a, b);
        double p = df > 0 ? TailProbability.ChiSquareUpper(x, df) : 1;
        double psi = PopulationStabilityIndex(a, b);
        double js = JensenShannonDistance(a, b);
        bool drifted = adjusted < alpha && psi >= psiThreshold;
        return new(name, role, kind, "chi-square homogeneity", x, df, p, adjusted, psi, "Jensen-Shannon", js, drifted, (int)a.Sum(), (int)b.Sum(), refRate, rate, double.NaN, newLevels,
            $"{name}: {(drifted ? "DRIFT" : "no drift")}; chi-square {x:G4} on {df} df, p {TailProbability.Format(p)} (adjusted {TailProbability.Format(adjusted)}), PSI {psi:G3}, " +
            $"Jensen-Shannon distance {js:G3}, missing {refRate:P1} -> {rate:P1}" + (newLevels.Length > 0 ? $", new levels: {string.Join(", ", newLevels.Take(10))}" : "") + ".");
    }

    /// <summary>Jensen-Shannon distance (base 2) of two count vectors: sqrt of the divergence, 0 identical, 1 disjoint.</summary>
    public static double JensenShannonDistance(IReadOnlyList<long> a, IReadOnlyList<long> b)
    {
        double n = a.Sum(), m = b.Sum(), js = 0;
        for (int i = 0; i < a.Count; i++)
        {
            double p = a[i] / n, q = b[i] / m, mid = (p + q) / 2;
            if (p > 0) js += 0.5 * p * Math.Log2(p / mid);
            if (q > 0) js += 0.5 * q * Math.Log2(q / mid);
        }
        return Math.Sqrt(Math.Max(0, js));
    }

    private static long[] BinCounts(double[] sorted, double[] edges)
    {
        var c = new long[edges.Length + 1];
        foreach (double v in sorted)
        {
            int k = Array.BinarySearch(edges, v);
            c[k >= 0 ? k : ~k]++; // v == edge goes to the bin the edge closes
        }
        return c;
    }

    /// <summary>Counts per level name ("" for missing).</summary>
    private static Dictionary<string, long> LevelCounts(DataColumn col)
    {
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        if (col is BooleanColumn bc)
            foreach (int v in bc.Codes) Bump(counts, v < 0 ? "" : v == 1 ? "true" : "false");
        else if (col is CategoricalColumn cc)
            foreach (int v in cc.Codes) Bump(counts, v < 0 ? "" : cc.Levels[v]);
        return counts;
    }

    private static Dictionary<string, long> ClassCounts(TargetColumn t)
    {
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (int l in t.Labels) Bump(counts, l < 0 ? "" : t.Classes[l]);
        return counts;
    }

    private static void Bump(Dictionary<string, long> d, string key) => d[key] = d.GetValueOrDefault(key) + 1;
}
