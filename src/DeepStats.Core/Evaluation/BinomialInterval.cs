using MathNet.Numerics.Distributions;

namespace DeepStats.Core.Evaluation;

/// <summary>A confidence interval for a proportion.</summary>
public readonly record struct Interval(double Lower, double Upper, double Level, string Method);

/// <summary>Confidence intervals for a binomial proportion.</summary>
public static class BinomialInterval
{
    /// <summary>
    /// Wilson score interval (Wilson 1927): centre (p + z²/2n) / (1 + z²/n), half-width
    /// z / (1 + z²/n) · sqrt(p(1-p)/n + z²/4n²), with z the two-sided normal quantile. Unlike the
    /// Wald interval it stays inside [0, 1] and keeps its coverage near 0 and 1.
    /// </summary>
    public static Interval Wilson(long successes, long trials, double level = 0.95)
    {
        if (trials <= 0) throw new ArgumentOutOfRangeException(nameof(trials), "An interval needs at least one trial.");
        if (successes < 0 || successes > trials) throw new ArgumentOutOfRangeException(nameof(successes));
        if (level is <= 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(level), "The confidence level must be between 0 and 1.");
        double z = Normal.InvCDF(0, 1, 1 - (1 - level) / 2);
        double n = trials, p = successes / n, z2 = z * z;
        double denom = 1 + z2 / n;
        double centre = (p + z2 / (2 * n)) / denom;
        double half = z / denom * Math.Sqrt(p * (1 - p) / n + z2 / (4 * n * n));
        // At x = 0 and x = n the bounds are exactly 0 and 1; rounding must not move them inside.
        double lower = successes == 0 ? 0 : Math.Max(0, centre - half);
        double upper = successes == trials ? 1 : Math.Min(1, centre + half);
        return new Interval(lower, upper, level, "Wilson");
    }
}
