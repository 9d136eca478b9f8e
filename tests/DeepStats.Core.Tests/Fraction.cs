using System.Numerics;

namespace DeepStats.Core.Tests;

/// <summary>Exact rational numbers (BigInteger numerator / positive denominator, always reduced), for
/// expected values computed without rounding.</summary>
internal readonly struct Fraction : IComparable<Fraction>
{
    public BigInteger Num { get; }
    public BigInteger Den { get; }

    public Fraction(BigInteger num, BigInteger den)
    {
        if (den.IsZero) throw new DivideByZeroException();
        if (den.Sign < 0) { num = -num; den = -den; }
        var g = BigInteger.GreatestCommonDivisor(num, den);
        if (!g.IsZero && !g.IsOne) { num /= g; den /= g; }
        Num = num;
        Den = den.IsZero ? BigInteger.One : den;
    }

    public static implicit operator Fraction(long v) => new(v, 1);
    public static Fraction operator +(Fraction a, Fraction b) => new(a.Num * b.Den + b.Num * a.Den, a.Den * b.Den);
    public static Fraction operator -(Fraction a, Fraction b) => new(a.Num * b.Den - b.Num * a.Den, a.Den * b.Den);
    public static Fraction operator -(Fraction a) => new(-a.Num, a.Den);
    public static Fraction operator *(Fraction a, Fraction b) => new(a.Num * b.Num, a.Den * b.Den);
    public static Fraction operator /(Fraction a, Fraction b) => new(a.Num * b.Den, a.Den * b.Num);
    public Fraction Pow(int k) { Fraction r = 1; for (int i = 0; i < k; i++) r *= this; return r; }
    public int Sign => Num.Sign;
    public int CompareTo(Fraction o) => (Num * o.Den).CompareTo(o.Num * Den);

    /// <summary>The nearest double (to well under one ulp for the sizes used in tests).</summary>
    public double ToDouble()
    {
        // scale so the quotient has ~60 significant bits, then divide once
        int shift = (int)(Den.GetBitLength() - BigInteger.Abs(Num).GetBitLength()) + 64;
        var q = shift >= 0 ? (Num << shift) / Den : Num / (Den << -shift);
        return (double)q * Math.Pow(2, -shift);
    }

    /// <summary>sqrt of a non-negative fraction as a double (rounded once after exact scaling).</summary>
    public double Sqrt() => Math.Sqrt(ToDouble());

    public static Fraction Sum(IEnumerable<Fraction> xs) { Fraction s = 0; foreach (var x in xs) s += x; return s; }
    public override string ToString() => $"{Num}/{Den}";
}
