using MathNet.Numerics.Distributions;

namespace DeepStats.Core.Statistics;

/// <summary>The outcome of a normality test: which test, its statistic and p-value (NaN when undefined).</summary>
public readonly record struct NormalityResult(string Test, double Statistic, double PValue);

/// <summary>
/// Tests of the hypothesis that data come from a normal distribution. Shapiro-Wilk (Royston 1995,
/// algorithm AS R94, as R's <c>shapiro.test</c> and scipy's <c>shapiro</c>) for 3 to 5,000 values;
/// D'Agostino-Pearson K² (D'Agostino, Belanger and D'Agostino 1990, as scipy's <c>normaltest</c>)
/// beyond. Distributions come from MathNet.Numerics.
/// </summary>
public static class NormalityTests
{
    public const string ShapiroWilkName = "Shapiro-Wilk (Royston 1995, AS R94)";
    public const string DAgostinoPearsonName = "D'Agostino-Pearson K2";
    public const int ShapiroWilkMaximum = 5000;

    /// <summary>Shapiro-Wilk for up to 5,000 values, D'Agostino-Pearson K² beyond.</summary>
    public static NormalityResult Auto(ReadOnlySpan<double> sorted, double g1, double g2) =>
        sorted.Length <= ShapiroWilkMaximum ? ShapiroWilk(sorted) : DAgostinoPearson(sorted.Length, g1, g2);

    /// <summary>
    /// Shapiro-Wilk W and its p-value for ascending data without NaN (3 &lt;= n &lt;= 5000). W is the
    /// squared correlation between the order statistics and Royston's approximate coefficients; the
    /// p-value is exact for n = 3 and from Royston's normalising transformations otherwise
    /// (n 4-11: -log(gamma - log(1 - W)), n &gt;= 12: log(1 - W), both normal with fitted mean and sd).
    /// NaN when n &lt; 3 or the values are all equal.
    /// </summary>
    public static NormalityResult ShapiroWilk(ReadOnlySpan<double> x)
    {
        int n = x.Length;
        if (n < 3 || n > ShapiroWilkMaximum) return new(ShapiroWilkName, double.NaN, double.NaN);
        double range = x[n - 1] - x[0];
        if (!(range > 0)) return new(ShapiroWilkName, double.NaN, double.NaN);

        int half = n / 2;
        var a = new double[half]; // a[0] belongs to the extreme pair x[n-1] - x[0]; all positive
        if (n == 3)
        {
            a[0] = Math.Sqrt(0.5);
        }
        else
        {
            // Blom-type approximations of the expected normal order statistics m_i
            double an25 = n + 0.25, summ2 = 0;
            for (int i = 0; i < half; i++)
            {
                a[i] = Normal.InvCDF(0, 1, (i + 1 - 0.375) / an25); // negative: lower-tail scores
                summ2 += a[i] * a[i];
            }
            summ2 *= 2;
            double ssumm2 = Math.Sqrt(summ2), rsn = 1 / Math.Sqrt(n);
            double a1 = Poly(C1, rsn) - a[0] / ssumm2;
            int first;
            double fac;
            if (n > 5)
            {
                double a2 = -a[1] / ssumm2 + Poly(C2, rsn);
                fac = Math.Sqrt((summ2 - 2 * a[0] * a[0] - 2 * a[1] * a[1]) / (1 - 2 * a1 * a1 - 2 * a2 * a2));
                a[1] = a2;
                first = 2;
            }
            else
            {
                fac = Math.Sqrt((summ2 - 2 * a[0] * a[0]) / (1 - 2 * a1 * a1));
                first = 1;
            }
            a[0] = a1;
            for (int i = first; i < half; i++) a[i] /= -fac;
        }

        // W as the squared correlation between x and the antisymmetric coefficient vector, with
        // 1 - W computed directly to keep its digits when W is near 1.
        double sx = 0;
        for (int i = 0; i < n; i++) sx += x[i] / range;
        sx /= n;
        double ssa = 0, ssx = 0, sax = 0;
        for (int i = 0; i < n; i++)
        {
            int j = n - 1 - i;
            double c = i == j ? 0 : i < j ? -a[i] : a[j]; // coefficients sum to zero
            double d = x[i] / range - sx;
            ssa += c * c;
            ssx += d * d;
            sax += c * d;
        }
        double root = Math.Sqrt(ssa * ssx);
        double w1 = (root - sax) * (root + sax) / (ssa * ssx);
        double w = 1 - w1;

        double p;
        if (n == 3)
        {
            // exact: P = (6/pi) (asin(sqrt W) - asin(sqrt(3/4)))
            p = Math.Max(TailProbability.Floor, 6 / Math.PI * (Math.Asin(Math.Sqrt(w)) - Math.Asin(Math.Sqrt(0.75))));
            return new(ShapiroWilkName, w, Math.Min(1, p));
        }
        double y = Math.Log(w1), m, s;
        if (n <= 11)
        {
            double gamma = -2.273 + 0.459 * n;
            if (y >= gamma) return new(ShapiroWilkName, w, 1e-99); // beyond the approximation: far from normal (R reports 1e-99 too)
            y = -Math.Log(gamma - y);
            m = Poly(C3, n);
            s = Math.Exp(Poly(C4, n));
        }
        else
        {
            double ln = Math.Log(n);
            m = Poly(C5, ln);
            s = Math.Exp(Poly(C6, ln));
        }
        p = TailProbability.NormalUpper((y - m) / s);
        return new(ShapiroWilkName, w, p);
    }

    /// <summary>
    /// D'Agostino-Pearson K² = Z(g1)² + Z(b2)², chi-square with 2 degrees of freedom, from the
    /// population skewness g1 and excess kurtosis g2 (b2 = g2 + 3) of n values. The skewness test
    /// needs n &gt;= 8, the kurtosis approximation is meant for n &gt;= 20; NaN below 8 or when
    /// g1/g2 are undefined.
    /// </summary>
    public static NormalityResult DAgostinoPearson(int n, double g1, double g2)
    {
        if (n < 8 || double.IsNaN(g1) || double.IsNaN(g2)) return new(DAgostinoPearsonName, double.NaN, double.NaN);
        double zs = SkewnessZ(n, g1), zk = KurtosisZ(n, g2 + 3);
        double k2 = zs * zs + zk * zk;
        return new(DAgostinoPearsonName, k2, TailProbability.ChiSquareUpper(k2, 2));
    }

    /// <summary>D'Agostino (1970) transformation of the sample skewness to a standard normal deviate.</summary>
    public static double SkewnessZ(int n, double g1)
    {
        double y = g1 * Math.Sqrt((n + 1.0) * (n + 3.0) / (6.0 * (n - 2.0)));
        double beta2 = 3.0 * ((double)n * n + 27.0 * n - 70) * (n + 1.0) * (n + 3.0) /
                       ((n - 2.0) * (n + 5.0) * (n + 7.0) * (n + 9.0));
        double w2 = -1 + Math.Sqrt(2 * (beta2 - 1));
        double delta = 1 / Math.Sqrt(0.5 * Math.Log(w2));
        double alpha = Math.Sqrt(2 / (w2 - 1));
        if (y == 0) y = 1; // as scipy: Z is then tiny but finite
        double t = y / alpha;
        return delta * Math.Log(t + Math.Sqrt(t * t + 1));
    }

    /// <summary>Anscombe and Glynn (1983) transformation of the sample kurtosis b2 (not excess) to a standard normal deviate.</summary>
    public static double KurtosisZ(int n, double b2)
    {
        double e = 3.0 * (n - 1) / (n + 1);
        double varb2 = 24.0 * n * (n - 2.0) * (n - 3.0) / ((n + 1.0) * (n + 1.0) * (n + 3.0) * (n + 5.0));
        double x = (b2 - e) / Math.Sqrt(varb2);
        double sqrtBeta1 = 6.0 * ((double)n * n - 5.0 * n + 2) / ((n + 7.0) * (n + 9.0)) *
                           Math.Sqrt(6.0 * (n + 3.0) * (n + 5.0) / (n * (n - 2.0) * (n - 3.0)));
        double aa = 6.0 + 8.0 / sqrtBeta1 * (2.0 / sqrtBeta1 + Math.Sqrt(1 + 4.0 / (sqrtBeta1 * sqrtBeta1)));
        double term1 = 1 - 2 / (9.0 * aa);
        double denom = 1 + x * Math.Sqrt(2 / (aa - 4.0));
        double term2 = Math.Sign(denom) * Math.Cbrt((1 - 2.0 / aa) / Math.Abs(denom));
        if (denom == 0) term2 = double.NaN;
        return (term1 - term2) / Math.Sqrt(2 / (9.0 * aa));
    }

    // Royston's polynomial coefficients (AS R94), lowest order first.
    private static readonly double[] C1 = { 0.0, 0.221157, -0.147981, -2.07119, 4.434685, -2.706056 };
    private static readonly double[] C2 = { 0.0, 0.042981, -0.293762, -1.752461, 5.682633, -3.582633 };
    private static readonly double[] C3 = { 0.544, -0.39978, 0.025054, -6.714e-4 };
    private static readonly double[] C4 = { 1.3822, -0.77857, 0.062767, -0.0020322 };
    private static readonly double[] C5 = { -1.5861, -0.31082, -0.083751, 0.0038915 };
    private static readonly double[] C6 = { -0.4803, -0.082676, 0.0030302 };

    private static double Poly(double[] c, double x)
    {
        double r = 0;
        for (int i = c.Length - 1; i >= 0; i--) r = r * x + c[i];
        return r;
    }
}
