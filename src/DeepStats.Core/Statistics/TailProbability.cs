using System.Globalization;
using MathNet.Numerics;

namespace DeepStats.Core.Statistics;

/// <summary>
/// Every p-value of DeepStats comes from here: upper-tail (survival) probabilities computed without
/// forming 1 - CDF, so a p of 1e-200 keeps its digits instead of becoming 0.
/// <list type="bullet">
/// <item>F: p = I_{d2/(d2 + d1 F)}(d2/2, d1/2); Student t, two-sided: p = I_{df/(df + t²)}(df/2, 1/2);
/// binomial lower tail P(X &lt;= k) = I_{1-q}(n - k, k + 1); all through <see cref="BetaRegularized"/>.</item>
/// <item>Chi-square: the upper regularised incomplete gamma Q(df/2, x/2).</item>
/// <item>Normal: erfc (MathNet.Numerics' <c>SpecialFunctions.Erfc</c>, 1e-13 relative out to z = 37).</item>
/// </list>
/// The incomplete beta and gamma are our own rather than MathNet's <c>BetaRegularized</c> /
/// <c>GammaUpperRegularized</c>: those form the prefactor x^a (1-x)^b / B(a, b) as
/// exp(lnΓ(a+b) - lnΓ(a) - lnΓ(b) + ...), and for large degrees of freedom the three log-gammas
/// (each ~ a ln a) cancel: MathNet gives the two-sided t p-value with df = 1e7, t = 8 at 1.7e-8
/// relative error and F(1, 1e6) at 4e-10. Here the prefactor is taken from Stirling's series with
/// the large terms cancelled analytically (a log1p((x b - y a)/a) + b log1p((y a - x b)/b) + ..., as
/// DiDonato and Morris 1992 and Boost's ibeta_power_terms do), x and 1 - x are both passed in
/// (never recomputed by subtraction), the continued fraction is Lentz's (Numerical Recipes betacf)
/// on the side where it converges fast, and the result is assembled in log space. Against mpmath at
/// 60 digits: 1e-13 relative or better over the tests' table, to below 1e-300.
/// <para>Below <see cref="Floor"/> (1e-300) a p-value is returned as <see cref="Floor"/> itself, an
/// upper bound meaning "p &lt; 1e-300", never 0 (also when the statistic is infinite, e.g. a perfect
/// fit). <see cref="IsBound"/> tells such a value, and <see cref="Format"/> writes it as "&lt; 1e-300".</para>
/// </summary>
public static class TailProbability
{
    /// <summary>The smallest p-value reported as a value; a p-value equal to it means p &lt; 1e-300.</summary>
    public const double Floor = 1e-300;

    /// <summary>How <see cref="Format"/> writes a p-value at the <see cref="Floor"/>.</summary>
    public const string FloorText = "< 1e-300";

    private static readonly double LnFloor = Math.Log(Floor);
    private const double LnSqrt2Pi = 0.91893853320467274178032973640562;

    /// <summary>True when <paramref name="p"/> is the floor, i.e. the true p-value is below 1e-300.</summary>
    public static bool IsBound(double p) => p <= Floor;

    /// <summary>"&lt; 1e-300" for a p-value at the floor, else the value in <paramref name="format"/> (invariant culture).</summary>
    public static string Format(double p, string format = "G3") =>
        IsBound(p) ? FloorText : p.ToString(format, CultureInfo.InvariantCulture);

    /// <summary>Two-sided p-value of Student's t with <paramref name="df"/> degrees of freedom: P(|T| &gt;= |t|) = I_{df/(df+t²)}(df/2, 1/2). NaN for NaN t or df &lt;= 0.</summary>
    public static double StudentTTwoSided(double t, double df)
    {
        if (double.IsNaN(t) || !(df > 0)) return double.NaN;
        double u = Math.Abs(t) / Math.Sqrt(df); // x = 1/(1+u²), y = u²/(1+u²)
        if (double.IsPositiveInfinity(u)) return Floor;
        if (u == 0) return 1;
        double x, y, lnx, lny;
        if (u > 1e100)
        {
            double iu = 1 / u;
            x = iu * iu; y = 1;
            lnx = -2 * Math.Log(u); lny = 0;
        }
        else
        {
            double u2 = u * u;
            x = 1 / (1 + u2); y = u2 / (1 + u2);
            lnx = -Log1P(u2);
            lny = u2 < 1 ? Math.Log(u2) - Log1P(u2) : -Log1P(1 / u2);
        }
        return Clamp(BetaRegularized(df / 2, 0.5, x, y, lnx, lny));
    }

    /// <summary>Upper tail of the F distribution with (<paramref name="d1"/>, <paramref name="d2"/>) degrees of freedom: P(F' &gt;= f) = I_{d2/(d2 + d1 f)}(d2/2, d1/2). 1 for f &lt;= 0; NaN for NaN f or non-positive df.</summary>
    public static double FUpper(double f, double d1, double d2)
    {
        if (double.IsNaN(f) || !(d1 > 0) || !(d2 > 0)) return double.NaN;
        if (f <= 0) return 1;
        if (double.IsPositiveInfinity(f)) return Floor;
        double lnr = Math.Log(d1) + Math.Log(f) - Math.Log(d2); // r = d1 f / d2; x = 1/(1+r), y = r/(1+r)
        double x, y, lnx, lny;
        if (lnr > 200)
        {
            double r = Math.Exp(lnr);
            double ir = Math.Exp(-lnr);
            x = double.IsInfinity(r) ? 0 : 1 / (1 + r); y = 1;
            lnx = -lnr - Log1P(ir); lny = -Log1P(ir);
        }
        else
        {
            double r = d1 * f / d2;
            x = 1 / (1 + r); y = r / (1 + r);
            lnx = -Log1P(r);
            lny = r < 1 ? Math.Log(r) - Log1P(r) : -Log1P(1 / r);
        }
        return Clamp(BetaRegularized(d2 / 2, d1 / 2, x, y, lnx, lny));
    }

    /// <summary>Upper tail of the chi-square distribution with <paramref name="df"/> degrees of freedom: Q(df/2, x/2). 1 for x &lt;= 0.</summary>
    public static double ChiSquareUpper(double x, double df)
    {
        if (double.IsNaN(x) || !(df > 0)) return double.NaN;
        if (x <= 0) return 1;
        if (double.IsPositiveInfinity(x)) return Floor;
        return Clamp(GammaUpperRegularized(df / 2, x / 2));
    }

    /// <summary>
    /// Upper tail of the Kolmogorov distribution (the limit of sqrt(n) D_n): Q(λ) = 2 Σ_{k>=1} (-1)^{k-1} exp(-2 k² λ²) for λ &gt;= 1
    /// (scipy's <c>kstwobign.sf</c>), and 1 - sqrt(2π)/λ Σ_{k>=1} exp(-(2k-1)² π² / (8 λ²)) below, where the alternating series
    /// converges slowly (the tail is then above 0.27, so forming 1 - CDF loses nothing). 1 for λ &lt;= 0.
    /// </summary>
    public static double KolmogorovUpper(double lambda)
    {
        if (double.IsNaN(lambda)) return double.NaN;
        if (lambda <= 0) return 1;
        if (double.IsPositiveInfinity(lambda)) return Floor;
        if (lambda < 1)
        {
            double sum = 0, c = Math.PI * Math.PI / (8 * lambda * lambda);
            for (int k = 1; k <= 20; k++) sum += Math.Exp(-(2 * k - 1) * (2 * k - 1) * c);
            return Clamp(1 - Math.Sqrt(2 * Math.PI) / lambda * sum);
        }
        double l2 = lambda * lambda;
        // log-space first term keeps the digits down to the floor: Q = 2 e^{-2λ²} (1 - e^{-6λ²} + e^{-16λ²} - ...)
        double rest = 1, sign = -1;
        for (int k = 2; k <= 100; k++, sign = -sign)
        {
            double t = Math.Exp(-2 * (k * k - 1) * l2);
            rest += sign * t;
            if (t < 1e-17) break;
        }
        double ln = Math.Log(2) - 2 * l2 + Math.Log(rest);
        return ln < LnFloor ? Floor : Clamp(Math.Exp(ln));
    }

    /// <summary>Two-sided normal p-value P(|Z| &gt;= |z|) = erfc(|z| / sqrt 2).</summary>
    public static double NormalTwoSided(double z) =>
        double.IsNaN(z) ? double.NaN : Clamp(SpecialFunctions.Erfc(Math.Abs(z) / Math.Sqrt(2)));

    /// <summary>Upper tail of the standard normal P(Z &gt;= z) = erfc(z / sqrt 2) / 2.</summary>
    public static double NormalUpper(double z) =>
        double.IsNaN(z) ? double.NaN : Clamp(0.5 * SpecialFunctions.Erfc(z / Math.Sqrt(2)));

    /// <summary>Lower tail of the binomial P(X &lt;= k), X ~ Binomial(n, q) = I_{1-q}(n - k, k + 1); 1 when k &gt;= n.</summary>
    public static double BinomialLower(int k, int n, double q)
    {
        if (n < 0 || double.IsNaN(q) || q < 0 || q > 1) return double.NaN;
        if (k < 0) return 0;
        if (k >= n) return 1;
        if (q == 0) return 1;
        if (q == 1) return Floor; // P(X <= k < n) = 0 exactly: reported at the floor
        return Clamp(BetaRegularized(n - k, k + 1, 1 - q, q, Log1P(-q), Math.Log(q)));
    }

    /// <summary>ln(1 + x) to a few ulps (Goldberg's correction of the rounded 1 + x; .NET's double.LogP1 is Log(1 + x) and loses small x).</summary>
    internal static double Log1P(double x)
    {
        double u = 1 + x;
        if (u == 1) return x;
        if (double.IsPositiveInfinity(u)) return Math.Log(x);
        return Math.Log(u) * (x / (u - 1));
    }

    private static double Clamp(double p) => double.IsNaN(p) ? p : p <= Floor ? Floor : Math.Min(1, p);

    /// <summary>
    /// The regularised incomplete beta I_x(a, b) given x, y = 1 - x and their logarithms (each computed
    /// without cancellation by the caller). Values below the floor come back as 0 (the callers clamp).
    /// </summary>
    internal static double BetaRegularized(double a, double b, double x, double y, double lnx, double lny)
    {
        if (double.IsNegativeInfinity(lnx)) return 0; // x itself may underflow to 0 while ln x is finite (t = 1e200)
        if (double.IsNegativeInfinity(lny)) return 1;
        if (x < (a + 1) / (a + b + 2)) return BetaLowerDirect(a, b, x, y, lnx, lny);
        // the complement side converges fast: 1 - I_y(b, a), which is not small here (x is past the mean)
        return 1 - BetaLowerDirect(b, a, y, x, lny, lnx);
    }

    /// <summary>I_x(a, b) = x^a y^b / (a B(a, b)) · CF, for x below (a + 1)/(a + b + 2), in log space.</summary>
    private static double BetaLowerDirect(double a, double b, double x, double y, double lnx, double lny)
    {
        double lnPre = LogBetaPowerTerms(a, b, x, y, lnx, lny);
        double cf = BetaContinuedFraction(a, b, x);
        double ln = lnPre + Math.Log(cf) - Math.Log(a);
        return ln < LnFloor - 1 ? 0 : Math.Exp(ln);
    }

    /// <summary>ln( x^a y^b / B(a, b) ), with the large terms of the log-gammas cancelled for large a and/or b.</summary>
    internal static double LogBetaPowerTerms(double a, double b, double x, double y, double lnx, double lny)
    {
        const double big = 10;
        if (a >= big && b >= big)
        {
            // lnΓ(z) = (z - 1/2) ln z - z + ln sqrt(2π) + δ(z): the a ln a, b ln b, (a+b) ln(a+b) terms combine with a ln x + b ln y into
            // a ln(x (a+b)/a) + b ln(y (a+b)/b) = a log1p(d/a) + b log1p(-d/b), d = x b - y a
            double d = x * b - y * a;
            double lead = a * Log1P(d / a) + b * Log1P(-d / b);
            if (Math.Abs(d / a) > 0.5 || Math.Abs(d / b) > 0.5)
                lead = a * (lnx + Math.Log((a + b) / a)) + b * (lny + Math.Log((a + b) / b)); // far in a tail: the direct form loses nothing
            return lead + 0.5 * Math.Log(a * b / (a + b)) - LnSqrt2Pi + StirlingCorrection(a + b) - StirlingCorrection(a) - StirlingCorrection(b);
        }
        if (a >= big || b >= big)
        {
            // one large (L) and one small (s) parameter, with their powers lnL (of the large one's variable) and lns
            double l = a >= big ? a : b, s = a >= big ? b : a;
            double lnl = a >= big ? lnx : lny, lns = a >= big ? lny : lnx;
            // lnΓ(l + s) - lnΓ(l) = (l - 1/2) log1p(s/l) + s ln(l + s) - s + δ(l + s) - δ(l)
            return l * lnl + s * (lns + Math.Log(l + s)) + (l - 0.5) * Log1P(s / l) - s
                + StirlingCorrection(l + s) - StirlingCorrection(l) - SpecialFunctions.GammaLn(s);
        }
        return a * lnx + b * lny + SpecialFunctions.GammaLn(a + b) - SpecialFunctions.GammaLn(a) - SpecialFunctions.GammaLn(b);
    }

    /// <summary>δ(z) = lnΓ(z) - ((z - 1/2) ln z - z + ln sqrt(2π)), Stirling's series (absolute error below 2e-18 for z &gt;= 10).</summary>
    internal static double StirlingCorrection(double z)
    {
        double r = 1 / z, r2 = r * r;
        return r * (1.0 / 12 + r2 * (-1.0 / 360 + r2 * (1.0 / 1260 + r2 * (-1.0 / 1680 + r2 * (1.0 / 1188
            + r2 * (-691.0 / 360360 + r2 * (1.0 / 156 + r2 * (-3617.0 / 122400))))))));
    }

    /// <summary>The continued fraction of I_x(a, b) (Numerical Recipes' betacf, modified Lentz), converging quickly for x &lt; (a + 1)/(a + b + 2).</summary>
    private static double BetaContinuedFraction(double a, double b, double x)
    {
        const double tiny = 1e-300, eps = 1e-16;
        double qab = a + b, qap = a + 1, qam = a - 1;
        double c = 1, d = 1 - qab * x / qap;
        if (Math.Abs(d) < tiny) d = tiny;
        d = 1 / d;
        double h = d;
        int maxIter = 1000 + (int)Math.Min(1e7, 20 * Math.Sqrt(Math.Max(a, b)));
        for (int m = 1; m <= maxIter; m++)
        {
            int m2 = 2 * m;
            double aa = m * (b - m) * x / ((qam + m2) * (a + m2));
            d = 1 + aa * d; if (Math.Abs(d) < tiny) d = tiny;
            c = 1 + aa / c; if (Math.Abs(c) < tiny) c = tiny;
            d = 1 / d;
            h *= d * c;
            aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
            d = 1 + aa * d; if (Math.Abs(d) < tiny) d = tiny;
            c = 1 + aa / c; if (Math.Abs(c) < tiny) c = tiny;
            d = 1 / d;
            double del = d * c;
            h *= del;
            if (Math.Abs(del - 1) < eps) break;
        }
        return h;
    }

    /// <summary>Q(a, x) = Γ(a, x)/Γ(a): the series for P when x &lt; a + 1 (Q = 1 - P is not small there), else Lentz's continued fraction; prefactor in log space.</summary>
    internal static double GammaUpperRegularized(double a, double x)
    {
        double lnPre = LogGammaPowerTerms(a, x); // ln( x^a e^-x / Γ(a) )
        if (x < a + 1)
        {
            double sum = 1 / a, term = sum;
            for (int n = 1; n < 100000; n++)
            {
                term *= x / (a + n);
                sum += term;
                if (Math.Abs(term) < Math.Abs(sum) * 1e-17) break;
            }
            return 1 - Math.Exp(lnPre + Math.Log(sum));
        }
        const double tiny = 1e-300;
        double b = x + 1 - a, c = 1 / tiny, d = 1 / b, h = d;
        for (int i = 1; i < 100000; i++)
        {
            double an = -i * (i - a);
            b += 2;
            d = an * d + b; if (Math.Abs(d) < tiny) d = tiny;
            c = b + an / c; if (Math.Abs(c) < tiny) c = tiny;
            d = 1 / d;
            double del = d * c;
            h *= del;
            if (Math.Abs(del - 1) < 1e-16) break;
        }
        double ln = lnPre + Math.Log(h);
        return ln < LnFloor - 1 ? 0 : Math.Exp(ln);
    }

    /// <summary>ln( x^a e^-x / Γ(a) ); for a &gt;= 10 as a (log1p(s) - s) + ln sqrt(a/2π) - δ(a), s = (x - a)/a, so the a ln a terms cancel.</summary>
    private static double LogGammaPowerTerms(double a, double x)
    {
        if (a < 10) return a * Math.Log(x) - x - SpecialFunctions.GammaLn(a);
        double s = (x - a) / a;
        return a * (Log1P(s) - s) + 0.5 * Math.Log(a) - LnSqrt2Pi - StirlingCorrection(a);
    }
}
