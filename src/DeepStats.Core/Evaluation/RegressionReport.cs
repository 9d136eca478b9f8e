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
    public static RegressionReport From(IReadOnlyList<double> actual, IReadOnlyList<double> predicted, double level = 0.95)
    {
        if (actual.Count != predicted.Count) throw new ArgumentException("actual and predicted differ in length");
        int n = actual.Count;
        if (n < 2) throw new DeepStatsException("TooFewRows", FailureKind.InvalidData, $"Regression metrics need at least 2 rows; got {n}.");
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

    public override string ToString() =>
        $"RMSE {Rmse:G4} ({ConfidenceLevel:P0} CI {RmseLower:G4} - {RmseUpper:G4}), MAE {Mae:G4}, R² {RSquared:F3}, n = {Count}";
}
