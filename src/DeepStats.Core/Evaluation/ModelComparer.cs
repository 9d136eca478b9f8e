using DeepStats.Core.Data;
using DeepStats.Core.Training;
using MathNet.Numerics.Distributions;

namespace DeepStats.Core.Evaluation;

/// <summary>
/// Compares two models on the same labelled rows from their per-row results. Classifiers: the exact
/// (binomial) McNemar test on the discordant pairs, b (reference right, new wrong) and c (new right,
/// reference wrong): under "no difference" c ~ Binomial(b + c, 1/2); the two-sided p-value is
/// min(1, 2·P(X ≤ min(b, c))). The accuracy difference (c - b) / n gets the Agresti-Min (2005)
/// adjusted Wald interval for paired proportions (1/2 added to each of the four cells). Regressors:
/// the paired t-test on the per-row differences of squared errors (new - reference), so the metric
/// is the mean squared error; the interval is the t interval of the mean difference. The decision
/// is Better or Worse when p &lt; alpha (by the sign of the difference), else no significant difference.
/// </summary>
public static class ModelComparer
{
    public static ModelComparison Compare(TrainedModel reference, TrainedModel difference, Dataset data, double alpha = 0.05, double level = 0.95)
    {
        if (reference.TargetKind != difference.TargetKind)
            throw new DeepStatsException(ErrorIds.ModelsNotComparable, FailureKind.InvalidArgument,
                $"The reference model predicts a {reference.TargetKind.ToString().ToLowerInvariant()} target, the difference model a {difference.TargetKind.ToString().ToLowerInvariant()} one: their answers cannot be paired.", difference);
        if (reference.TargetKind == TargetKind.Classification && !reference.Classes.OrderBy(c => c, StringComparer.Ordinal).SequenceEqual(difference.Classes.OrderBy(c => c, StringComparer.Ordinal)))
            throw new DeepStatsException(ErrorIds.ModelsNotComparable, FailureKind.InvalidArgument,
                $"The models know different classes (reference: {string.Join(", ", reference.Classes)}; difference: {string.Join(", ", difference.Classes)}), so their accuracies on one test set do not measure the same task.", difference);
        return Compare(ModelEvaluator.Labelled(reference, data), ModelEvaluator.Labelled(difference, data), alpha, level);
    }

    /// <summary>Compares two sets of per-row results for the same rows (same order, same truth).</summary>
    public static ModelComparison Compare(PredictionSet reference, PredictionSet difference, double alpha = 0.05, double level = 0.95)
    {
        if (reference.Count != difference.Count || reference.Kind != difference.Kind)
            throw new DeepStatsException(ErrorIds.ModelsNotComparable, FailureKind.InvalidArgument,
                $"The two prediction sets do not cover the same rows ({reference.Count} and {difference.Count} rows).", difference);
        if (alpha is <= 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(alpha));
        return reference.Kind == TargetKind.Regression ? Regression(reference, difference, alpha, level) : Classification(reference, difference, alpha, level);
    }

    private static ModelComparison Classification(PredictionSet r, PredictionSet d, double alpha, double level)
    {
        int n = r.Count, b = 0, c = 0, rightR = 0, rightD = 0;
        for (int i = 0; i < n; i++)
        {
            string truth = r.Classes[r.TruthLabels![i]];
            if (d.Classes[d.TruthLabels![i]] != truth)
                throw new DeepStatsException(ErrorIds.ModelsNotComparable, FailureKind.InvalidArgument, $"Row {r.RowIds[i]} has different true labels in the two prediction sets.", r.RowIds[i]);
            bool okR = r.Classes[r.PredictedLabels![i]] == truth, okD = d.Classes[d.PredictedLabels![i]] == truth;
            if (okR) rightR++;
            if (okD) rightD++;
            if (okR && !okD) b++;
            if (!okR && okD) c++;
        }
        double p = McNemarExactP(b, c);
        var (lo, hi) = PairedDifferenceInterval(b, c, n, level);
        double diff = (double)(c - b) / n;
        var decision = p < alpha ? (c > b ? ComparisonDecision.Better : ComparisonDecision.Worse) : ComparisonDecision.NoSignificantDifference;
        string verdict = decision switch
        {
            ComparisonDecision.Better => "the new model is significantly more accurate",
            ComparisonDecision.Worse => "the new model is significantly less accurate",
            _ => "no significant difference in accuracy",
        };
        return new ModelComparison
        {
            Test = "Exact McNemar test",
            Metric = "Accuracy",
            HigherIsBetter = MetricCatalog.Get("Accuracy").HigherIsBetter,
            ReferenceValue = (double)rightR / n,
            DifferenceValue = (double)rightD / n,
            Difference = diff,
            DifferenceLower = lo,
            DifferenceUpper = hi,
            ConfidenceLevel = level,
            Statistic = c,
            PValue = p,
            Alpha = alpha,
            Decision = decision,
            Count = n,
            ReferenceOnlyCorrect = b,
            DifferenceOnlyCorrect = c,
            IntervalMethod = "Agresti-Min adjusted Wald interval for paired proportions",
            Explanation = $"On the same {n} rows, the reference model alone was right on {b} and the new model alone on {c}. " +
                $"The exact McNemar test asks whether, among these {b + c} discordant rows, the new model wins more or less often than a fair coin would: " +
                $"two-sided p = {Statistics.TailProbability.Format(p)} against alpha = {alpha}: {verdict}. Accuracy {rightR / (double)n:P2} -> {rightD / (double)n:P2}, " +
                $"difference {diff:+0.00%;-0.00%;0.00%} ({level:P0} interval {lo:+0.00%;-0.00%;0.00%} to {hi:+0.00%;-0.00%;0.00%}).",
        };
    }

    /// <summary>Two-sided exact McNemar p-value: min(1, 2·P(X ≤ min(b, c))) for X ~ Binomial(b + c, 1/2); 1 when there are no discordant pairs.</summary>
    public static double McNemarExactP(int b, int c)
    {
        int m = b + c;
        if (m == 0) return 1;
        double lower = Statistics.TailProbability.BinomialLower(Math.Min(b, c), m, 0.5);
        return Statistics.TailProbability.IsBound(lower) ? Statistics.TailProbability.Floor : Math.Min(1, 2 * lower);
    }

    /// <summary>Agresti and Min (2005): the Wald interval for the paired difference (c - b)/n after adding 1/2 to each of the four cells.</summary>
    public static (double Lower, double Upper) PairedDifferenceInterval(int b, int c, int n, double level)
    {
        double z = Normal.InvCDF(0, 1, 1 - (1 - level) / 2);
        double bb = b + 0.5, cc = c + 0.5, nn = n + 2;
        double d = (cc - bb) / nn;
        double se = Math.Sqrt((bb + cc) - (cc - bb) * (cc - bb) / nn) / nn;
        return (Math.Max(-1, d - z * se), Math.Min(1, d + z * se));
    }

    private static ModelComparison Regression(PredictionSet r, PredictionSet d, double alpha, double level)
    {
        int n = r.Count;
        if (n < 2) throw new DeepStatsException(ErrorIds.TooFewRows, FailureKind.InvalidData, $"A paired test needs at least 2 rows; got {n}.");
        var diffs = new double[n];
        double mseR = 0, mseD = 0;
        for (int i = 0; i < n; i++)
        {
            double y = r.TruthValues![i];
            if (d.TruthValues![i] != y && !(double.IsNaN(y) && double.IsNaN(d.TruthValues[i])))
                throw new DeepStatsException(ErrorIds.ModelsNotComparable, FailureKind.InvalidArgument, $"Row {r.RowIds[i]} has different true values in the two prediction sets.", r.RowIds[i]);
            double er = r.PredictedValues![i] - y, ed = d.PredictedValues![i] - y;
            diffs[i] = ed * ed - er * er;
            mseR += er * er;
            mseD += ed * ed;
        }
        var m = Statistics.Moments.Compute(diffs);
        double se = Math.Sqrt(m.SampleVariance / n);
        double t = se > 0 ? m.Mean / se : m.Mean == 0 ? 0 : Math.Sign(m.Mean) * double.PositiveInfinity;
        double p = se > 0 ? Statistics.TailProbability.StudentTTwoSided(t, n - 1) : m.Mean == 0 ? 1 : Statistics.TailProbability.Floor;
        double q = StudentT.InvCDF(0, 1, n - 1, 1 - (1 - level) / 2);
        var decision = p < alpha ? (m.Mean < 0 ? ComparisonDecision.Better : ComparisonDecision.Worse) : ComparisonDecision.NoSignificantDifference;
        return new ModelComparison
        {
            Test = "Paired t-test on per-row squared errors",
            Metric = "MSE",
            HigherIsBetter = MetricCatalog.Get("MSE").HigherIsBetter,
            ReferenceValue = mseR / n,
            DifferenceValue = mseD / n,
            Difference = m.Mean,
            DifferenceLower = m.Mean - q * se,
            DifferenceUpper = m.Mean + q * se,
            ConfidenceLevel = level,
            Statistic = t,
            DegreesOfFreedom = n - 1,
            PValue = p,
            Alpha = alpha,
            Decision = decision,
            Count = n,
            IntervalMethod = "Student t interval of the mean per-row difference",
            Explanation = $"On the same {n} rows, the per-row squared error of the new model minus that of the reference has mean {m.Mean:G4} " +
                $"(MSE {mseR / n:G4} -> {mseD / n:G4}; RMSE {Math.Sqrt(mseR / n):G4} -> {Math.Sqrt(mseD / n):G4}). The paired t-test (t = {t:G4}, {n - 1} df) gives " +
                $"two-sided p = {Statistics.TailProbability.Format(p)} against alpha = {alpha}: " + decision switch
                {
                    ComparisonDecision.Better => "the new model's errors are significantly smaller.",
                    ComparisonDecision.Worse => "the new model's errors are significantly larger.",
                    _ => "no significant difference in squared error.",
                },
        };
    }
}
