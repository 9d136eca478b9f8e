using DeepStats.Core.Evaluation;
using DeepStats.Core.Reporting;
using DeepStats.Core.Statistics;
using Xunit;

namespace DeepStats.Core.Tests;

/// <summary>The numbers behind the charts, against small cases worked by hand.</summary>
public class ReportingMathTests
{
    private static void Near(double[] expected, double[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++) Assert.Equal(expected[i], actual[i], 12);
    }

    [Fact]
    public void RocPointsAndAreaMatchAHandWorkedCase()
    {
        // positives score 0.9, 0.8, 0.6; negatives 0.7, 0.55, 0.4. Pairs with the positive above: 3 + 3 + 2 = 8 of 9.
        var roc = RocCurve.Of("yes", new[] { 0.9, 0.8, 0.7, 0.6, 0.55, 0.4 }, new[] { true, true, false, true, false, false });
        Near(new[] { 0, 0, 0, 1 / 3.0, 1 / 3.0, 2 / 3.0, 1 }, roc.FalsePositiveRate);
        Near(new[] { 0, 1 / 3.0, 2 / 3.0, 2 / 3.0, 1, 1, 1 }, roc.TruePositiveRate);
        Assert.Equal(8 / 9.0, roc.Auc, 12);
        // the curve's area and interval are DeLong's: V10 = {1, 1, 2/3}, V01 = {2/3, 1, 1}; S10 = S01 = (1/81 + 1/81 + 4/81) / 2 = 1/27,
        // Var = S10/3 + S01/3 = 2/81 (exact fractions, by hand), SE = sqrt(2)/9
        double z = 1.959963984540054; // two-sided 95% normal quantile
        Assert.Equal(8 / 9.0 - z * Math.Sqrt(2) / 9, roc.AucLower, 12);
        Assert.Equal(1.0, roc.AucUpper); // 8/9 + 0.31 is clipped at 1
    }

    [Fact]
    public void TiedScoresCountHalfAndMoveTheCurveDiagonally()
    {
        // positives 0.9, 0.5; negatives 0.5, 0.1: 1 + 1 above, one tie = 1/2, so (2 + 1.5) / 4 = 0.875
        var roc = RocCurve.Of("yes", new[] { 0.9, 0.5, 0.5, 0.1 }, new[] { true, true, false, false });
        Assert.Equal(0.875, roc.Auc, 12);
        Near(new[] { 0, 0, 0.5, 1 }, roc.FalsePositiveRate);
        Near(new[] { 0, 0.5, 1, 1 }, roc.TruePositiveRate);
    }

    [Fact]
    public void RocOfOneClassOnlyIsUndefinedNotAnError()
    {
        var roc = RocCurve.Of("yes", new[] { 0.2, 0.4 }, new[] { true, true });
        Assert.True(double.IsNaN(roc.Auc));
        Assert.Empty(roc.FalsePositiveRate);
    }

    [Fact]
    public void PredictionSetOfTwoClassesGivesOneCurveOfTheSecondClass()
    {
        var set = new PredictionSet
        {
            Kind = Data.TargetKind.Classification, Classes = new[] { "no", "yes" }, RowIds = new[] { "1", "2", "3", "4", "5" },
            TruthLabels = new[] { 1, 1, 0, 0, -1 }, PredictedLabels = new[] { 1, 0, 0, 0, 1 },
            Probabilities = new[] { new[] { 0.1f, 0.9f }, new[] { 0.5f, 0.5f }, new[] { 0.5f, 0.5f }, new[] { 0.9f, 0.1f }, new[] { 0f, 1f } },
        };
        var curves = RocCurve.Of(set);
        var c = Assert.Single(curves);
        Assert.Equal("yes", c.Class);
        Assert.Equal((2, 2), (c.Positives, c.Negatives)); // the row without a truth is left out
        Assert.Equal(0.875, c.Auc, 12); // the same ranks as the tie case above
    }

    [Fact]
    public void CalibrationBinsAndExpectedCalibrationErrorMatchAHandWorkedCase()
    {
        var curve = CalibrationCurve.Of("event", new[] { 0.05, 0.15, 0.12, 0.95, 0.91, 1.0 }, new[] { false, false, true, true, true, false });
        Assert.Equal(3, curve.Bins.Count); // bins 0, 1 and 9; p = 1 falls in the last bin
        var (b0, b1, b9) = (curve.Bins[0], curve.Bins[1], curve.Bins[2]);
        Assert.Equal((0.0, 0.1, 1), (b0.From, b0.To, b0.Count));
        Assert.Equal((0.1, 0.2, 2), (b1.From, b1.To, b1.Count));
        Assert.Equal((0.9, 1.0, 3), (b9.From, b9.To, b9.Count));
        Assert.Equal(0.135, b1.MeanPredicted, 12);
        Assert.Equal(0.5, b1.Observed, 12);
        Assert.Equal(2.86 / 3, b9.MeanPredicted, 12);
        Assert.Equal(2 / 3.0, b9.Observed, 12);
        var w = BinomialInterval.Wilson(2, 3);
        Assert.Equal((w.Lower, w.Upper), (b9.ObservedLower, b9.ObservedUpper));
        // ECE = 1/6 * 0.05 + 2/6 * 0.365 + 3/6 * (2.86/3 - 2/3) = 1/120 + 73/600 + 43/300 = 164/600
        Assert.Equal(164 / 600.0, curve.ExpectedCalibrationError, 12);
    }

    [Fact]
    public void CalibrationBinsAreOpenBelowAndClosedAbove()
    {
        // bins ((b-1)/10, b/10] (Guo et al. 2017): 0 and 0.1 in the first, 0.25 in (0.2, 0.3], 0.5 in (0.4, 0.5], 0.55 in (0.5, 0.6]
        var curve = CalibrationCurve.Of("event", new[] { 0.0, 0.1, 0.25, 0.5, 0.55 }, new[] { false, true, false, true, true });
        Assert.Equal(new[] { (0.0, 2), (0.2, 1), (0.4, 1), (0.5, 1) }, curve.Bins.Select(b => (b.From, b.Count)));
    }

    [Fact]
    public void HistogramBinsFollowFreedmanDiaconisThenSturges()
    {
        // 1..8: IQR (type 7) = 6.25 - 2.75 = 3.5, width 2 * 3.5 / 8^(1/3) = 3.5, so ceil(7 / 3.5) = 2 bins
        var h = HistogramBins.Of("x", new[] { 1.0, 2, 3, 4, 5, 6, 7, 8, double.NaN });
        Assert.Equal(new[] { 1, 4.5, 8 }, h.Edges);
        Assert.Equal(new[] { 4, 4 }, h.Counts);
        Assert.Equal(1, h.Missing);
        // IQR 0: Sturges, ceil(log2 8) + 1 = 4 bins; the maximum belongs to the last
        var s = HistogramBins.Of("x", new[] { 0.0, 0, 0, 0, 0, 0, 0, 1 });
        Assert.Equal(new[] { 0, 0.25, 0.5, 0.75, 1 }, s.Edges);
        Assert.Equal(new[] { 7, 0, 0, 1 }, s.Counts);
        var c = HistogramBins.Of("x", new[] { 3.0, 3, 3 });
        Assert.Equal(new[] { 2.5, 3.5 }, c.Edges);
        Assert.Equal(new[] { 3 }, c.Counts);
    }

    [Fact]
    public void SparklineMapsTheRangeOntoEightBlocks()
    {
        // (v - 1) / 3 * 7 = 7, 4.67, 2.33, 0 -> blocks 8, 6, 3, 1
        Assert.Equal("█▆▃▁", Sparkline.Of(new[] { 4.0, 3, 2, 1 }));
        Assert.Equal("▁▁", Sparkline.Of(new[] { 2.0, 2 }));
        Assert.Equal("▁ █", Sparkline.Of(new[] { 1.0, double.NaN, 2 }));
        Assert.Equal("▁█", Sparkline.Of(new[] { 1.0, 1, 3, 3 }, width: 2)); // groups of two averaged
        // 0.5 -> (0.5 - 0.1) / 0.8 * 7 = 3.5, rounded half away from zero to block 5
        Assert.Equal("Validation loss █▁▅ 0.9 -> 0.5 (lowest 0.1 at epoch 2 of 3)", Sparkline.Describe("Validation loss", new[] { 0.9, 0.1, 0.5 }));
        Assert.Null(Sparkline.Describe("x", new[] { double.NaN }));
    }

    [Fact]
    public void CorrelationPairsBecomeOneSymmetricMatrixPerMethod()
    {
        var pairs = new[]
        {
            new CorrelationPair("Pearson", "a", "b", 10, 0.5, 0.1), new CorrelationPair("Pearson", "a", "c", 10, -0.2, 0.5),
            new CorrelationPair("Pearson", "b", "c", 9, 0.9, 0.001), new CorrelationPair("Spearman", "a", "b", 10, 0.4, 0.2),
        };
        var ms = ChartRequest.FromPairs(pairs);
        Assert.Equal(new[] { "Pearson", "Spearman" }, ms.Select(m => m.Method));
        var p = ms[0];
        Assert.Equal(new[] { "a", "b", "c" }, p.Columns);
        Assert.Equal((1.0, 0.5, 0.5, 0.9, 0.9), (p.R[0, 0], p.R[0, 1], p.R[1, 0], p.R[1, 2], p.R[2, 1]));
        Assert.Equal(9, p.Count[2, 1]);
        Assert.Equal(new[] { "a", "b" }, ms[1].Columns);
    }

    [Theory]
    [InlineData(78310.4, "78,310")]
    [InlineData(289.44, "289.4")]
    [InlineData(0.061754, "0.06175")]
    [InlineData(1.0, "1")]
    [InlineData(-0.65124, "-0.6512")]
    [InlineData(0.000012, "1.2E-05")]
    [InlineData(double.NaN, "n/a")]
    public void NumbersKeepFourSignificantDigitsWithoutAnExponentInTheEverydayRange(double v, string text) =>
        Assert.Equal(text, NumberText.Of(v));

    [Fact]
    public void AnImageDatasetIsDrawnAsItsPixelValuesAndItsClasses()
    {
        var pixels = new float[] { 0, 0.5f, 1, 0.25f, 0, 0, 1, 1 }; // two 1x2x2 images
        var data = Data.Dataset.FromImages("img", "test", new Data.ImageBlock(pixels, 2, 1, 2, 2),
            new Data.TargetColumn("label", new[] { 1, 1 }, new[] { "cat", "dog" }));
        var cols = ColumnValues.Of(data);
        Assert.Equal(new[] { ColumnValues.PixelColumn, "label" }, cols.Select(c => c.Name));
        Assert.Equal(pixels.Select(p => (double)p), cols[0].Numbers!);
        Assert.Equal(new[] { ("cat", 0), ("dog", 2) }, cols[1].Levels!);
        var e = Assert.Throws<DeepStatsException>(() => ColumnValues.Of(data, new[] { "height" }));
        Assert.Equal(ErrorIds.ChartNotApplicable, e.ErrorId);
    }
}
