using DeepStats.Core.Data;
using DeepStats.Core.Preprocessing;
using DeepStats.Core.Statistics;
using Xunit;

namespace DeepStats.Core.Tests;

public class FeatureSelectionTests
{
    [Fact]
    public void BenjaminiHochbergMatchesThePapersWorkedExample()
    {
        // Benjamini & Hochberg (1995), section 3.2: 15 p-values; at q = 0.05 the procedure rejects the four smallest.
        var p = new[] { 0.0001, 0.0004, 0.0019, 0.0095, 0.0201, 0.0278, 0.0298, 0.0344, 0.0459, 0.3240, 0.4262, 0.5719, 0.6528, 0.7590, 1.000 };
        var adj = MultipleTesting.BenjaminiHochberg(p);
        Assert.Equal(4, adj.Count(a => a <= 0.05));
        // adjusted p_(i) = min over j >= i of p_(j) 15 / j, worked by hand: 0.0015, 0.003, 0.0095, 0.035625, 0.0603,
        // then 0.0278 * 15/6 = 0.0695 is lowered to p_(7) 15/7 = 0.063857..., p_(8) 15/8 = 0.0645, p_(9) 15/9 = 0.0765, 0.486, ...
        var expected = new[] { 0.0015, 0.003, 0.0095, 0.035625, 0.0603, 0.0298 * 15 / 7, 0.0298 * 15 / 7, 0.0645, 0.0765,
            0.486, 0.4262 * 15 / 11, 0.714875, 0.6528 * 15 / 13, 0.759 * 15 / 14, 1 };
        for (int i = 0; i < p.Length; i++) Assert.Equal(expected[i], adj[i], 12);
        // Bonferroni: min(1, 15 p)
        var bonf = MultipleTesting.Bonferroni(p);
        Assert.Equal(0.0015, bonf[0], 12);
        Assert.Equal(1.0, bonf[10]);
        Assert.Equal(3, bonf.Count(b => b <= 0.05)); // 0.0015, 0.006, 0.0285; then 0.1425
    }

    [Fact]
    public void FRegressionPValueMatchesTheClosedFormTDistribution()
    {
        // x = 1..5, y = 1, 3, 2, 5, 4: Sxy = 8, Sxx = Syy = 10, r = 0.8, F = r² / (1 - r²) (n - 2) = 0.64 / 0.36 * 3 = 16/3.
        // F(1, 3) = t² with 3 df, t = 4 / sqrt 3; the t(3) CDF is 1/2 + (1/pi) (u / (1 + u²) + atan u) with u = t / sqrt 3 = 4/3,
        // so p = 1 - (2/pi) (12/25 + atan(4/3)) = 0.104096... (tables: between 0.10 and 0.05 one-sided pairs, t(3) 0.10 = 2.353).
        var (f, p, n) = FeatureScores.FRegression(new[] { 1.0, 2, 3, 4, 5 }, new[] { 1.0, 3, 2, 5, 4 });
        Assert.Equal(5, n);
        Assert.Equal(16.0 / 3, f, 12);
        Assert.Equal(1 - 2 / Math.PI * (12.0 / 25 + Math.Atan(4.0 / 3)), p, 10);
    }

    private static Dataset ThreeGroups()
    {
        // feature a: groups {1,2,3}, {2,3,4}, {6,7,8}: means 2, 3, 7, grand mean 4; SSB = 3 (4 + 1 + 9) = 42, MSB = 21;
        // SSW = 2 + 2 + 2 = 6 on 6 df, MSW = 1; F = 21. With 2 numerator df, P(F > f) = (1 + 2 f / d2)^(-d2 / 2) = 8^-3 = 1/512.
        var a = new[] { 1.0, 2, 3, 2, 3, 4, 6, 7, 8 };
        var b = new[] { 5.0, 1, 3, 2, 4, 3, 1, 5, 3 }; // weakly related
        var c = Enumerable.Repeat(2.0, 9).ToArray(); // constant: F undefined
        var y = new[] { "p", "p", "p", "q", "q", "q", "r", "r", "r" };
        return Dataset.Tabular("g", "test", new DataColumn[] { new NumericColumn("a", a), new NumericColumn("b", b), new NumericColumn("c", c),
            CategoricalColumn.FromLabels("k", y.Select(s => s == "p" ? "u" : "v").ToArray()) }, CsvDatasetReader.BuildTarget("y", y));
    }

    [Fact]
    public void AnovaFSelectionReportsScoresPValuesAndReasons()
    {
        var data = ThreeGroups();
        var result = PreprocessingPipeline.Fit(data, new SelectFeaturesRecipe { Method = FeatureSelectionMethod.AnovaF, Top = 1 });
        var sel = (FeatureSelection)result.Transforms.Single();
        var a = sel.Report.Single(r => r.Name == "a");
        Assert.Equal(21.0, a.Score, 10);
        Assert.Equal(1.0 / 512, a.PValue!.Value, 12);
        Assert.Equal(1, a.Rank);
        Assert.True(a.Kept);
        var b = sel.Report.Single(r => r.Name == "b");
        Assert.False(b.Kept);
        Assert.Contains("outside the top 1", b.Reason);
        // BH over the two p-values: the smaller is doubled, the larger kept
        Assert.Equal(Math.Min(2 * a.PValue!.Value, b.PValue!.Value), a.AdjustedPValue!.Value, 12);
        var c = sel.Report.Single(r => r.Name == "c");
        Assert.False(c.Kept);
        Assert.Contains("undefined", c.Reason);
        Assert.True(sel.Report.Single(r => r.Name == "k").Kept); // categorical: passed through
        Assert.Equal(new[] { "a", "k" }, result.Columns.Select(col => col.Name));
        // Bonferroni on request
        var bonf = (FeatureSelection)new SelectFeaturesRecipe { Method = FeatureSelectionMethod.AnovaF, Top = 1, Adjustment = PValueAdjustment.Bonferroni }.Fit(data.View());
        Assert.Equal(2.0 / 512, bonf.Report.Single(r => r.Name == "a").AdjustedPValue!.Value, 12);
        // variance threshold: constant column dropped, population variance of a = 48/9 (total sum of squares about 4 = SSB 42 + SSW 6)
        var v = (FeatureSelection)new SelectFeaturesRecipe { Method = FeatureSelectionMethod.Variance }.Fit(data.View());
        Assert.Equal(48.0 / 9, v.Report.Single(r => r.Name == "a").Score, 12);
        Assert.Equal(new[] { "c" }, v.Dropped);
    }

    [Fact]
    public void MutualInformationMatchesHandWorkedKnnEstimates()
    {
        // Ross (2014) estimator, k = 1; class 0 = {0, 1, 7}, class 1 = {3, 4, 9}. Per point: distance d to the nearest point of
        // its class, m = points of any class strictly closer than d (itself included):
        // 0: d 1, m 1; 1: d 1, m 1; 7: d 6, m 4 (3, 4, 7, 9); 3: d 1, m 1; 4: d 1, m 1; 9: d 5, m 2 (7, 9).
        // I = psi(6) + psi(1) - psi(3) - mean psi(m); Euler's gamma cancels: 137/60 - 3/2 - 17/36 = 14/45 nats.
        var x = new[] { 0.0, 1, 7, 3, 4, 9 };
        var l = new[] { 0, 0, 0, 1, 1, 1 };
        Assert.Equal(14.0 / 45, FeatureScores.MutualInformationContinuousDiscrete(x, l, 1), 12);

        // Kraskov et al. (2004) estimator 1, max-norm, k = 2, on A(-3,-1) B(-1,-3.5) C(0,1) D(1.5,3) E(2.5,0.5), divided by the
        // population sds (1.92354, 2.16795) as scikit-learn does; no two distances tie, so the tie-breaking noise changes nothing
        // (scikit-learn gives 1/6 for every random_state). Points strictly within the second-neighbour distance, excluding the
        // point: in x 1, 4, 2, 2, 1; in y 3, 1, 3, 1, 3.
        // I = psi(5) + psi(2) - mean psi(nx + 1) - mean psi(ny + 1) = 25/12 + 1 - 17/12 - 3/2 = 1/6 nats.
        var px = new[] { -3.0, -1, 0, 1.5, 2.5 };
        var py = new[] { -1.0, -3.5, 1, 3, 0.5 };
        Assert.Equal(1.0 / 6, FeatureScores.MutualInformationContinuous(px, py, 2), 12);

        // two discrete variables, plug-in: a = 0,0,1,1, b = 0,0,1,1 -> ln 2
        Assert.Equal(Math.Log(2), FeatureScores.MutualInformationDiscrete(new[] { 0, 0, 1, 1 }, new[] { 0, 0, 1, 1 }), 14);
    }

    [Fact]
    public void MutualInformationSelectionKeepsTheInformativeFeature()
    {
        var rng = new Random(3);
        int n = 300;
        var y = Enumerable.Range(0, n).Select(i => (double)i / n).ToArray();
        var good = y.Select(v => Math.Sin(6 * v) + 0.01 * rng.NextDouble()).ToArray(); // non-monotone: Pearson r misses part of it
        var noise = y.Select(_ => rng.NextDouble()).ToArray();
        var data = Dataset.Tabular("mi", "test", new DataColumn[] { new NumericColumn("noise", noise), new NumericColumn("good", good) }, new TargetColumn("y", y));
        var sel = (FeatureSelection)new SelectFeaturesRecipe { Method = FeatureSelectionMethod.MutualInformation, Top = 1 }.Fit(data.View());
        Assert.Equal(new[] { "good" }, sel.Kept);
        Assert.True(sel.Report.Single(r => r.Name == "good").Score > 1.0);
        Assert.True(sel.Report.Single(r => r.Name == "noise").Score < 0.1);
        Assert.Null(sel.Report[0].PValue);
    }

    [Fact]
    public void SelectionNeedsACriterionAndATarget()
    {
        var data = ThreeGroups();
        Assert.Equal(ErrorIds.FeatureSelectionCriterion, Assert.Throws<DeepStatsException>(() =>
            new SelectFeaturesRecipe { Method = FeatureSelectionMethod.AnovaF }.Fit(data.View())).ErrorId);
        Assert.Equal(ErrorIds.FeatureSelectionNeedsTarget, Assert.Throws<DeepStatsException>(() =>
            new SelectFeaturesRecipe { Method = FeatureSelectionMethod.Correlation, Top = 1 }.Fit(data.View())).ErrorId);
    }
}
