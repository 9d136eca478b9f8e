using DeepStats.Core.Data;
using DeepStats.Core.Statistics;
using Xunit;
using Xunit.Abstractions;

namespace DeepStats.Core.Tests;

public class DataDriftTests(ITestOutputHelper output)
{
    private static readonly double[] A = { 0.61, 1.22, -0.3, 2.5, 0.0, 0.9, 1.7, -1.1, 0.45, 3.2, 1.22, 0.8 };
    private static readonly double[] B = { 1.9, 2.2, 0.61, 3.1, 2.8, 1.5, 4.0, 2.6, 1.22, 3.3 };

    [Fact]
    public void KolmogorovSmirnovAndWassersteinMatchScipy()
    {
        // /usr/bin/python3 -c "import numpy as np; from scipy import stats; a=[...A]; b=[...B]; r=stats.ks_2samp(a,b,method='asymp');
        //   print(r.statistic, stats.kstwobign.sf(np.sqrt(12*10/22)*r.statistic), stats.wasserstein_distance(a,b))"   (scipy 1.10.1)
        // -> 0.55 0.0737626336003375 1.389666666666667 (ties 0.61 and 1.22 across the samples stepped together)
        var a = A.Order().ToArray(); var b = B.Order().ToArray();
        double d = DataDrift.KolmogorovSmirnovStatistic(a, b);
        Assert.Equal(0.55, d, 14);
        Assert.Equal(0.0737626336003375, DataDrift.KolmogorovSmirnovPValue(d, 12, 10), 1e-12);
        Assert.Equal(1.389666666666667, DataDrift.Wasserstein(a, b), 12);
    }

    [Fact]
    public void KolmogorovTailMatchesScipyKstwobign()
    {
        // /usr/bin/python3 -c "from scipy import stats; [print(l, repr(stats.kstwobign.sf(l))) for l in [0.3,0.6,0.9,1.0,1.2,2.0,5.0]]"  (scipy 1.10.1)
        var cases = new (double L, double Q)[] { (0.3, 0.9999906941986655), (0.6, 0.8642827790506042), (0.9, 0.3927307079406543), (1.0, 0.26999967167735456),
            (1.2, 0.11224966667072497), (2.0, 0.0006709252557796953), (5.0, 3.8574996959278356e-22) };
        foreach (var (l, q) in cases) Assert.True(Math.Abs(TailProbability.KolmogorovUpper(l) - q) <= 1e-12 * q, $"lambda {l}: {TailProbability.KolmogorovUpper(l):R} vs {q:R}");
        Assert.Equal(TailProbability.Floor, TailProbability.KolmogorovUpper(20)); // 2 exp(-800): below the floor, never 0
        Assert.Equal(1, TailProbability.KolmogorovUpper(0));
    }

    [Fact]
    public void ChiSquareJensenShannonAndPsiOfLevels()
    {
        // /usr/bin/python3 -c "import numpy as np; from scipy import stats; from scipy.spatial.distance import jensenshannon;
        //   t=np.array([[30,45,25,0],[20,30,40,10]]); c=stats.chi2_contingency(t,correction=False); print(c[0], c[2], c[1], jensenshannon(t[0],t[1],base=2))"
        // -> 18.46153846153846 3 0.0003532305022255932 0.2841724510414361
        long[] r = { 30, 45, 25, 0 }, n = { 20, 30, 40, 10 };
        var (x, df) = DataDrift.Homogeneity(r, n);
        Assert.Equal(18.46153846153846, x, 12);
        Assert.Equal(3, df);
        Assert.Equal(0.0003532305022255932, TailProbability.ChiSquareUpper(x, df), 1e-15);
        Assert.Equal(0.2841724510414361, DataDrift.JensenShannonDistance(r, n), 12);
        // PSI by hand: proportions (count + 0.5) / (100 + 0.5 * 4) = /102; Σ (q - p) ln(q / p)
        double psi = (-10 * Math.Log(20.5 / 30.5) - 15 * Math.Log(30.5 / 45.5) + 15 * Math.Log(40.5 / 25.5) + 10 * Math.Log(10.5 / 0.5)) / 102;
        Assert.Equal(psi, DataDrift.PopulationStabilityIndex(r, n), 14);
        Assert.InRange(psi, 0.45, 0.47); // major change on the conventional reading
    }

    private static double[] Normal(Random rng, int n, double mean, double scale = 1) =>
        Enumerable.Range(0, n).Select(_ => mean + scale * Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble())).ToArray();

    private static Dataset Table(params (string Name, double[] Values)[] cols) =>
        Dataset.Tabular("t", "t", cols.Select(c => (DataColumn)new NumericColumn(c.Name, c.Values)).ToArray(), null);

    [Fact]
    public void FalseAlarmRateIsAtMostAlphaAndAHalfSdShiftIsFound()
    {
        // seeded simulation: 400 pairs of N(0,1) samples of 300 rows; the KS test alone rejects at most alpha (within 2 se),
        // the drift decision (adjusted p < 0.05 and PSI >= 0.1) at most as often; a 0.5 sd shift of the new sample is found.
        const int reps = 400, n = 300;
        var rng = new Random(19);
        int ksRejects = 0, alarms = 0, found = 0;
        for (int r = 0; r < reps; r++)
        {
            var reference = Table(("x", Normal(rng, n, 0)));
            var same = DataDrift.Compare(reference, Table(("x", Normal(rng, n, 0))));
            if (same.Columns[0].PValue < 0.05) ksRejects++;
            if (same.Drifted) alarms++;
            if (DataDrift.Compare(reference, Table(("x", Normal(rng, n, 0.5)))).Drifted) found++;
        }
        double se = Math.Sqrt(0.05 * 0.95 / reps);
        output.WriteLine($"no drift: KS p < 0.05 in {ksRejects}/{reps}, drift decided in {alarms}/{reps}; 0.5 sd shift: drift decided in {found}/{reps}");
        Assert.True(ksRejects / (double)reps <= 0.05 + 2 * se, $"{ksRejects}/{reps}");
        Assert.True(ksRejects > 0); // the test is live: under no drift it does reject sometimes
        Assert.True(alarms <= ksRejects);
        Assert.True(found / (double)reps >= 0.95, $"power {found}/{reps}");
    }

    [Fact]
    public void TrivialShiftInManyRowsIsSignificantButNotDriftAUnitChangeIsDrift()
    {
        var rng = new Random(3);
        var reference = Table(("x", Normal(rng, 200_000, 0)), ("mm", Normal(rng, 200_000, 5, 2)));
        var trivial = Table(("x", Normal(rng, 200_000, 0.03)), ("mm", Normal(rng, 200_000, 5, 2)));
        var report = DataDrift.Compare(reference, trivial);
        var x = report.Columns[0];
        Assert.True(x.AdjustedPValue < 0.05, $"p {x.AdjustedPValue}"); // 0.03 sd in 200,000 rows is significant ...
        Assert.True(x.Psi < 0.01);                                   // ... and tiny
        Assert.False(report.Drifted);
        Assert.StartsWith("No drift", report.Decision);
        var unit = Table(("x", Normal(rng, 2000, 0)), ("mm", Normal(rng, 2000, 5, 2).Select(v => v * 1000).ToArray()));
        var r2 = DataDrift.Compare(reference, unit);
        var mm = Assert.Single(r2.DriftedColumns);
        Assert.Equal("mm", mm.Column);
        Assert.True(mm.OutsideRange > 0.99);
        Assert.StartsWith("Drift in 1 of 2 columns", r2.Decision);
    }

    [Fact]
    public void NewLevelsAndMissingRatesAreReported()
    {
        var r = Dataset.Tabular("r", "r", new DataColumn[] { new CategoricalColumn("site", Enumerable.Range(0, 100).Select(i => i % 2).ToArray(), new[] { "a", "b" }) }, null);
        var n = Dataset.Tabular("n", "n", new DataColumn[] { new CategoricalColumn("site", Enumerable.Range(0, 100).Select(i => i < 10 ? -1 : i % 3).ToArray(), new[] { "a", "b", "c" }) }, null);
        var c = DataDrift.Compare(r, n).Columns[0];
        Assert.Equal(new[] { "c" }, c.NewLevels);
        Assert.Equal(0.10, c.MissingRate, 12);
        Assert.Equal(0, c.ReferenceMissingRate);
        Assert.Equal(2, c.DegreesOfFreedom);
        Assert.True(c.Drifted);
        Assert.Throws<DeepStatsException>(() => DataDrift.Compare(r, Table(("x", new[] { 1.0 }))));
    }
}
