using System.Xml.Linq;
using DeepStats.Core.Evaluation;
using DeepStats.Core.Reporting;
using DeepStats.Core.Statistics;
using DeepStats.Core.Training;
using StbImageSharp;
using Xunit;

namespace DeepStats.Core.Tests;

/// <summary>
/// Every chart kind renders as a PNG of the requested size that is not blank and whose pixels change
/// with the data, and as an SVG document of the requested size. Set DEEPSTATS_CHART_DIR to keep the
/// PNGs for looking at.
/// </summary>
public class ChartTests
{
    public static IEnumerable<object[]> Kinds() => Enum.GetValues<ChartKind>().Select(k => new object[] { k });

    /// <summary>A chart of each kind from data that <paramref name="variant"/> (0 or 1) changes.</summary>
    internal static Chart Make(ChartKind kind, int variant, int width, int height) => kind switch
    {
        ChartKind.TrainingCurve => Charts.TrainingCurve(History(variant), width, height),
        ChartKind.ConfusionMatrix => Charts.ConfusionMatrix(new ConfusionMatrix(new[] { "Adelie", "Chinstrap", "Gentoo" },
            variant == 0 ? new[,] { { 30, 2, 1 }, { 3, 12, 0 }, { 0, 1, 25 } } : new[,] { { 10, 12, 11 }, { 3, 2, 10 }, { 9, 8, 9 } }), width, height),
        ChartKind.Roc => Charts.Roc(Predictions(variant), width, height),
        ChartKind.Calibration => Charts.Calibration(Predictions(variant), width, height),
        ChartKind.Histogram => Charts.Histogram(Columns(variant), width, height),
        ChartKind.CorrelationHeatmap => Charts.CorrelationHeatmap(Correlations(variant), width, height),
        ChartKind.CrossValidation => Charts.CrossValidation(variant == 0
            ? new FoldScores("Accuracy", new[] { 0.91, 0.88, 0.93, 0.90, 0.89 }, 0.902, 0.878, 0.926)
            : new FoldScores("Accuracy", new[] { 0.71, 0.80, 0.64, 0.75, 0.69 }, 0.718, 0.647, 0.789), width, height),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    internal static List<EpochRecord> History(int variant)
    {
        var h = new List<EpochRecord>();
        for (int e = 1; e <= 20; e++)
        {
            double loss = variant == 0 ? 1.5 * Math.Exp(-e / 5.0) + 0.1 : 0.8 + 0.02 * e;
            h.Add(new EpochRecord(e, loss, 1 - loss / 2, loss * 1.1 + (variant == 0 ? 0.01 * e : 0), 1 - loss / 1.8, 0.2, 5000, 1e-3 * Math.Pow(0.8, e)));
        }
        return h;
    }

    internal static PredictionSet Predictions(int variant)
    {
        var rng = new Random(3 + variant);
        int n = 300;
        var truth = new int[n];
        var probs = new float[n][];
        for (int i = 0; i < n; i++)
        {
            truth[i] = i % 3;
            var raw = new double[3];
            for (int c = 0; c < 3; c++) raw[c] = rng.NextDouble() + (c == truth[i] ? (variant == 0 ? 0.45 : 0.1) : 0);
            double s = raw.Sum(x => Math.Exp(2 * x));
            probs[i] = raw.Select(x => (float)(Math.Exp(2 * x) / s)).ToArray();
        }
        return new PredictionSet
        {
            Kind = Data.TargetKind.Classification, Classes = new[] { "cat", "dog", "bird" },
            RowIds = Enumerable.Range(1, n).Select(i => i.ToString()).ToArray(), TruthLabels = truth,
            PredictedLabels = probs.Select(p => Array.IndexOf(p, p.Max())).ToArray(), Probabilities = probs,
        };
    }

    internal static IReadOnlyList<ColumnValues> Columns(int variant)
    {
        var rng = new Random(5);
        double[] normal = Enumerable.Range(0, 400).Select(_ => Gauss(rng) * (variant == 0 ? 1 : 3) + 10).ToArray();
        double[] skew = Enumerable.Range(0, 400).Select(_ => Math.Exp(Gauss(rng) * (variant == 0 ? 0.5 : 1))).ToArray();
        skew[7] = double.NaN;
        return new[]
        {
            new ColumnValues("bill_length_mm", normal, null, 0),
            new ColumnValues("body_mass_g", skew, null, 1),
            new ColumnValues("island", null, variant == 0 ? new[] { ("Biscoe", 168), ("Dream", 124), ("Torgersen", 52) } : new[] { ("Biscoe", 20), ("Dream", 300), ("Torgersen", 24) }, 0),
        };
    }

    internal static CorrelationMatrix Correlations(int variant)
    {
        var rng = new Random(9);
        var a = Enumerable.Range(0, 200).Select(_ => Gauss(rng)).ToArray();
        var b = a.Select(x => (variant == 0 ? 0.9 : -0.9) * x + 0.3 * Gauss(rng)).ToArray();
        var c = Enumerable.Range(0, 200).Select(_ => Gauss(rng)).ToArray();
        var d = a.Zip(c, (x, y) => x - y + 0.5 * Gauss(rng)).ToArray();
        return Correlation.Matrix(Correlation.PearsonName, new[] { "bill_length", "bill_depth", "flipper", "mass" }, new[] { a, b, c, d });
    }

    private static double Gauss(Random r) => Math.Sqrt(-2 * Math.Log(1 - r.NextDouble())) * Math.Cos(2 * Math.PI * r.NextDouble());

    internal static ImageResult Decode(byte[] png) => ImageResult.FromMemory(png, ColorComponents.RedGreenBlue);

    [Theory]
    [MemberData(nameof(Kinds))]
    public void PngHasTheRequestedSizeIsNotBlankAndFollowsTheData(ChartKind kind)
    {
        var a = Make(kind, 0, 640, 480).Render(ChartFormat.Png);
        var b = Make(kind, 1, 640, 480).Render(ChartFormat.Png);
        if (Environment.GetEnvironmentVariable("DEEPSTATS_CHART_DIR") is { Length: > 0 } dir)
            File.WriteAllBytes(Path.Combine(dir, $"{kind}.png"), Make(kind, 0, 900, 650).Render(ChartFormat.Png));
        var ia = Decode(a);
        var ib = Decode(b);
        Assert.Equal((640, 480), (ia.Width, ia.Height));
        Assert.Equal((640, 480), (ib.Width, ib.Height));
        // not blank: a good share of the pixels is not the white background, in several colours
        int pixels = ia.Width * ia.Height, inked = 0;
        var colours = new HashSet<int>();
        for (int i = 0; i < pixels; i++)
        {
            byte r = ia.Data[3 * i], g = ia.Data[3 * i + 1], bl = ia.Data[3 * i + 2];
            if (r < 235 || g < 235 || bl < 235) inked++;
            colours.Add(r << 16 | g << 8 | bl);
        }
        Assert.True(inked > pixels / 50, $"{kind}: only {inked} of {pixels} pixels are drawn");
        Assert.True(colours.Count > 20, $"{kind}: only {colours.Count} colours");
        // the pixels follow the data: other data, a visibly different picture
        int differ = 0;
        for (int i = 0; i < ia.Data.Length; i++) if (ia.Data[i] != ib.Data[i]) differ++;
        Assert.True(differ > ia.Data.Length / 200, $"{kind}: only {differ} bytes differ between two data sets");
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void SvgIsAnSvgDocumentOfTheRequestedSizeThatFollowsTheData(ChartKind kind)
    {
        var a = System.Text.Encoding.UTF8.GetString(Make(kind, 0, 720, 540).Render(ChartFormat.Svg));
        var b = System.Text.Encoding.UTF8.GetString(Make(kind, 1, 720, 540).Render(ChartFormat.Svg));
        var doc = XDocument.Parse(a);
        XNamespace svg = "http://www.w3.org/2000/svg";
        Assert.Equal(svg + "svg", doc.Root!.Name);
        Assert.Equal("720", doc.Root.Attribute("width")!.Value);
        Assert.Equal("540", doc.Root.Attribute("height")!.Value);
        Assert.True(doc.Descendants().Count(e => e.Name.LocalName is "path" or "rect" or "line" or "polyline") > 20);
        Assert.Contains(doc.Descendants(), e => e.Name.LocalName == "text");
        Assert.NotEqual(a, b);
    }

    [Fact]
    public void SaveWritesTheFormatOfTheExtensionAndRefusesOthers()
    {
        var dir = Directory.CreateTempSubdirectory("ds-chart");
        try
        {
            var chart = Make(ChartKind.CrossValidation, 0, 300, 200);
            chart.Save(Path.Combine(dir.FullName, "cv.png"));
            chart.Save(Path.Combine(dir.FullName, "cv.SVG"));
            Assert.Equal((300, 200), (Decode(File.ReadAllBytes(Path.Combine(dir.FullName, "cv.png"))) is var i ? (i.Width, i.Height) : default));
            Assert.Equal("300", XDocument.Load(Path.Combine(dir.FullName, "cv.SVG")).Root!.Attribute("width")!.Value);
            var e = Assert.Throws<DeepStatsException>(() => chart.Save(Path.Combine(dir.FullName, "cv.jpg")));
            Assert.Equal(ErrorIds.UnsupportedChartFormat, e.ErrorId);
            Assert.Equal(2, dir.GetFiles().Length); // no temp file left behind
        }
        finally { dir.Delete(true); }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(300)]
    public void TrainingCurvesOfOneTwoOrManyEpochsRender(int epochs)
    {
        var h = Enumerable.Range(1, epochs).Select(e => new EpochRecord(e, 1.0 / e, null, e % 7 == 0 ? null : 1.2 / e, null, 0.1, 100, 0.01)).ToList();
        var png = Decode(Charts.TrainingCurve(h, 500, 400).Render(ChartFormat.Png));
        if (Environment.GetEnvironmentVariable("DEEPSTATS_CHART_DIR") is { Length: > 0 } dir)
            File.WriteAllBytes(Path.Combine(dir, $"TrainingCurve-{epochs}.png"), Charts.TrainingCurve(h, 800, 500).Render(ChartFormat.Png));
        Assert.Equal((500, 400), (png.Width, png.Height));
        // no accuracy (a numeric target): two panels, loss and learning rate; with accuracy, three
        Assert.Equal(2, Charts.TrainingCurve(h).PanelCount);
        Assert.Equal(3, Charts.TrainingCurve(h.Select(e => e with { Accuracy = 0.5 }).ToList()).PanelCount);
        Assert.Equal($"Training curves over {epochs} epoch(s)", Charts.TrainingCurve(h).Title);
    }
}
