using DeepStats.Core.Statistics;
using DeepStats.Core.Preprocessing;

namespace DeepStats.Core.Evaluation;

/// <summary>One trial set against the best: the paired per-fold differences (trial minus best), their corrected test, the adjusted p-value.</summary>
public sealed record TrialComparison(int Trial, double MeanDifference, double Lower, double Upper, double T, double DegreesOfFreedom,
    double PValue, double AdjustedPValue, bool SignificantlyWorse);

/// <summary>What the selection rule chose (trial numbers are 1-based), and why.</summary>
public sealed record SearchSelectionResult
{
    /// <summary>The trial with the best mean (ties: the lower trial number).</summary>
    public int Best { get; init; }
    /// <summary>The simplest trial whose mean is within one corrected standard error of the best's mean.</summary>
    public int OneStandardError { get; init; }
    /// <summary>The best and every trial not significantly worse than it, by trial number.</summary>
    public required IReadOnlyList<int> NotSignificantlyWorse { get; init; }
    /// <summary>Every other trial against the best, by trial number.</summary>
    public required IReadOnlyList<TrialComparison> Comparisons { get; init; }
    public required string Method { get; init; }
}

/// <summary>
/// The selection rule of a hyperparameter search over trials scored on the same folds (paired). Best: the highest mean
/// (lowest for a metric where lower is better). Not significantly worse: each other trial's per-fold differences from
/// the best go through Nadeau and Bengio's corrected resampled t-test (<see cref="CorrectedResampledT.Test"/>, two-sided,
/// J - 1 df); the p-values of the m = trials - 1 comparisons are adjusted together (<see cref="MultipleTesting"/>:
/// Bonferroni, the family-wise rate, by default, or Benjamini-Hochberg), and a trial is dropped only when its adjusted
/// p is below alpha. The best is chosen from the same folds, so the set is a screen that errs on keeping trials, not an
/// exact confidence set. One standard error (Breiman et al. 1984; Hastie, Tibshirani and Friedman, 7.10): the simplest
/// trial whose mean is within one corrected standard error of the best's mean (the best's own SE, sqrt((1/J +
/// n_test/n_train) s²)), simplest by the given complexity keys compared lexicographically, then by trial number.
/// </summary>
public static class SearchSelection
{
    /// <summary><paramref name="scores"/>: per trial, its per-fold values on the same folds in the same order; <paramref name="complexity"/>:
    /// per trial, its complexity key (<see cref="SearchSpace.Complexity"/>), null to use trial order.</summary>
    public static SearchSelectionResult Select(IReadOnlyList<double[]> scores, IReadOnlyList<double[]>? complexity, double testTrainRatio,
        bool higherIsBetter, double alpha = 0.05, PValueAdjustment adjustment = PValueAdjustment.Bonferroni, double level = 0.95)
    {
        if (scores.Count == 0)
            throw new DeepStatsException(ErrorIds.CrossValidationNothingToCompare, FailureKind.InvalidArgument, "No trial finished, so there is nothing to select from.", null);
        int folds = scores[0].Length;
        if (scores.Any(s => s.Length != folds))
            throw new ArgumentException("Every trial must be scored on the same folds.", nameof(scores));
        var summaries = scores.Select(s => CorrectedResampledT.Interval(s, testTrainRatio, level)).ToArray();
        double sign = higherIsBetter ? 1 : -1;
        int best = 0;
        for (int i = 1; i < scores.Count; i++)
            if (sign * summaries[i].Mean > sign * summaries[best].Mean) best = i;

        var others = Enumerable.Range(0, scores.Count).Where(i => i != best).ToArray();
        var tests = others.Select(i => CorrectedResampledT.Test(scores[i].Select((v, f) => v - scores[best][f]).ToArray(), testTrainRatio, level)).ToArray();
        var p = tests.Select(t => t.PValue).ToArray();
        var adjusted = p.Length == 0 ? p : adjustment == PValueAdjustment.Bonferroni ? MultipleTesting.Bonferroni(p) : MultipleTesting.BenjaminiHochberg(p);
        var comparisons = others.Select((i, k) => new TrialComparison(i + 1, tests[k].Difference.Mean, tests[k].Difference.Lower, tests[k].Difference.Upper,
            tests[k].T, tests[k].DegreesOfFreedom, p[k], adjusted[k], adjusted[k] < alpha && sign * tests[k].Difference.Mean < 0)).ToArray();
        var kept = new[] { best + 1 }.Concat(comparisons.Where(c => !c.SignificantlyWorse).Select(c => c.Trial)).Order().ToArray();

        // one standard error: within se of the best's mean (a NaN se, one fold, keeps only the best's mean)
        double se = summaries[best].StandardError, bar = summaries[best].Mean - sign * (double.IsNaN(se) ? 0 : se);
        var within = Enumerable.Range(0, scores.Count).Where(i => sign * summaries[i].Mean >= sign * bar).ToList();
        int simplest = within.OrderBy(i => i, Comparer<int>.Create((a, b) =>
        {
            if (complexity is not null)
                for (int k = 0; k < complexity[a].Length; k++)
                {
                    int c = complexity[a][k].CompareTo(complexity[b][k]);
                    if (c != 0) return c;
                }
            return a.CompareTo(b);
        })).First();

        string correction = adjustment == PValueAdjustment.Bonferroni ? "Bonferroni (family-wise error rate)" : "Benjamini-Hochberg (false discovery rate)";
        return new SearchSelectionResult
        {
            Best = best + 1,
            OneStandardError = simplest + 1,
            NotSignificantlyWorse = kept,
            Comparisons = comparisons,
            Method = $"Best by mean over {folds} paired fold(s); not significantly worse: {CorrectedResampledT.Method}, two-sided, each trial against the best, " +
                $"p-values of the {comparisons.Length} comparison(s) adjusted by {correction}, dropped when adjusted p < {alpha:G3}; " +
                "one standard error: the simplest trial (values listed first, low ends of ranges) with a mean within one corrected standard error of the best's.",
        };
    }
}
