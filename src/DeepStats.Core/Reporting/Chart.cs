using DeepStats.Core.Persistence;
using ScottPlot;
using SkiaSharp;

namespace DeepStats.Core.Reporting;

/// <summary>Image formats a chart is written in.</summary>
public enum ChartFormat { Png, Svg }

/// <summary>
/// A drawn chart: one or more ScottPlot panels laid out in a grid on a canvas of a fixed size,
/// rendered to PNG (SkiaSharp raster) or SVG (SkiaSharp's SVG canvas) and written atomically (<see cref="AtomicFile"/>).
/// </summary>
public sealed class Chart
{
    internal Chart(ChartKind kind, string title, IReadOnlyList<Plot> panels, int width, int height, int columns = 1, float[]? rowWeights = null,
        IReadOnlyDictionary<string, double>? values = null)
    {
        Values = values ?? new Dictionary<string, double>();
        Kind = kind;
        Title = title;
        Panels = panels;
        Width = width;
        Height = height;
        Columns = Math.Max(1, columns);
        RowWeights = rowWeights;
    }

    public ChartKind Kind { get; }
    /// <summary>One line saying what the chart shows (the report uses it as the image's caption and alt text).</summary>
    public string Title { get; }
    /// <summary>The numbers the chart states, unrounded, by name (ROC: Auc, AucLower, AucUpper and Auc:&lt;class&gt; per curve;
    /// calibration: ExpectedCalibrationError; confusion matrix: Accuracy; cross-validation: Mean, Lower, Upper). They come from the
    /// same scorers as Test-Model's report, so a chart can be checked against it.</summary>
    public IReadOnlyDictionary<string, double> Values { get; }
    public int Width { get; }
    public int Height { get; }
    internal IReadOnlyList<Plot> Panels { get; }
    /// <summary>How many plots the image holds (training curves: loss, accuracy when there is one, learning rate).</summary>
    public int PanelCount => Panels.Count;
    internal int Columns { get; }
    internal float[]? RowWeights { get; }

    /// <summary>PNG or SVG from a file name's extension; throws <see cref="ErrorIds.UnsupportedChartFormat"/> for any other.</summary>
    public static ChartFormat FormatOf(string path) => Path.GetExtension(path).ToLowerInvariant() switch
    {
        ".png" => ChartFormat.Png,
        ".svg" => ChartFormat.Svg,
        var e => throw new DeepStatsException(ErrorIds.UnsupportedChartFormat, FailureKind.InvalidArgument,
            $"Cannot write a chart as '{e}' ({path}); name the file .png or .svg.", path),
    };

    /// <summary>The image's bytes.</summary>
    public byte[] Render(ChartFormat format)
    {
        if (format == ChartFormat.Png)
        {
            using var surface = SKSurface.Create(new SKImageInfo(Width, Height, SKColorType.Rgba8888, SKAlphaType.Premul));
            Draw(surface.Canvas);
            using var image = surface.Snapshot();
            using var data = image.Encode(SKEncodedImageFormat.Png, 100);
            return data.ToArray();
        }
        // Skia's SVG canvas cannot draw dash effects (it prints "Unsupported path effect" to the console
        // and draws them solid): draw reference lines solid in SVG; they differ by colour and legend already
        foreach (var panel in Panels)
            foreach (var line in panel.GetPlottables().OfType<IHasLine>())
                line.LinePattern = LinePattern.Solid;
        using var stream = new SKDynamicMemoryWStream();
        using (var canvas = SKSvgCanvas.Create(SKRect.Create(Width, Height), stream))
            Draw(canvas);
        using var svg = stream.DetachAsData();
        return svg.ToArray();
    }

    /// <summary>Writes the image to <paramref name="path"/> (format from the extension) through <see cref="AtomicFile"/>.</summary>
    public void Save(string path) => AtomicFile.Write(path, Render(FormatOf(path)), "the chart");

    private void Draw(SKCanvas canvas)
    {
        canvas.Clear(SKColors.White);
        int rows = (Panels.Count + Columns - 1) / Columns;
        var weights = RowWeights is { Length: > 0 } w && w.Length == rows ? w : Enumerable.Repeat(1f, rows).ToArray();
        float total = weights.Sum(), cellW = (float)Width / Columns, top = 0;
        for (int r = 0; r < rows; r++)
        {
            float h = Height * weights[r] / total;
            for (int c = 0; c < Columns; c++)
            {
                int i = r * Columns + c;
                if (i >= Panels.Count) break;
                // ScottPlot clears and lays out the whole canvas it is given: clip and move it to the panel's cell
                canvas.Save();
                var cellRect = SKRect.Create(c * cellW, top, cellW, h);
                canvas.ClipRect(cellRect);
                canvas.Translate(cellRect.Left, cellRect.Top);
                Panels[i].Render(canvas, (int)Math.Floor(cellW), (int)Math.Floor(h));
                canvas.Restore();
            }
            top += h;
        }
    }
}
