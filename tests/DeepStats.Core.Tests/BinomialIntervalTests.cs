using DeepStats.Core.Evaluation;
using Xunit;

namespace DeepStats.Core.Tests;

public class BinomialIntervalTests
{
    // Newcombe R.G. (1998), "Two-sided confidence intervals for the single proportion: comparison of
    // seven methods", Statistics in Medicine 17:857-872, Table II, method 3 (Wilson score, no
    // continuity correction), given to 4 decimals.
    [Theory]
    [InlineData(81, 263, 0.2553, 0.3662)]
    [InlineData(15, 148, 0.0624, 0.1605)]
    [InlineData(0, 20, 0.0000, 0.1611)]
    [InlineData(1, 29, 0.0061, 0.1718)]
    public void WilsonMatchesNewcombe1998(int successes, int trials, double lower, double upper)
    {
        var ci = BinomialInterval.Wilson(successes, trials, 0.95);
        Assert.Equal(lower, ci.Lower, 4);
        Assert.Equal(upper, ci.Upper, 4);
        Assert.Equal("Wilson", ci.Method);
    }

    [Fact]
    public void AllCorrectGivesUpperBoundOne()
    {
        // x = n: the Wilson interval is [n / (n + z^2), 1]
        var ci = BinomialInterval.Wilson(50, 50, 0.95);
        double z = 1.959963984540054;
        Assert.Equal(50 / (50 + z * z), ci.Lower, 12);
        Assert.Equal(1.0, ci.Upper);   // exactly: a perfect score's interval reaches 1
        Assert.Equal(0.0, BinomialInterval.Wilson(0, 50).Lower);
    }

    [Fact]
    public void HigherConfidenceGivesWiderInterval()
    {
        var a = BinomialInterval.Wilson(40, 100, 0.90);
        var b = BinomialInterval.Wilson(40, 100, 0.99);
        Assert.True(b.Lower < a.Lower && b.Upper > a.Upper);
    }

    [Fact]
    public void ReportCountsAndConfusionMatrixByHand()
    {
        // actual:    0 0 0 1 1 2
        // predicted: 0 0 1 1 2 2  -> correct 4 of 6
        var r = ClassificationReport.From(PredictionSets.Labels(new[] { 0, 0, 0, 1, 1, 2 }, new[] { 0, 0, 1, 1, 2, 2 }, new[] { "a", "b", "c" }));
        Assert.Equal(6, r.Count);
        Assert.Equal(4, r.Correct);
        Assert.Equal(4.0 / 6, r.Accuracy, 12);
        Assert.Equal(2, r.ConfusionMatrix[0, 0]);
        Assert.Equal(1, r.ConfusionMatrix[0, 1]);
        Assert.Equal(1, r.ConfusionMatrix[1, 2]);
        Assert.Equal(1, r.ConfusionMatrix[2, 2]);
        // class b: predicted twice (rows 3 and 4), right once -> precision 1/2; support 2, recall 1/2
        Assert.Equal(0.5, r.PerClass[1].Precision, 12);
        Assert.Equal(0.5, r.PerClass[1].Recall, 12);
        // class c: precision 1/2, recall 1/1
        Assert.Equal(0.5, r.PerClass[2].Precision, 12);
        Assert.Equal(1.0, r.PerClass[2].Recall, 12);
        Assert.Equal(2 * 0.5 * 1.0 / 1.5, r.PerClass[2].F1, 12);
        var wilson = BinomialInterval.Wilson(4, 6);
        Assert.Equal(wilson.Lower, r.AccuracyLower);
    }
}
