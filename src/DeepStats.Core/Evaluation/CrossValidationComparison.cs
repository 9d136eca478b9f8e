using MathNet.Numerics.Distributions;

namespace DeepStats.Core.Evaluation;

/// <summary>The mean of per-fold values with an interval from the corrected resampled variance.</summary>
public readonly record struct CorrectedMean(int Count, double Mean, double StandardDeviation, double StandardError,
    double DegreesOfFreedom, double Lower, double Upper, double Level);

/// <summary>
/// Nadeau and Bengio's (2003, "Inference for the generalization error", Machine Learning 52) corrected
/// resampled t. The J = k x r per-fold values of a (repeated) k-fold cross-validation are not
/// independent: their training sets overlap, so the naive variance s²/J is far too small. The
/// corrected variance of their mean is (1/J + n_test/n_train) · s², with s² the sample variance
/// (n - 1) of the J values and n_test/n_train the ratio of test to training rows (1/(k-1) for k
/// folds); intervals and tests use Student's t with J - 1 degrees of freedom (Bouckaert and Frank
/// 2004 for repeated k-fold).
/// </summary>
public static class CorrectedResampledT
{
    public const string Method = "Nadeau-Bengio corrected resampled t: mean ± t(J-1) · sqrt((1/J + n_test/n_train) · s²)";

    /// <summary>Mean, corrected standard error and interval at <paramref name="level"/> of per-fold values.</summary>
    public static CorrectedMean Interval(IReadOnlyList<double> values, double testTrainRatio, double level = 0.95)
    {
        int j = values.Count;
        if (j == 0) throw new ArgumentException("No values.", nameof(values));
        if (!(testTrainRatio >= 0)) throw new ArgumentOutOfRangeException(nameof(testTrainRatio));
        var m = Statistics.Moments.Compute(values.ToArray());
        if (j < 2) return new CorrectedMean(j, m.Mean, double.NaN, double.NaN, 0, double.NaN, double.NaN, level);
        double sd = Math.Sqrt(m.SampleVariance);
        double se = Math.Sqrt((1.0 / j + testTrainRatio) * m.SampleVariance);
        double t = StudentT.InvCDF(0, 1, j - 1, 1 - (1 - level) / 2);
        return new CorrectedMean(j, m.Mean, sd, se, j - 1, m.Mean - t * se, m.Mean + t * se, level);
    }

    /// <summary>The paired test of per-fold differences (difference minus reference, same folds): t = mean / corrected SE,
    /// two-sided p from Student's t with J - 1 degrees of freedom. A zero variance gives t = ±∞ (p at the floor, &lt; 1e-300) or, for a zero mean, t = 0 (p = 1).</summary>
    public static (double T, double DegreesOfFreedom, double PValue, CorrectedMean Difference) Test(IReadOnlyList<double> differences, double testTrainRatio, double level = 0.95)
    {
        if (differences.Count < 2)
            throw new DeepStatsException(ErrorIds.CrossValidationNothingToCompare, FailureKind.InvalidArgument,
                $"The corrected resampled t-test needs at least 2 paired folds; got {differences.Count}.", differences.Count);
        var d = Interval(differences, testTrainRatio, level);
        double t = d.StandardError > 0 ? d.Mean / d.StandardError : d.Mean == 0 ? 0 : Math.CopySign(double.PositiveInfinity, d.Mean);
        double p = Statistics.TailProbability.StudentTTwoSided(t, d.DegreesOfFreedom); // t = ±∞ gives the floor, p < 1e-300
        return (t, d.DegreesOfFreedom, p, d);
    }
}

/// <summary>
/// Alpaydin's (1999, "Combined 5x2cv F test for comparing supervised classification learning
/// algorithms", Neural Computation 11) test. With p_ij the difference of the two configurations on
/// fold j of repeat i (5 repeats of 2-fold cross-validation), p̄_i the mean of repeat i and
/// s_i² = (p_i1 - p̄_i)² + (p_i2 - p̄_i)², f = Σ p_ij² / (2 Σ s_i²) follows approximately an F
/// distribution with 10 and 5 degrees of freedom under the null hypothesis of equal performance.
/// </summary>
public static class FiveByTwoCvF
{
    public const string Method = "5x2cv combined F-test (Alpaydin 1999): f = Σ p² / (2 Σ s²) ~ F(10, 5)";

    /// <param name="differences">5 x 2: repeat, fold.</param>
    public static (double F, double PValue) Test(double[,] differences)
    {
        if (differences.GetLength(0) != 5 || differences.GetLength(1) != 2)
            throw new DeepStatsException(ErrorIds.CrossValidationTestNotApplicable, FailureKind.InvalidArgument,
                $"The 5x2cv F-test needs 5 repeats of 2 folds; got {differences.GetLength(0)} x {differences.GetLength(1)}.", differences);
        double num = 0, den = 0;
        for (int i = 0; i < 5; i++)
        {
            double a = differences[i, 0], b = differences[i, 1], mean = (a + b) / 2;
            num += a * a + b * b;
            den += (a - mean) * (a - mean) + (b - mean) * (b - mean);
        }
        if (den == 0) return num == 0 ? (0, 1) : (double.PositiveInfinity, Statistics.TailProbability.Floor);
        double f = num / (2 * den);
        return (f, Statistics.TailProbability.FUpper(f, 10, 5));
    }
}

/// <summary>Compares two cross-validation results drawn from the same fold plan (same data, same folds), fold by fold.</summary>
public static class CrossValidationComparison
{
    /// <summary>
    /// Pairs the folds both results finished, on the first summary metric (accuracy for classes, RMSE for
    /// numbers) unless <paramref name="metric"/> names another (its direction from <see cref="MetricCatalog"/>:
    /// lower is better for LogLoss, Brier, ECE, RMSE, MAE, MAPE; a metric without one, such as Bias, is refused), and tests the per-fold differences
    /// (difference minus reference): Nadeau-Bengio's corrected resampled t-test, or for a 5 x 2 plan (with
    /// <see cref="CrossValidationTest.Auto"/> or <see cref="CrossValidationTest.FiveByTwoF"/>) Alpaydin's 5x2cv
    /// F-test. The difference's interval is always the corrected resampled t interval.
    /// </summary>
    public static ModelComparison Compare(CrossValidationResult reference, CrossValidationResult difference,
        CrossValidationTest test = CrossValidationTest.Auto, double alpha = 0.05, double level = 0.95, string? metric = null)
    {
        if (reference.Plan.DifferenceFrom(difference.Plan) is { } why)
            throw new DeepStatsException(ErrorIds.CrossValidationPlanMismatch, FailureKind.InvalidArgument,
                $"The two cross-validation results were drawn from different fold plans ({why}); a paired comparison needs the same data and folds. " +
                "Run both with the same data, -Folds, -Repeat, -GroupBy and -Seed.", difference);
        // the catalogue names the metric (case-insensitive) and says which way is better; a metric without a direction is refused
        var info = MetricCatalog.Comparable(metric ?? reference.Summary[0].Metric);
        metric = info.Name;
        var pairs = (from a in reference.Folds
                     join b in difference.Folds on (a.Repeat, a.Fold) equals (b.Repeat, b.Fold)
                     orderby a.Repeat, a.Fold
                     select (a, b)).ToArray();
        if (pairs.Length == 0 || !pairs[0].a.Metrics.ContainsKey(metric) || !pairs[0].b.Metrics.ContainsKey(metric))
            throw new DeepStatsException(ErrorIds.CrossValidationNothingToCompare, FailureKind.InvalidArgument,
                pairs.Length == 0 ? "The two cross-validation results have no finished fold in common." : $"The folds have no metric '{metric}'.", metric);
        var diffs = pairs.Select(p => p.b.Metrics[metric] - p.a.Metrics[metric]).ToArray();
        double ratio = pairs.Average(p => (double)p.a.TestRows) / pairs.Average(p => (double)p.a.TrainRows);
        bool higherIsBetter = info.HigherIsBetter;
        var (t, df, tp, d) = CorrectedResampledT.Test(diffs, ratio, level);
        bool fiveByTwo = reference.Plan.Folds == 2 && reference.Plan.Repeats == 5;
        bool useF = test == CrossValidationTest.FiveByTwoF || test == CrossValidationTest.Auto && fiveByTwo && pairs.Length == 10;
        if (useF && (!fiveByTwo || pairs.Length != 10))
            throw new DeepStatsException(ErrorIds.CrossValidationTestNotApplicable, FailureKind.InvalidArgument,
                $"The 5x2cv F-test needs both results to have all 10 folds of -Folds 2 -Repeat 5; they share {pairs.Length} fold(s) of a {reference.Plan.Folds} x {reference.Plan.Repeats} plan.", test);
        double statistic = t, p = tp;
        double? df2 = null;
        string name = "Corrected resampled t-test (Nadeau and Bengio 2003)";
        if (useF)
        {
            var m = new double[5, 2];
            foreach (var (a, b) in pairs) m[a.Repeat - 1, a.Fold - 1] = b.Metrics[metric] - a.Metrics[metric];
            (statistic, p) = FiveByTwoCvF.Test(m);
            df = 10;
            df2 = 5;
            name = "5x2cv combined F-test (Alpaydin 1999)";
        }
        double refMean = pairs.Average(q => q.a.Metrics[metric]), newMean = pairs.Average(q => q.b.Metrics[metric]);
        var decision = p < alpha
            ? (d.Mean > 0) == higherIsBetter ? ComparisonDecision.Better : ComparisonDecision.Worse
            : ComparisonDecision.NoSignificantDifference;
        string verdict = decision switch
        {
            ComparisonDecision.Better => "the difference configuration is significantly better",
            ComparisonDecision.Worse => "the difference configuration is significantly worse",
            _ => "no significant difference",
        };
        string explanation = $"{name} on {metric} over {pairs.Length} paired fold(s) of the same plan ({reference.Plan.Id}): " +
            $"reference mean {refMean:G4}, difference mean {newMean:G4}, mean difference {d.Mean:G4} " +
            $"({level:P0} interval {d.Lower:G4} to {d.Upper:G4}, {CorrectedResampledT.Method}, n_test/n_train = {ratio:G4}); " +
            (useF ? $"F = {statistic:G4} on (10, 5) df" : $"t = {statistic:G4} on {df} df") +
            $", p = {Statistics.TailProbability.Format(p)}; at alpha {alpha:G3}: {verdict}.";
        return new ModelComparison
        {
            Test = name,
            Metric = metric,
            HigherIsBetter = higherIsBetter,
            ReferenceValue = refMean,
            DifferenceValue = newMean,
            Difference = d.Mean,
            DifferenceLower = d.Lower,
            DifferenceUpper = d.Upper,
            ConfidenceLevel = level,
            Statistic = statistic,
            DegreesOfFreedom = df,
            DenominatorDegreesOfFreedom = df2,
            PValue = p,
            Alpha = alpha,
            Decision = decision,
            Count = pairs.Length,
            Explanation = explanation,
        };
    }
}
