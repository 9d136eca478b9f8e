using DeepStats.Core.Data;
using DeepStats.Core.Evaluation;
using Xunit;

namespace DeepStats.Core.Tests;

public class ModelComparerTests
{
    [Theory]
    // Binomial(b + c, 1/2) tails by hand: b=1, c=9: P(X<=1) = (1 + 10)/1024, doubled = 22/1024
    [InlineData(1, 9, 22.0 / 1024)]
    // b=0, c=5: 2 * 1/32
    [InlineData(0, 5, 1.0 / 16)]
    // b=c=3: 2 * (1 + 6 + 15 + 20)/64 > 1, capped at 1
    [InlineData(3, 3, 1.0)]
    // b=2, c=12: 2 * (1 + 14 + 91)/16384
    [InlineData(2, 12, 212.0 / 16384)]
    [InlineData(0, 0, 1.0)]
    public void ExactMcNemarIsTheDoubledBinomialTail(int b, int c, double expected) =>
        Assert.Equal(expected, ModelComparer.McNemarExactP(b, c), 12);

    [Fact]
    public void PairedIntervalIsAgrestiMin()
    {
        // b=1, c=9, n=50 -> cells +1/2: b'=1.5, c'=9.5, n'=52; d = 8/52; se = sqrt(11 - 64/52)/52 = 0.0601072...
        var (lo, hi) = ModelComparer.PairedDifferenceInterval(1, 9, 50, 0.95);
        Assert.Equal(0.036038113542638986, lo, 12);
        Assert.Equal(0.27165419414966874, hi, 12);
    }

    private static PredictionSet Set(int[] truth, int[] predicted) => new()
    {
        Kind = TargetKind.Classification,
        Classes = new[] { "n", "y" },
        RowIds = truth.Select((_, i) => (i + 1).ToString()).ToArray(),
        TruthLabels = truth,
        PredictedLabels = predicted,
        Probabilities = predicted.Select(p => p == 1 ? new[] { 0f, 1f } : new[] { 1f, 0f }).ToArray(),
    };

    [Fact]
    public void ClassifiersAreComparedOnTheirDiscordantRows()
    {
        // 50 rows, all truth 1. Reference right on rows 0-39; new right on rows 0-38 (loses row 39) and 40-48 (wins 9): b = 1, c = 9.
        var truth = Enumerable.Repeat(1, 50).ToArray();
        var refPred = Enumerable.Range(0, 50).Select(i => i < 40 ? 1 : 0).ToArray();
        var newPred = Enumerable.Range(0, 50).Select(i => i < 39 || (i >= 40 && i < 49) ? 1 : 0).ToArray();
        var cmp = ModelComparer.Compare(Set(truth, refPred), Set(truth, newPred));
        Assert.Equal((1, 9), (cmp.ReferenceOnlyCorrect, cmp.DifferenceOnlyCorrect));
        Assert.Equal(22.0 / 1024, cmp.PValue, 12);
        Assert.Equal(ComparisonDecision.Better, cmp.Decision);
        Assert.Equal(0.8, cmp.ReferenceValue, 12);
        Assert.Equal(0.96, cmp.DifferenceValue, 12);
        Assert.Equal(8.0 / 50, cmp.Difference, 12);
        Assert.Contains("discordant", cmp.Explanation);
        // the other way round it is significantly worse; at alpha 0.01 it is not significant
        Assert.Equal(ComparisonDecision.Worse, ModelComparer.Compare(Set(truth, newPred), Set(truth, refPred)).Decision);
        Assert.Equal(ComparisonDecision.NoSignificantDifference, ModelComparer.Compare(Set(truth, refPred), Set(truth, newPred), alpha: 0.01).Decision);
    }

    [Fact]
    public void RegressorsGetAPairedTOnSquaredErrors()
    {
        // errors: reference 1, -1, 2, 0; new 0.5, -0.5, 1, 0 -> d = e_new^2 - e_ref^2 = -0.75, -0.75, -3, 0; mean -1.125,
        // sample variance 5.0625/3 = 1.6875, se = sqrt(1.6875/4), t = -1.125/0.6495 = -sqrt(3). With 3 df the t CDF is
        // 1/2 + (theta + sin(theta)cos(theta))/pi with theta = atan(t/sqrt(3)) = pi/4, so p = 2(1/4 - 1/(2 pi)) = 0.181690...
        var y = new[] { 10.0, 20, 30, 40 };
        PredictionSet Reg(double[] e) => new()
        {
            Kind = TargetKind.Regression,
            RowIds = new[] { "1", "2", "3", "4" },
            TruthValues = y,
            PredictedValues = y.Select((v, i) => v + e[i]).ToArray(),
        };
        var cmp = ModelComparer.Compare(Reg(new[] { 1.0, -1, 2, 0 }), Reg(new[] { 0.5, -0.5, 1, 0 }));
        Assert.Equal(-1.125, cmp.Difference, 12);
        Assert.Equal(-Math.Sqrt(3), cmp.Statistic, 10);
        Assert.Equal(3, cmp.DegreesOfFreedom);
        Assert.Equal(0.18169011381620925, cmp.PValue, 9);
        Assert.Equal(ComparisonDecision.NoSignificantDifference, cmp.Decision);
        Assert.False(cmp.HigherIsBetter);
        Assert.Equal((6.0 / 4, 1.5 / 4), (cmp.ReferenceValue, cmp.DifferenceValue));
    }
}
