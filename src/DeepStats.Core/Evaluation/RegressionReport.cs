using MathNet.Numerics.Distributions;

namespace DeepStats.Core.Evaluation;

/// <summary>
/// Errors of a numeric prediction on held-out data, each with a t-based confidence interval over
/// the per-example errors: MAE (mean of |e|), RMSE (square root of the interval of the mean of
/// e²), the mean error (bias) and R² = 1 - SSE / SST (SST about the test mean; no interval).
/// The intervals treat examples as independent, which windows of one series are not exactly:
/// read them as optimistic for overlapping windows.
/// </summary>
public sealed record RegressionReport(
    int Count,
    double Mae,
    double MaeLower,
    double MaeUpper,
    double Rmse,
    double RmseLower,
    double RmseUpper,
    double Bias,
    double BiasLower,
    double BiasUpper,
    double RSquared,
    double ConfidenceLevel,
    string IntervalMethod)
{
    /// <summary>The t-interval part of the report; <see cref="From(PredictionSet, double, int, int)"/> is the one scorer and adds MAPE and the bootstrap.</summary>
    private static RegressionReport Errors(IReadOnlyList<double> actual, IReadOnlyList<double> predicted, double level)
    {
        if (actual.Count != predicted.Count) throw new ArgumentException("actual and predicted differ in length");
        int n = actual.Count;
        if (n < 2) throw new DeepStatsException(ErrorIds.TooFewRows, FailureKind.InvalidData, $"Regression metrics need at least 2 rows; got {n}.");
        var err = new double[n];
        var abs = new double[n];
        var sq = new double[n];
        for (int i = 0; i < n; i++)
        {
            err[i] = predicted[i] - actual[i];
            abs[i] = Math.Abs(err[i]);
            sq[i] = err[i] * err[i];
        }
        double t = StudentT.InvCDF(0, 1, n - 1, 1 - (1 - level) / 2);
        (double M, double L, double U) Ci(double[] v)
        {
            var m = Statistics.Moments.Compute(v);
            double half = t * Math.Sqrt(m.SampleVariance / n);
            return (m.Mean, m.Mean - half, m.Mean + half);
        }
        var (mae, maeL, maeU) = Ci(abs);
        var (mse, mseL, mseU) = Ci(sq);
        var (bias, biasL, biasU) = Ci(err);
        var am = Statistics.Moments.Compute(actual.ToArray());
        double sst = am.SampleVariance * (n - 1);
        double r2 = sst > 0 ? 1 - mse * n / sst : double.NaN;
        return new RegressionReport(n, mae, Math.Max(0, maeL), maeU, Math.Sqrt(mse), Math.Sqrt(Math.Max(0, mseL)), Math.Sqrt(mseU),
            bias, biasL, biasU, r2, level, "Student t over per-example errors");
    }

    /// <summary>Mean absolute percentage error, 100·mean |e / y|; NaN when a true value is 0 (see <see cref="Notes"/>).</summary>
    public double Mape { get; init; } = double.NaN;
    /// <summary>Percentile bootstrap intervals (rows resampled with replacement, seeded) of MAE, RMSE, R² and MAPE.</summary>
    public IReadOnlyList<BootstrapInterval> BootstrapIntervals { get; init; } = Array.Empty<BootstrapInterval>();
    public IReadOnlyList<string> Notes { get; init; } = Array.Empty<string>();
    /// <summary>The per-row results every figure was computed from.</summary>
    public PredictionSet? Predictions { get; init; }
    /// <summary>Set by a quality gate (Test-Model -MaximumRmse); null without gates.</summary>
    public bool? Passed { get; init; }
    public IReadOnlyList<string> GateResults { get; init; } = Array.Empty<string>();
    public string Conventions => Convention;

    public const string Convention =
        "Errors are predicted - actual. MAE, RMSE and the bias come with Student t intervals over the per-row errors (RMSE: the square root " +
        "of the interval of the mean squared error); R^2 = 1 - SSE/SST with SST about the test mean; MAPE = 100 * mean |error / actual|, " +
        "undefined when an actual value is 0. BootstrapIntervals: percentile intervals from resampling the rows with replacement " +
        "(seeded: the same seed gives the same intervals).";

    /// <summary>Every metric from the per-row results of a regressor, with seeded percentile bootstrap intervals.</summary>
    public static RegressionReport From(PredictionSet set, double level = 0.95, int seed = 0, int resamples = 2000)
    {
        var y = set.TruthValues ?? throw new DeepStatsException(ErrorIds.NoTarget, FailureKind.InvalidData, "The predictions carry no true values to score.");
        var f = set.PredictedValues!;
        var report = Errors(y, f, level);
        var notes = new List<string>();
        bool zero = y.Any(v => v == 0);
        if (zero) notes.Add($"MAPE is undefined: {y.Count(v => v == 0)} true value(s) are 0, where a percentage error divides by zero.");
        int n = y.Length;
        var rng = new Random(seed);
        var stats = new double[4][];
        for (int s = 0; s < 4; s++) stats[s] = new double[resamples];
        var idx = new int[n];
        for (int b = 0; b < resamples; b++)
        {
            for (int i = 0; i < n; i++) idx[i] = rng.Next(n);
            var m = Metrics(y, f, idx);
            stats[0][b] = m.Mae; stats[1][b] = m.Rmse; stats[2][b] = m.R2; stats[3][b] = m.Mape;
        }
        var names = new[] { "MAE", "RMSE", "RSquared", "MAPE" };
        var all = Metrics(y, f, Enumerable.Range(0, n).ToArray());
        var points = new[] { all.Mae, all.Rmse, all.R2, all.Mape };
        var intervals = new List<BootstrapInterval>();
        for (int s = 0; s < 4; s++)
        {
            if (s == 3 && zero) continue;
            var v = stats[s].Where(x => !double.IsNaN(x)).Order().ToArray();
            if (v.Length == 0) continue;
            double lo = Statistics.Quantiles.Type7(v, (1 - level) / 2), hi = Statistics.Quantiles.Type7(v, 1 - (1 - level) / 2);
            intervals.Add(new BootstrapInterval(names[s], points[s], lo, hi, level, resamples, seed));
        }
        return report with { Mape = zero ? double.NaN : all.Mape, BootstrapIntervals = intervals, Notes = notes, Predictions = set };
    }

    private static (double Mae, double Rmse, double R2, double Mape) Metrics(double[] y, double[] f, int[] idx)
    {
        double sa = 0, ss = 0, sp = 0, sy = 0;
        foreach (var i in idx) sy += y[i];
        double mean = sy / idx.Length, sst = 0;
        foreach (var i in idx)
        {
            double e = f[i] - y[i];
            sa += Math.Abs(e);
            ss += e * e;
            sp += Math.Abs(e / y[i]);
            sst += (y[i] - mean) * (y[i] - mean);
        }
        int n = idx.Length;
        return (sa / n, Math.Sqrt(ss / n), sst > 0 ? 1 - ss / sst : double.NaN, 100 * sp / n);
    }

    /// <summary>The value of a catalogued metric by name (<see cref="MetricCatalog"/>), as the folds record it.</summary>
    public double Metric(string name) => MetricCatalog.Get(name).Name switch
    {
        "RMSE" => Rmse,
        "MSE" => Rmse * Rmse,
        "MAE" => Mae,
        "RSquared" => RSquared,
        "MAPE" => Mape,
        "Bias" => Bias,
        var other => throw new DeepStatsException(ErrorIds.MetricUndefined, FailureKind.InvalidArgument, $"Metric '{other}' is not a regression metric.", name),
    };

    public override string ToString() =>
        $"RMSE {Rmse:G4} ({ConfidenceLevel:P0} CI {RmseLower:G4} - {RmseUpper:G4}), MAE {Mae:G4}, R² {RSquared:F3}, n = {Count}";
}

/// <summary>A percentile bootstrap interval of one metric: the estimate on all rows and the quantiles of the resampled estimates.</summary>
public sealed record BootstrapInterval(string Metric, double Estimate, double Lower, double Upper, double Level, int Resamples, int Seed);
