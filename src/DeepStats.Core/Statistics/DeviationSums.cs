using System.Runtime.CompilerServices;

namespace DeepStats.Core.Statistics;

/// <summary>
/// The sums of the deviations d = x - mean0 and of their squares that the corrected two-pass moments
/// need, both Neumaier-compensated, with the exact rounding error of every deviation added back
/// (Fast2Sum): that error has the same sign for every value of a binade, so over millions of values
/// it would bias the mean correction, and a plain sum of the deviations loses what the compensated
/// first pass gained (a 2,000,000-value column lost 8 digits of its mean that way).
/// </summary>
internal struct DeviationSums
{
    private double _s1, _c1, _s2, _c2;

    /// <summary>Adds one (scaled) value; returns its deviation from <paramref name="mean0"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double Add(double xs, double mean0)
    {
        double d = xs - mean0, d2 = d * d;
        _c1 += Math.Abs(xs) >= Math.Abs(mean0) ? (xs - d) - mean0 : xs - (d + mean0);
        double t = _s1 + d;
        _c1 += Math.Abs(_s1) >= Math.Abs(d) ? (_s1 - t) + d : (d - t) + _s1;
        _s1 = t;
        t = _s2 + d2;
        _c2 += _s2 >= d2 ? (_s2 - t) + d2 : (d2 - t) + _s2;
        _s2 = t;
        return d;
    }

    /// <summary>The sum of the deviations.</summary>
    public readonly double Sum => _s1 + _c1;
    /// <summary>The sum of the squared deviations.</summary>
    public readonly double SumOfSquares => _s2 + _c2;
}
