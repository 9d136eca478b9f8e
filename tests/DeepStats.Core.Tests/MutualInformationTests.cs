using System.Globalization;
using DeepStats.Core.Data;
using DeepStats.Core.Preprocessing;
using DeepStats.Core.Statistics;
using Xunit;

namespace DeepStats.Core.Tests;

/// <summary>
/// Mutual information on tied data against scikit-learn 1.2.1 (Debian's python3-sklearn, run by hand with /usr/bin/python3),
/// whose mutual_info_classif / mutual_info_regression scale continuous variables to unit variance and add
/// 1e-10 · max(1, mean |x|) · N(0, 1) noise. The noise is random, so scikit-learn's values are means over random_state 0..19
/// and ours means over seeds 0..19; the two generators differ, the estimators must agree within 0.05 nats.
/// </summary>
public class MutualInformationTests
{
    // sklearn/datasets/data/iris.csv: petal width (cm) and the species code, 150 rows.
    private const string IrisPetalWidth =
        "0.2,0.2,0.2,0.2,0.2,0.4,0.3,0.2,0.2,0.1,0.2,0.2,0.1,0.1,0.2,0.4,0.4,0.3,0.3,0.3,0.2,0.4,0.2,0.5,0.2,0.2,0.4," +
        "0.2,0.2,0.2,0.2,0.4,0.1,0.2,0.2,0.2,0.2,0.1,0.2,0.2,0.3,0.3,0.2,0.6,0.4,0.3,0.2,0.2,0.2,0.2,1.4,1.5,1.5,1.3," +
        "1.5,1.3,1.6,1.0,1.3,1.4,1.0,1.5,1.0,1.4,1.3,1.4,1.5,1.0,1.5,1.1,1.8,1.3,1.5,1.2,1.3,1.4,1.4,1.7,1.5,1.0,1.1," +
        "1.0,1.2,1.6,1.5,1.6,1.5,1.3,1.3,1.3,1.2,1.4,1.2,1.0,1.3,1.2,1.3,1.3,1.1,1.3,2.5,1.9,2.1,1.8,2.2,2.1,1.7,1.8," +
        "1.8,2.5,2.0,1.9,2.1,2.0,2.4,2.3,1.8,2.2,2.3,1.5,2.3,2.0,2.0,1.8,2.1,1.8,1.8,1.8,2.1,1.6,1.9,2.0,2.2,1.5,1.4," +
        "2.3,2.4,1.8,1.8,2.1,2.4,2.3,1.9,2.3,2.5,2.3,1.9,2.0,2.3,1.8";
    private const string IrisSpecies =
        "0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,1,1,1,1,1," +
        "1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,2,2,2,2,2,2,2,2,2,2," +
        "2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2";

    private static double MeanOverSeeds(Func<int, double> score) => Enumerable.Range(0, 20).Average(score);

    [Fact]
    public void IrisPetalWidthIsNotZero()
    {
        // np.mean([mutual_info_classif(X, y, random_state=r) for r in range(20)], 0)[3] = 0.9859718505340387 (sd 0.008 over seeds);
        // the plug-in MI of the 22 tied values with the species is 0.9952885384500015 (mutual_info_score). Before issue 17: 0.
        var x = IrisPetalWidth.Split(',').Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray();
        var y = IrisSpecies.Split(',').Select(int.Parse).ToArray();
        Assert.InRange(MeanOverSeeds(s => FeatureScores.MutualInformationContinuousDiscrete(x, y, 3, s)), 0.9859718505340387 - 0.05, 0.9859718505340387 + 0.05);
        Assert.InRange(FeatureScores.MutualInformationContinuousDiscrete(x, y), 0.9859718505340387 - 0.05, 0.9859718505340387 + 0.05);
    }

    /// <summary>
    /// A digits-like table of whole numbers, generated identically in Python and here by Knuth's MMIX LCG (state · 6364136223846793005
    /// + 1442695040888963407 mod 2^64, draw = state &gt;&gt; 33, seed 17), 300 rows, class i mod 3: columns 0 and 7 constant 0 (blank
    /// pixels), 1-4 min(16, max(0, 4c + j + r mod 7 - 3)) (informative, heavily tied), 5 mostly 0 (r mod 17 when r mod 20 = 0),
    /// 6 two-valued and informative (1 when r mod 10 &lt; 3 + 4 [c = 1]), 8 two-valued and uninformative (r mod 2, drawn after the
    /// others); the numeric target 5c + r mod 4 is drawn last. Column sums total 8236, the target's 1935 (checked in Python too).
    /// </summary>
    private static (double[][] Columns, int[] Classes, double[] Target) Tied()
    {
        ulong state = 17;
        long Next() { state = unchecked(state * 6364136223846793005UL + 1442695040888963407UL); return (long)(state >> 33); }
        int n = 300;
        var cls = Enumerable.Range(0, n).Select(i => i % 3).ToArray();
        var cols = new double[9][];
        for (int j = 0; j < 8; j++)
        {
            cols[j] = new double[n];
            for (int i = 0; i < n; i++)
            {
                int c = cls[i];
                long r = Next();
                cols[j][i] = j is 0 or 7 ? 0 : j <= 4 ? Math.Min(16, Math.Max(0, 4 * c + j + r % 7 - 3))
                    : j == 5 ? (r % 20 == 0 ? r % 17 : 0) : (r % 10 < 3 + 4 * (c == 1 ? 1 : 0) ? 1 : 0);
            }
        }
        cols[8] = new double[n];
        for (int i = 0; i < n; i++) cols[8][i] = Next() % 2;
        var y = new double[n];
        for (int i = 0; i < n; i++) y[i] = 5 * cls[i] + Next() % 4;
        Assert.Equal(8236, cols.Sum(c => c.Sum()));
        Assert.Equal(1935, y.Sum());
        return (cols, cls, y);
    }

    // np.mean([mutual_info_classif(X, cls, random_state=r) for r in range(20)], 0) and the same with mutual_info_regression(X, y, ...)
    private static readonly double[] SklearnClassif = { 0.010210704596280307, 0.6700457625364644, 0.7162537509840619, 0.7268105914403608, 0.6980931961042152, 0.014260854109003874, 0.056921451354887485, 0.005228715308747234, 0.011621994379120038 };
    private static readonly double[] SklearnRegression = { 0.022708699568879477, 0.6658836415568727, 0.7141508627668296, 0.7059162078234388, 0.6956079099635809, 0.017551682868234986, 0.07230450575513248, 0.016745487136042726, 0.022191898610545668 };

    [Fact]
    public void TiedColumnsAgreeWithScikitLearnAveragedOverSeeds()
    {
        // Before issue 17 (no noise): classif 0 for every column; regression 0.166, 0.275, 0.370, 0.358 for the informative ones.
        var (cols, cls, y) = Tied();
        for (int j = 0; j < cols.Length; j++)
        {
            var col = cols[j];
            double c = MeanOverSeeds(s => FeatureScores.MutualInformationContinuousDiscrete(col, cls, 3, s));
            double r = MeanOverSeeds(s => FeatureScores.MutualInformationContinuous(col, y, 3, s));
            Assert.True(Math.Abs(c - SklearnClassif[j]) <= 0.05, $"column {j}, class target: {c:F4} vs scikit-learn {SklearnClassif[j]:F4}");
            Assert.True(Math.Abs(r - SklearnRegression[j]) <= 0.05, $"column {j}, numeric target: {r:F4} vs scikit-learn {SklearnRegression[j]:F4}");
        }
        // the informative two-valued column (scikit-learn 0.057 / 0.072) is not scored 0 on average; the constant ones are exactly 0
        Assert.True(MeanOverSeeds(s => FeatureScores.MutualInformationContinuousDiscrete(cols[6], cls, 3, s)) > 0.02);
        Assert.Equal(0, FeatureScores.MutualInformationContinuousDiscrete(cols[0], cls));
        Assert.Equal(0, FeatureScores.MutualInformationContinuous(cols[7], y));
    }

    // sklearn's diabetes table, column 2 (sex, two values 1 and 2), one digit per row; the target is TailProbabilityTests.DiabetesTarget.
    private const string DiabetesSex =
        "21211122211212121211121212111211211211222121221122121111111212212222211122222111121111212111111121211212121122" +
        "21121221211122121211212211112121212121221122221211121211212121222121112122122111122212121112222121121111122111" +
        "21211222122121121121222221111112112112211122222121221212112222112111222111221122121122221211121121111122112112" +
        "22122112111221122212222122221211222122211221121221121222112221211121121121121112211121111112222122211211111222" +
        "11";

    [Fact]
    public void TwoValuedColumnAgainstANumericTargetIsNotInflated()
    {
        // np.mean([mutual_info_regression(X, y, random_state=r) for r in range(20)], 0)[1] = 0.02977096334779685 (sd 0.010)
        // on the raw diabetes table. Before issue 17 (no noise, the 2 tied values): 0.3098.
        var sex = DiabetesSex.Select(c => (double)(c - '0')).ToArray();
        var y = TailProbabilityTests.Parse(TailProbabilityTests.DiabetesTarget);
        Assert.Equal(442, sex.Length);
        Assert.InRange(MeanOverSeeds(s => FeatureScores.MutualInformationContinuous(sex, y, 3, s)), 0.02977096334779685 - 0.05, 0.02977096334779685 + 0.05);
        Assert.InRange(FeatureScores.MutualInformationContinuous(sex, y), 0, 0.1);
    }

    [Fact]
    public void SameSeedSameScoresOtherSeedOtherNoise()
    {
        var (cols, cls, y) = Tied();
        Assert.Equal(FeatureScores.MutualInformationContinuousDiscrete(cols[6], cls, 3, 7), FeatureScores.MutualInformationContinuousDiscrete(cols[6], cls, 3, 7));
        Assert.Equal(FeatureScores.MutualInformationContinuous(cols[2], y, 3, 7), FeatureScores.MutualInformationContinuous(cols[2], y, 3, 7));
        var scores = Enumerable.Range(0, 5).Select(s => FeatureScores.MutualInformationContinuous(cols[2], y, 3, s)).Distinct().Count();
        Assert.True(scores > 1, "the seed does not reach the noise");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void TopThreeNeverKeepsAConstantColumn(bool numericTarget)
    {
        // Before issue 17 every column of a class target scored 0 and -Top 3 kept the first three: a constant column among them.
        var (cols, cls, y) = Tied();
        var columns = cols.Select((c, j) => (DataColumn)new NumericColumn("c" + j, c)).ToArray();
        var target = numericTarget ? new TargetColumn("y", y) : new TargetColumn("y", cls, new[] { "k0", "k1", "k2" });
        var data = Dataset.Tabular("tied", "test", columns, target);
        foreach (int seed in new[] { 0, 1, 2 })
        {
            var sel = (FeatureSelection)new SelectFeaturesRecipe { Method = FeatureSelectionMethod.MutualInformation, Top = 3, Seed = seed }.Fit(data.View());
            Assert.Equal(3, sel.Kept.Count);
            Assert.All(sel.Kept, k => Assert.Contains(k, new[] { "c1", "c2", "c3", "c4" }));
            Assert.Equal(0, sel.Report.Single(r => r.Name == "c0").Score);
        }
    }

    [Fact]
    public void UntiedDataMatchScikitLearnExactly()
    {
        // No ties: scikit-learn's noise changes nothing, the same value for every random_state. Knuth LCG seed 5, u = draw / 2^31,
        // then e (500 draws each: all of u first); y = sin(6u) + 0.3e; classes floor(3u + 0.5e) (counts 134, 159, 163, 44).
        // mutual_info_regression(u, y) = 1.8140631684395983, mutual_info_classif(u, classes) = 1.0297003781798775.
        ulong state = 5;
        double Next() { state = unchecked(state * 6364136223846793005UL + 1442695040888963407UL); return (state >> 33) / 2147483648.0; }
        int n = 500;
        var u = new double[n];
        var e = new double[n];
        for (int i = 0; i < n; i++) u[i] = Next();
        for (int i = 0; i < n; i++) e[i] = Next();
        var y = u.Select((v, i) => Math.Sin(6 * v) + 0.3 * e[i]).ToArray();
        var cls = u.Select((v, i) => (int)Math.Floor(3 * v + 0.5 * e[i])).ToArray();
        Assert.Equal(1.8140631684395983, FeatureScores.MutualInformationContinuous(u, y), 9);
        Assert.Equal(1.0297003781798775, FeatureScores.MutualInformationContinuousDiscrete(u, cls), 9);
    }

    [Fact]
    public void AMissingRowDoesNotShiftTheOtherRowsNoise()
    {
        // Jitter: row i gets the i-th draw of the stream, whichever rows are left out; the draw is recovered as
        // (jittered - x / sd) / (1e-10 max(1, mean |x / sd|)).
        var x = Tied().Columns[2];
        double[] Draws(int[] rows)
        {
            var v = rows.Select(i => x[i]).ToArray();
            double mean = v.Average(), sd = Math.Sqrt(v.Select(t => (t - mean) * (t - mean)).Average());
            double scale = 1e-10 * Math.Max(1, v.Average(t => Math.Abs(t / sd)));
            var j = FeatureScores.Jitter(x, rows, 3, 0);
            return rows.Select((i, r) => (j[r] - x[i] / sd) / scale).ToArray();
        }
        var all = Draws(Enumerable.Range(0, 300).ToArray());
        var without5 = Draws(Enumerable.Range(0, 300).Where(i => i != 5).ToArray());
        for (int i = 6; i < 300; i++) Assert.Equal(all[i], without5[i - 1], 1e-3);
        Assert.True(all.Select(Math.Abs).Average() > 0.5); // standard normal draws, not zeros
    }

    [Fact]
    public void KsgNeighboursOnHeavilyTiedDataEqualABruteForceSearch()
    {
        // 400 points, x in {0, 1, 2}, y = x + {0..3}: the k-d tree's k-th max-norm neighbour against comparing every pair.
        var rng = new Random(1);
        int m = 400, k = 3, seed = 4;
        var xs = Enumerable.Range(0, m).Select(_ => (double)rng.Next(3)).ToArray();
        var ys = Enumerable.Range(0, m).Select(i => xs[i] + rng.Next(4)).ToArray();
        var rows = Enumerable.Range(0, m).ToArray();
        var jx = FeatureScores.Jitter(xs, rows, seed, 0);
        var jy = FeatureScores.Jitter(ys, rows, seed, 1);
        double sumX = 0, sumY = 0;
        for (int i = 0; i < m; i++)
        {
            double d = Enumerable.Range(0, m).Where(j => j != i).Select(j => Math.Max(Math.Abs(jx[i] - jx[j]), Math.Abs(jy[i] - jy[j]))).Order().ElementAt(k - 1);
            double r = Math.BitDecrement(d);
            sumX += MathNet.Numerics.SpecialFunctions.DiGamma(jx.Count(v => Math.Abs(jx[i] - v) <= r));
            sumY += MathNet.Numerics.SpecialFunctions.DiGamma(jy.Count(v => Math.Abs(jy[i] - v) <= r));
        }
        double brute = Math.Max(0, MathNet.Numerics.SpecialFunctions.DiGamma(m) + MathNet.Numerics.SpecialFunctions.DiGamma(k) - sumX / m - sumY / m);
        Assert.True(brute > 0.1);
        Assert.Equal(brute, FeatureScores.MutualInformationContinuous(xs, ys, k, seed), 12);
    }
}
