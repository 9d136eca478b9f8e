using DeepStats.Core.Data;
using DeepStats.Core.Evaluation;

namespace DeepStats.Core.Reporting;

/// <summary>Cross-validation scores to draw: one per fold, their mean and its confidence interval, the metric named.</summary>
public sealed record FoldScores(string Metric, double[] Scores, double Mean, double Lower, double Upper, double ConfidenceLevel = 0.95)
{
    /// <summary>How the interval was formed (the cross-validation result's own method: Nadeau-Bengio corrected resampled t).</summary>
    public string? IntervalMethod { get; init; }

    /// <summary>
    /// The per-fold scores of a cross-validation result on <paramref name="metric"/> (its first summary metric when null), with the
    /// result's own summary: the mean and the Nadeau-Bengio corrected interval, never a naive t interval of the fold scores.
    /// </summary>
    public static FoldScores Of(CrossValidationResult result, string? metric = null)
    {
        if (result.Summary.Count == 0)
            throw new DeepStatsException(ErrorIds.ChartNotApplicable, FailureKind.InvalidData, "The cross-validation result has no finished fold to draw.", result);
        string name = metric is null ? result.Summary[0].Metric : MetricCatalog.Get(metric).Name;
        var summary = result.Summary.FirstOrDefault(s => s.Metric == name) ?? throw new DeepStatsException(ErrorIds.ChartNotApplicable, FailureKind.InvalidArgument,
            $"The cross-validation result summarises {string.Join(", ", result.Summary.Select(s => s.Metric))}, not '{name}'.", metric);
        return new FoldScores(summary.Metric, result.Folds.Select(f => f.Metrics[summary.Metric]).ToArray(), summary.Mean, summary.Lower, summary.Upper, summary.ConfidenceLevel)
        {
            IntervalMethod = summary.Method,
        };
    }
}

/// <summary>The values of one column to draw as a histogram: numbers, or category levels with their counts.</summary>
public sealed record ColumnValues(string Name, double[]? Numbers, IReadOnlyList<(string Level, int Count)>? Levels, int Missing)
{
    /// <summary>The name an image dataset's pixel values go by.</summary>
    public const string PixelColumn = "pixel value";

    /// <summary>The feature columns of a tabular dataset, or the pixel values of an image dataset, and the target; optionally only those named.</summary>
    public static IReadOnlyList<ColumnValues> Of(Dataset data, IReadOnlyCollection<string>? only = null)
    {
        if (data.Kind == DatasetKind.Sequence)
            throw new DeepStatsException(ErrorIds.ChartNotApplicable, FailureKind.InvalidArgument,
                $"Dataset '{data.Name}' holds sequences; histograms are drawn per column of a table (or of an image dataset's pixels).", data);
        var result = new List<ColumnValues>();
        if (data.Images is { } img && (only is null || only.Contains(PixelColumn, StringComparer.OrdinalIgnoreCase)))
            result.Add(new ColumnValues(PixelColumn, Array.ConvertAll(img.Pixels, p => (double)p), null, 0));
        foreach (var c in data.Columns)
            if (only is null || only.Contains(c.Name, StringComparer.OrdinalIgnoreCase)) result.Add(Of(c));
        if (data.Target is { } t && (only is null || only.Contains(t.Name, StringComparer.OrdinalIgnoreCase)))
            result.Add(t.Values is { } v ? new ColumnValues(t.Name, v, null, t.MissingCount)
                : new ColumnValues(t.Name, null, LevelCounts(t.Labels, t.Classes), t.MissingCount));
        if (only is not null)
            foreach (var name in only.Where(n => !result.Any(r => r.Name.Equals(n, StringComparison.OrdinalIgnoreCase))))
                throw new DeepStatsException(ErrorIds.ChartNotApplicable, FailureKind.InvalidArgument,
                    $"Dataset '{data.Name}' has no column '{name}'. Its columns: {string.Join(", ", data.Columns.Select(c => c.Name))}.", name);
        return result;
    }

    public static ColumnValues Of(DataColumn c) => c switch
    {
        NumericColumn n => new ColumnValues(n.Name, n.Values, null, n.MissingCount),
        CategoricalColumn k => new ColumnValues(k.Name, null, LevelCounts(k.Codes, k.Levels), k.MissingCount),
        _ => throw new DeepStatsException(ErrorIds.ChartNotApplicable, FailureKind.NotSupported, $"Column '{c.Name}' is of kind {c.Kind}, which has no histogram.", c),
    };

    private static IReadOnlyList<(string, int)> LevelCounts(int[] codes, string[] levels)
    {
        var counts = new int[levels.Length];
        foreach (var c in codes) if (c >= 0 && c < counts.Length) counts[c]++;
        return levels.Select((l, i) => (l, counts[i])).ToArray();
    }
}

internal static class ChartData
{
    /// <summary>The labelled rows of a classification prediction set: truths and probabilities.</summary>
    internal static (int[] Truth, float[][] Probabilities) Labelled(PredictionSet set, string what)
    {
        if (set.Kind != TargetKind.Classification || set.TruthLabels is null || set.Probabilities is null)
            throw new DeepStatsException(ErrorIds.ChartNotApplicable, FailureKind.InvalidArgument,
                $"{what} need class probabilities and true classes; these predictions are of a numeric target.", set);
        var keep = Enumerable.Range(0, set.Count).Where(i => set.TruthLabels[i] >= 0).ToArray();
        if (keep.Length == 0)
            throw new DeepStatsException(ErrorIds.ChartNotApplicable, FailureKind.InvalidData, $"{what} need labelled rows; every row's truth is missing.", set);
        return (keep.Select(i => set.TruthLabels[i]).ToArray(), keep.Select(i => set.Probabilities[i]).ToArray());
    }
}
