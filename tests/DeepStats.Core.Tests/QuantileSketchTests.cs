using DeepStats.Core.Statistics;
using Xunit;
using Xunit.Abstractions;

namespace DeepStats.Core.Tests;

public class QuantileSketchTests(ITestOutputHelper output)
{
    private static double[] Draw(string distribution, int n, int seed)
    {
        var rng = new Random(seed);
        var v = new double[n];
        for (int i = 0; i < n; i++)
        {
            double u = rng.NextDouble();
            v[i] = distribution switch
            {
                "uniform" => u,
                "exponential" => -Math.Log(1 - u),
                "normal" => Math.Sqrt(-2 * Math.Log(1 - u)) * Math.Cos(2 * Math.PI * rng.NextDouble()),
                "sorted" => i, // adversarial order for a stream: ascending
                "ties" => Math.Floor(u * 10), // ten distinct values
                _ => throw new ArgumentException(distribution),
            };
        }
        return v;
    }

    /// <summary>Exact share of values &lt;= x in ascending <paramref name="sorted"/>.</summary>
    private static double ExactRank(double[] sorted, double x)
    {
        int lo = 0, hi = sorted.Length;
        while (lo < hi) { int mid = (lo + hi) >>> 1; if (sorted[mid] <= x) lo = mid + 1; else hi = mid; }
        return (double)lo / sorted.Length;
    }

    [Fact]
    public void StatedRankErrorHoldsAgainstExactRanks()
    {
        // 20 seeds x 4 distributions x 99 percentiles: the estimated rank of every sketch quantile q_p against
        // the exact share of values <= q_p. The bound is per query at 99%, so at most ~1% of queries may exceed it
        // (allow 2%), and none by more than twice.
        const int n = 50_000, k = QuantileSketch.DefaultK;
        double eps = QuantileSketch.RankError(k);
        Assert.InRange(eps, 0.0132, 0.0134); // 2.296 / 200^0.9723
        var ps = Enumerable.Range(1, 99).Select(i => i / 100.0).ToArray();
        int queries = 0, over = 0;
        double worst = 0;
        foreach (var dist in new[] { "uniform", "exponential", "normal", "sorted" })
            for (int seed = 1; seed <= 20; seed++)
            {
                var values = Draw(dist, n, seed);
                var sketch = new QuantileSketch(k, seed);
                sketch.AddRange(values);
                Assert.False(sketch.IsExact);
                Assert.True(sketch.RetainedCount < 3 * k + 64, $"retained {sketch.RetainedCount}");
                var sorted = (double[])values.Clone();
                Array.Sort(sorted);
                var qs = sketch.GetQuantiles(ps);
                for (int i = 0; i < ps.Length; i++)
                {
                    // the true rank of the returned value brackets p: [share < q, share <= q]
                    double below = ExactRank(sorted, Math.BitDecrement(qs[i])), atOrBelow = ExactRank(sorted, qs[i]);
                    double err = ps[i] < below ? below - ps[i] : ps[i] > atOrBelow ? ps[i] - atOrBelow : 0;
                    double rankErr = Math.Abs(sketch.Rank(qs[i]) - atOrBelow);
                    err = Math.Max(err, rankErr);
                    queries++;
                    if (err > eps) over++;
                    worst = Math.Max(worst, err);
                }
            }
        output.WriteLine($"k {k}: stated 99% bound {eps:P3}; {over} of {queries} queries over it; worst {worst:P3}");
        Assert.True(over <= 0.02 * queries, $"{over} of {queries} over the bound");
        Assert.True(worst <= 2 * eps, $"worst {worst:P3}");
    }

    [Fact]
    public void ExactWhileNothingIsCompacted()
    {
        // 1..100 shuffled, k = 200: the sketch holds every value; type 1 quantile of 1..100 at p is ceil(100 p).
        var values = Enumerable.Range(1, 100).Select(i => (double)i).OrderBy(i => (i * 37) % 101).ToArray();
        var s = new QuantileSketch(200, 3);
        s.AddRange(values);
        Assert.True(s.IsExact);
        Assert.Equal(0, s.NormalizedRankError);
        Assert.Equal(50.0, s.Quantile(0.5));
        Assert.Equal(26.0, s.Quantile(0.255));
        Assert.Equal(1.0, s.Quantile(0));
        Assert.Equal(100.0, s.Quantile(1));
        Assert.Equal(0.37, s.Rank(37.5), 15);
        Assert.Equal(0.0, s.Rank(0.5));
    }

    [Fact]
    public void SameSeedSameSketchAndMissingValuesAreCounted()
    {
        var values = Draw("normal", 20_000, 7);
        values[5] = double.NaN; values[17] = double.NaN;
        var a = new QuantileSketch(64, 11); a.AddRange(values);
        var b = new QuantileSketch(64, 11); b.AddRange(values);
        var c = new QuantileSketch(64, 12); c.AddRange(values);
        Assert.Equal(2, a.MissingCount);
        Assert.Equal(19_998, a.Count);
        var ps = new[] { 0.1, 0.5, 0.9 };
        Assert.Equal(a.GetQuantiles(ps), b.GetQuantiles(ps));
        Assert.Equal(a.Levels.SelectMany(l => l), b.Levels.SelectMany(l => l));
        Assert.NotEqual(a.Levels.SelectMany(l => l), c.Levels.SelectMany(l => l)); // the seed drives the coins
        Assert.Equal(values.Where(v => !double.IsNaN(v)).Min(), a.Min);
        Assert.Equal(values.Where(v => !double.IsNaN(v)).Max(), a.Max);
    }

    [Fact]
    public void MergedSketchesKeepTheBoundOfTheWhole()
    {
        // four shards of a stream with shifted halves, merged: ranks against the exact ranks of the concatenation.
        const int k = 200;
        var shards = Enumerable.Range(0, 4).Select(i => Draw(i % 2 == 0 ? "normal" : "exponential", 30_000, 100 + i)).ToArray();
        var merged = new QuantileSketch(k, 1);
        foreach (var shard in shards) { var s = new QuantileSketch(k, 1); s.AddRange(shard); merged.Merge(s); }
        var all = shards.SelectMany(s => s).ToArray();
        Array.Sort(all);
        Assert.Equal(all.Length, merged.Count);
        Assert.Equal(all[0], merged.Min);
        Assert.Equal(all[^1], merged.Max);
        Assert.True(merged.RetainedCount < 3 * k + 64);
        double eps = QuantileSketch.RankError(k), worst = 0;
        foreach (double x in new[] { -1.5, -0.5, 0.0, 0.3, 0.8, 1.5, 2.5, 4.0 })
            worst = Math.Max(worst, Math.Abs(merged.Rank(x) - ExactRank(all, x)));
        output.WriteLine($"merged: worst rank error {worst:P3} (bound {eps:P3})");
        Assert.True(worst <= eps, $"worst {worst:P3}");
        Assert.Throws<ArgumentException>(() => merged.Merge(new QuantileSketch(100)));
    }

    [Fact]
    public void TiesAreRankedAsTheirShare()
    {
        // ten values 0..9 with equal probability: every share <= j is (j + 1) / 10 within the bound.
        var values = Draw("ties", 100_000, 5);
        var s = new QuantileSketch(200, 5);
        s.AddRange(values);
        var sorted = (double[])values.Clone(); Array.Sort(sorted);
        for (int j = 0; j < 10; j++) Assert.InRange(s.Rank(j) - ExactRank(sorted, j), -QuantileSketch.RankError(200), QuantileSketch.RankError(200));
        Assert.Equal(9.0, s.Quantile(1));
        Assert.Equal(0.0, s.Quantile(0));
    }

    [Fact]
    public void PersistedPartsRebuildTheSameSketch()
    {
        var values = Draw("exponential", 10_000, 9);
        var a = new QuantileSketch(50, 4); a.AddRange(values.AsSpan(0, 6000));
        var b = QuantileSketch.FromLevels(a.K, a.Count, a.MissingCount, a.Min, a.Max, a.Levels, a.CoinState);
        a.AddRange(values.AsSpan(6000)); b.AddRange(values.AsSpan(6000));
        var ps = new[] { 0.05, 0.25, 0.5, 0.75, 0.95 };
        Assert.Equal(a.GetQuantiles(ps), b.GetQuantiles(ps)); // same coins after the round trip
        Assert.Throws<ArgumentException>(() => QuantileSketch.FromLevels(50, 5, 0, 0, 1, new[] { new[] { 0.5, 2.0 } }, 0)); // item above max
        Assert.Throws<ArgumentException>(() => QuantileSketch.FromLevels(50, 500, 0, 0, 1, new[] { new[] { 0.5 } }, 0)); // weights do not add up
    }
}
