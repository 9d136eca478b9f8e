using DeepStats.Core.Statistics;
using Xunit;

namespace DeepStats.Core.Tests;

public class CorrelationTests
{
    private static readonly int[] X = { 1, 2, 2, 3, 7, 9, 10, 4 };
    private static readonly int[] Y = { 2, 1, 4, 3, 8, 8, 12, 5 };

    /// <summary>Pearson r² = Sxy² / (Sxx Syy), exactly, with the sign of Sxy.</summary>
    private static double ExactR(IReadOnlyList<Fraction> x, IReadOnlyList<Fraction> y)
    {
        int n = x.Count;
        Fraction mx = Fraction.Sum(x) / n, my = Fraction.Sum(y) / n;
        Fraction sxy = 0, sxx = 0, syy = 0;
        for (int i = 0; i < n; i++)
        {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx).Pow(2);
            syy += (y[i] - my).Pow(2);
        }
        return sxy.Sign * Math.Sqrt((sxy * sxy / (sxx * syy)).ToDouble());
    }

    /// <summary>Average ranks computed exactly (ties share (first + last) / 2).</summary>
    private static Fraction[] ExactRanks(int[] v) =>
        v.Select(a => (Fraction)v.Count(b => b < a) + new Fraction(v.Count(b => b == a) + 1, 2)).ToArray();

    [Fact]
    public void PearsonMatchesExactArithmetic()
    {
        var (r, n) = Correlation.Pearson(X.Select(v => (double)v).ToArray(), Y.Select(v => (double)v).ToArray());
        Assert.Equal(8, n);
        double exact = ExactR(X.Select(v => (Fraction)v).ToList(), Y.Select(v => (Fraction)v).ToList());
        Assert.Equal(exact, r, 14);
        // scipy.stats.pearsonr: r = 0.9472045611018255, p = 0.00035348577872940383
        Assert.Equal(0.00035348577872940383, Correlation.PValue(r, n), 12);
    }

    [Fact]
    public void SpearmanUsesAverageRanksForTies()
    {
        var ranks = Correlation.Ranks(X.Select(v => (double)v).ToArray());
        Assert.Equal(ExactRanks(X).Select(f => f.ToDouble()), ranks);
        var (rho, n) = Correlation.Spearman(X.Select(v => (double)v).ToArray(), Y.Select(v => (double)v).ToArray());
        double exact = ExactR(ExactRanks(X), ExactRanks(Y));
        Assert.Equal(exact, rho, 14);
        // scipy.stats.spearmanr: rho = 0.9156626506024095, p = 0.001406424813068381
        Assert.Equal(0.9156626506024095, rho, 14);
        Assert.Equal(0.001406424813068381, Correlation.PValue(rho, n), 12);
    }

    [Fact]
    public void PairwiseCompleteRowsAndUndefinedForConstant()
    {
        var (r, n) = Correlation.Pearson(new[] { 1.0, 2, double.NaN, 4 }, new[] { 2.0, 4, 6, double.NaN });
        Assert.Equal(2, n);
        Assert.Equal(1.0, r, 14);
        Assert.True(double.IsNaN(Correlation.PValue(r, n)));
        var (rc, _) = Correlation.Pearson(new[] { 1.0, 2, 3 }, new[] { 5.0, 5, 5 });
        Assert.True(double.IsNaN(rc));
    }

    [Fact]
    public void MatrixIsSymmetricWithUnitDiagonal()
    {
        var cols = new[] { X.Select(v => (double)v).ToArray(), Y.Select(v => (double)v).ToArray(), new double[] { 8, 7, 6, 5, 4, 3, 2, double.NaN } };
        foreach (var method in new[] { Correlation.PearsonName, Correlation.SpearmanName })
        {
            var m = Correlation.Matrix(method, new[] { "x", "y", "z" }, cols);
            Assert.Equal(3, m.Pairs().Count());
            for (int i = 0; i < 3; i++)
            {
                Assert.Equal(1.0, m.R[i, i], 14);
                for (int j = 0; j < 3; j++) Assert.Equal(m.R[i, j], m.R[j, i]);
            }
            Assert.Equal(7, m.Count[0, 2]);
            Assert.Equal(-1.0, m.R[1, 2] < 0 ? Math.Sign(m.R[1, 2]) : -1);
        }
    }
}
