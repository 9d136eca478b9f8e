using DeepStats.Core.Statistics;

namespace DeepStats.Core.Reporting;

/// <summary>Equal-width bins of a numeric column: edges (one more than counts), counts, and how many values were missing.</summary>
public sealed record HistogramBins(string Column, double[] Edges, int[] Counts, int Missing)
{
    public const int MaxBins = 50;

    /// <summary>
    /// Bin width by the Freedman-Diaconis rule, 2·IQR·n^(-1/3) (IQR by Hyndman-Fan type 7), or, when the
    /// IQR is 0, Sturges' ceil(log2 n) + 1 bins; at most <see cref="MaxBins"/> bins. Bins are [a, b) except
    /// the last, [a, max]. A constant column gets one bin [v - 0.5, v + 0.5]. NaN counts as missing.
    /// </summary>
    public static HistogramBins Of(string column, IReadOnlyList<double> values)
    {
        var v = values.Where(x => !double.IsNaN(x)).ToArray();
        int missing = values.Count - v.Length;
        if (v.Length == 0) return new HistogramBins(column, Array.Empty<double>(), Array.Empty<int>(), missing);
        Array.Sort(v);
        double min = v[0], max = v[^1];
        if (min == max) return new HistogramBins(column, new[] { min - 0.5, min + 0.5 }, new[] { v.Length }, missing);
        double iqr = Quantiles.Type7(v, 0.75) - Quantiles.Type7(v, 0.25);
        int k = iqr > 0
            ? (int)Math.Ceiling((max - min) / (2 * iqr * Math.Pow(v.Length, -1.0 / 3)))
            : (int)Math.Ceiling(Math.Log2(v.Length)) + 1;
        k = Math.Clamp(k, 1, MaxBins);
        var edges = new double[k + 1];
        for (int i = 0; i <= k; i++) edges[i] = min + (max - min) * i / k;
        edges[k] = max;
        var counts = new int[k];
        foreach (var x in v) counts[Math.Min(k - 1, (int)((x - min) / (max - min) * k))]++;
        return new HistogramBins(column, edges, counts, missing);
    }
}
