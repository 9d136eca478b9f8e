using System.Globalization;
using DeepStats.Core.Evaluation;
using DeepStats.Core.Statistics;
using DeepStats.Core.Training;
using ScottPlot;

namespace DeepStats.Core.Reporting;

/// <summary>
/// The chart of each <see cref="ChartKind"/>, drawn with ScottPlot from plain data: epoch records,
/// confusion counts with labels, ROC and calibration curves (from a prediction set), column values,
/// a correlation matrix, fold scores with their interval.
/// </summary>
public static class Charts
{
    public const int DefaultWidth = 800, DefaultHeight = 600;
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;
    // Okabe-Ito: distinguishable with the common colour-vision deficiencies
    private static readonly Color[] Palette =
    {
        Color.FromHex("#0072B2"), Color.FromHex("#E69F00"), Color.FromHex("#009E73"), Color.FromHex("#CC79A7"),
        Color.FromHex("#56B4E9"), Color.FromHex("#D55E00"), Color.FromHex("#F0E442"), Color.FromHex("#000000"),
        Color.FromHex("#999999"), Color.FromHex("#882255"),
    };
    private static readonly Color Train = Palette[0], Valid = Palette[1];

    private static Plot NewPlot(string title, string? x = null, string? y = null)
    {
        var p = new Plot();
        p.Title(title, 15);
        if (x is not null) p.XLabel(x, 13);
        if (y is not null) p.YLabel(y, 13);
        return p;
    }

    private static void CheckSize(int width, int height)
    {
        if (width is < 100 or > 10000 || height is < 100 or > 10000)
            throw new DeepStatsException(ErrorIds.ChartNotApplicable, FailureKind.InvalidArgument,
                $"A chart is 100 to 10000 pixels wide and high; got {width} x {height}.", (width, height));
    }

    /// <summary>Loss per epoch (training and validation), accuracy per epoch when there is one, and the learning rate.</summary>
    public static Chart TrainingCurve(IReadOnlyList<EpochRecord> history, int width = DefaultWidth, int height = DefaultHeight)
    {
        CheckSize(width, height);
        if (history.Count == 0)
            throw new DeepStatsException(ErrorIds.ChartNotApplicable, FailureKind.InvalidData,
                "The model has no epoch records (training stopped before the first epoch ended): there is no training curve to draw.", history);
        double[] x = history.Select(e => (double)e.Epoch).ToArray();
        var panels = new List<Plot>();
        var weights = new List<float>();

        var loss = NewPlot("Loss per epoch", null, "loss");
        Line(loss, x, history.Select(e => e.Loss).ToArray(), Train, "training");
        if (history.Any(e => e.ValidationLoss is not null))
        {
            var vl = history.Select(e => e.ValidationLoss ?? double.NaN).ToArray();
            Line(loss, x, vl, Valid, "validation");
            int best = Enumerable.Range(0, vl.Length).Where(i => double.IsFinite(vl[i])).OrderBy(i => vl[i]).FirstOrDefault(-1);
            if (best >= 0)
            {
                var line = loss.Add.VerticalLine(x[best], 1, Colors.Gray, LinePattern.Dashed);
                line.LegendText = $"lowest validation loss {NumberText.Of(vl[best])} (epoch {x[best].ToString("0", Inv)})";
            }
        }
        // inside the frame, where the curves usually are not (loss falls to the right, accuracy rises to it), so the stacked panels keep one width
        loss.ShowLegend(Alignment.UpperRight);
        panels.Add(loss); weights.Add(3);

        if (history.Any(e => e.Accuracy is not null || e.ValidationAccuracy is not null))
        {
            var acc = NewPlot("Accuracy per epoch", null, "accuracy");
            if (history.Any(e => e.Accuracy is not null)) Line(acc, x, history.Select(e => e.Accuracy ?? double.NaN).ToArray(), Train, "training");
            if (history.Any(e => e.ValidationAccuracy is not null)) Line(acc, x, history.Select(e => e.ValidationAccuracy ?? double.NaN).ToArray(), Valid, "validation");
            acc.ShowLegend(Alignment.LowerRight);
            panels.Add(acc); weights.Add(3);
        }

        var lrs = history.Select(e => e.LearningRate).ToArray();
        bool log = lrs.All(v => v > 0) && lrs.Max() / lrs.Min() > 20;
        bool constant = lrs.All(v => v == lrs[0]);
        var lr = NewPlot(constant ? $"Learning rate (constant {NumberText.Of(lrs[0])})" : "Learning rate", "epoch", log ? "log10 rate" : "rate");
        Line(lr, x, log ? lrs.Select(Math.Log10).ToArray() : lrs, Palette[2], "learning rate");
        lr.HideLegend(); // one series, named by the title
        if (constant && lrs[0] > 0) lr.Axes.SetLimitsY(0, 2 * lrs[0]);
        panels.Add(lr); weights.Add(2);
        AlignLeft(panels);
        // epochs are whole numbers: a tick per epoch while they fit (about 60 px each), else every 2nd, 5th, 10th, 20th, ...
        int fit = Math.Max(2, width / 60), step = 1;
        for (int k = 0; x.Length / step > fit; k++) step = (k % 3) switch { 0 => 2, 1 => 5, _ => 10 } * (int)Math.Pow(10, k / 3);
        var ticks = x.Where(e => step == 1 || e % step == 0).ToArray();
        foreach (var p in panels)
            p.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(ticks, ticks.Select(t => t.ToString("0", Inv)).ToArray());
        return new Chart(ChartKind.TrainingCurve, $"Training curves over {history.Count} epoch(s)", panels, width, height, 1, weights.ToArray());
    }

    private static void Line(Plot p, double[] x, double[] y, Color color, string label)
    {
        // NaN (an epoch without the value) is left out rather than drawn as a gap at zero
        var keep = Enumerable.Range(0, x.Length).Where(i => double.IsFinite(y[i])).ToArray();
        var s = p.Add.Scatter(keep.Select(i => x[i]).ToArray(), keep.Select(i => y[i]).ToArray(), color);
        s.LineWidth = 2;
        s.MarkerSize = x.Length <= 60 ? 5 : 0;
        s.LegendText = label;
    }

    /// <summary>Stacked panels share the same left edge, so their x axes line up.</summary>
    private static void AlignLeft(IReadOnlyList<Plot> panels)
    {
        foreach (var p in panels) p.Axes.Left.MinimumSize = 70;
        foreach (var p in panels) p.Axes.Right.MinimumSize = 25;
    }

    /// <summary>Rows are actual classes, columns predicted ones; every cell shows its count, the colour its share of the row.</summary>
    public static Chart ConfusionMatrix(ConfusionMatrix matrix, int width = DefaultWidth, int height = DefaultHeight)
    {
        CheckSize(width, height);
        int k = matrix.Classes.Count;
        var share = new double[k, k];
        long total = 0, correct = 0;
        for (int a = 0; a < k; a++)
        {
            long row = 0;
            for (int p = 0; p < k; p++) row += matrix[a, p];
            for (int p = 0; p < k; p++) share[a, p] = row > 0 ? (double)matrix[a, p] / row : 0;
            total += row; correct += matrix[a, a];
        }
        string acc = total > 0 ? string.Create(Inv, $", accuracy {(double)correct / total:P1} of {total}") : "";
        var plot = NewPlot($"Confusion matrix{acc}", "predicted", "actual");
        var hm = plot.Add.Heatmap(share);
        hm.Colormap = new ScottPlot.Colormaps.Blues().Reversed(); // light for none, dark for all of the row
        hm.ManualRange = new ScottPlot.Range(0, 1);
        hm.Extent = CellCentres(k);
        float cell = Math.Min((width - 200f) / k, (height - 150f) / k);
        float font = Math.Clamp(cell * 0.3f, 7, 18);
        for (int a = 0; a < k; a++)
            for (int p = 0; p < k; p++)
            {
                var t = plot.Add.Text(matrix[a, p].ToString(Inv), p, k - 1 - a);
                t.LabelAlignment = Alignment.MiddleCenter;
                t.LabelFontSize = font;
                t.LabelBold = a == p;
                t.LabelFontColor = share[a, p] > 0.55 ? Colors.White : Colors.Black;
            }
        var cb = plot.Add.ColorBar(hm);
        cb.Label = "share of the actual class";
        ClassTicks(plot, matrix.Classes, k, font, (width - 200f) / k);
        var values = new Dictionary<string, double>();
        if (total > 0) values["Accuracy"] = (double)correct / total;
        return new Chart(ChartKind.ConfusionMatrix, $"Confusion matrix of {k} classes{acc}", new[] { plot }, width, height, values: values);
    }

    /// <summary>A k x k heatmap's extent: ScottPlot centres the corner cells on the extent's corners, so cell (row r, column c) sits at (c, k - 1 - r).</summary>
    private static CoordinateRect CellCentres(int k) => new(0, k - 1, 0, k - 1);

    private static void ClassTicks(Plot plot, IReadOnlyList<string> labels, int k, float font, float cellPixels)
    {
        var pos = Enumerable.Range(0, k).Select(i => (double)i).ToArray();
        var names = labels.Select(Short).ToArray();
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(pos, names);
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericManual(pos.Select(p => k - 1 - p).ToArray(), names);
        float tick = Math.Clamp(font * 0.8f, 8, 13);
        plot.Axes.Bottom.TickLabelStyle.FontSize = tick;
        plot.Axes.Left.TickLabelStyle.FontSize = tick;
        // labels wider than a cell would run into each other: turn them
        if (names.Max(n => n.Length) * tick * 0.6 > 0.9 * cellPixels)
        {
            plot.Axes.Bottom.TickLabelStyle.Rotation = -45;
            plot.Axes.Bottom.TickLabelStyle.Alignment = Alignment.MiddleRight;
            plot.Axes.Bottom.MinimumSize = names.Max(n => n.Length) * tick * 0.55f + 30;
        }
        plot.Axes.Margins(0, 0);
        plot.Grid.IsVisible = false;
    }

    /// <summary>Ticks at 0, 0.1, ..., 1 for probability and rate axes.</summary>
    private static void UnitTicks(ScottPlot.IAxis axis)
    {
        var pos = Enumerable.Range(0, 11).Select(i => i / 10.0).ToArray();
        axis.TickGenerator = new ScottPlot.TickGenerators.NumericManual(pos, pos.Select(p => p.ToString("0.0", Inv)).ToArray());
    }

    private static string Short(string s) => s.Length <= 14 ? s : s[..13] + "…";

    /// <summary>
    /// ROC curves of a prediction set with the area under each and its DeLong interval, and the chance diagonal. Two classes: one
    /// curve, the last class positive; more: one curve per class against the rest, and the title states the macro one-vs-rest AUC.
    /// The AUC and interval stated (<see cref="Chart.Values"/>) are Test-Model's: <see cref="RocAuc.Of"/>.
    /// </summary>
    public static Chart Roc(PredictionSet set, int width = DefaultWidth, int height = DefaultHeight, double level = 0.95)
    {
        CheckSize(width, height);
        var curves = RocCurve.Of(set, level);
        var (truth, probs) = ChartData.Labelled(set, "ROC curves");
        var overall = RocAuc.Of(truth, probs, set.Classes.Count, level);
        var drawn = curves.Where(c => c.FalsePositiveRate.Length > 0).ToArray();
        if (drawn.Length == 0 || overall is null)
            throw new DeepStatsException(ErrorIds.ChartNotApplicable, FailureKind.InvalidData,
                "No ROC curve can be drawn: every class is either absent from the rows or is the only one present.", curves);
        string headline = string.Create(Inv, $"AUC {overall.Auc:F3} [{overall.Lower:F3}, {overall.Upper:F3}]");
        var plot = NewPlot(curves.Count == 1 ? $"ROC curve, positive class '{Short(curves[0].Class)}', {headline}" : $"ROC curves, each class against the rest; macro {headline}",
            "false positive rate", "true positive rate");
        var diag = plot.Add.Line(0, 0, 1, 1);
        diag.LineColor = Colors.Gray;
        diag.LinePattern = LinePattern.Dashed;
        diag.LegendText = "chance (AUC 0.5)";
        var values = new Dictionary<string, double> { ["Auc"] = overall.Auc, ["AucLower"] = overall.Lower, ["AucUpper"] = overall.Upper, ["AucStandardError"] = overall.StandardError };
        for (int i = 0; i < drawn.Length; i++)
        {
            var c = drawn[i];
            var s = plot.Add.ScatterLine(c.FalsePositiveRate, c.TruePositiveRate, Palette[i % Palette.Length]);
            s.LineWidth = 2;
            if (i >= Palette.Length) s.LinePattern = LinePattern.Dotted;
            s.LegendText = string.Create(Inv, $"{Short(c.Class)}: AUC {c.Auc:F3} [{c.AucLower:F3}, {c.AucUpper:F3}]");
            values[$"Auc:{c.Class}"] = c.Auc;
        }
        plot.Axes.SetLimits(-0.01, 1.01, -0.01, 1.01);
        UnitTicks(plot.Axes.Bottom);
        UnitTicks(plot.Axes.Left);
        plot.ShowLegend(Edge.Right);
        plot.Legend.FontSize = drawn.Length > 6 ? 10 : 12;
        return new Chart(ChartKind.Roc, string.Create(Inv, $"ROC: {(curves.Count == 1 ? "" : "macro one-vs-rest ")}{headline} ({level:P0} DeLong interval); ") +
            string.Join("; ", drawn.Select(c => string.Create(Inv, $"{c.Class} {c.Auc:F3}"))), new[] { plot }, width, height, values: values);
    }

    /// <summary>Reliability diagram: per bin, the mean predicted probability against the observed frequency (Wilson bars), over the diagonal of perfect calibration; below, rows per bin.</summary>
    public static Chart Calibration(CalibrationCurve curve, int width = DefaultWidth, int height = DefaultHeight)
    {
        CheckSize(width, height);
        if (curve.Count == 0)
            throw new DeepStatsException(ErrorIds.ChartNotApplicable, FailureKind.InvalidData, "A calibration diagram needs at least one labelled row.", curve);
        var plot = NewPlot(string.Create(Inv, $"Reliability: {curve.Event}, ECE {curve.ExpectedCalibrationError:F3}"), null, "observed frequency");
        var diag = plot.Add.Line(0, 0, 1, 1);
        diag.LineColor = Colors.Gray;
        diag.LinePattern = LinePattern.Dashed;
        diag.LegendText = "perfectly calibrated";
        var xs = curve.Bins.Select(b => b.MeanPredicted).ToArray();
        var ys = curve.Bins.Select(b => b.Observed).ToArray();
        var eb = plot.Add.ErrorBar(xs, ys, curve.Bins.Select(b => 0.0).ToArray());
        eb.YErrorPositive = curve.Bins.Select(b => b.ObservedUpper - b.Observed).ToArray();
        eb.YErrorNegative = curve.Bins.Select(b => b.Observed - b.ObservedLower).ToArray();
        eb.Color = Palette[0];
        eb.LineWidth = 1.5f;
        var s = plot.Add.Scatter(xs, ys, Palette[0]);
        s.LineWidth = 2;
        s.MarkerSize = 7;
        s.LegendText = string.Create(Inv, $"observed, {curve.ConfidenceLevel:P0} Wilson interval");
        plot.Axes.SetLimits(0, 1, -0.02, 1.02);
        UnitTicks(plot.Axes.Bottom);
        UnitTicks(plot.Axes.Left);
        plot.ShowLegend(Alignment.UpperLeft);

        var counts = NewPlot("Rows per bin", "predicted probability", "rows");
        var bars = curve.Bins.Select(b => new Bar { Position = (b.From + b.To) / 2, Value = b.Count, Size = (b.To - b.From) * 0.9, FillColor = Palette[4], LineWidth = 0 }).ToArray();
        counts.Add.Bars(bars);
        counts.Axes.SetLimits(0, 1, 0, curve.Bins.Max(b => b.Count) * 1.1);
        UnitTicks(counts.Axes.Bottom);
        AlignLeft(new[] { plot, counts });
        return new Chart(ChartKind.Calibration, string.Create(Inv, $"Reliability diagram of {curve.Event}; expected calibration error {curve.ExpectedCalibrationError:F3} over {curve.Count} rows"),
            new[] { plot, counts }, width, height, 1, new[] { 3f, 1.2f }, new Dictionary<string, double> { ["ExpectedCalibrationError"] = curve.ExpectedCalibrationError });
    }

    /// <summary>One panel per column: equal-width bins of numbers, or one bar per category level (the 20 most frequent).</summary>
    public static Chart Histogram(IReadOnlyList<ColumnValues> columns, int width = DefaultWidth, int height = DefaultHeight)
    {
        CheckSize(width, height);
        if (columns.Count == 0)
            throw new DeepStatsException(ErrorIds.ChartNotApplicable, FailureKind.InvalidData, "There are no columns to draw.", columns);
        int cols = (int)Math.Ceiling(Math.Sqrt(columns.Count * (double)width / height));
        cols = Math.Clamp(cols, 1, columns.Count);
        int rows = (columns.Count + cols - 1) / cols;
        float fontScale = Math.Clamp(Math.Min((float)width / cols, (float)height / rows) / 300f, 0.6f, 1f);
        var panels = new List<Plot>();
        foreach (var c in columns)
        {
            string missing = c.Missing > 0 ? $", {c.Missing} missing" : "";
            var p = new Plot();
            if (c.Numbers is { } nums)
            {
                var h = HistogramBins.Of(c.Name, nums);
                p.Title(Short(c.Name) + string.Create(Inv, $" (n {nums.Length - h.Missing}{missing})"), 13 * fontScale);
                var bars = Enumerable.Range(0, h.Counts.Length).Select(i => new Bar
                {
                    Position = (h.Edges[i] + h.Edges[i + 1]) / 2, Value = h.Counts[i], Size = h.Edges[i + 1] - h.Edges[i],
                    FillColor = Palette[0], LineColor = Colors.White, LineWidth = 0.5f,
                }).ToArray();
                p.Add.Bars(bars);
            }
            else
            {
                var levels = (c.Levels ?? Array.Empty<(string, int)>()).ToArray();
                var top = levels.OrderByDescending(l => l.Count).Take(20).OrderBy(l => Array.IndexOf(levels, l)).ToArray();
                string more = top.Length < levels.Length ? $", {levels.Length - top.Length} rarer levels not shown" : "";
                p.Title(Short(c.Name) + string.Create(Inv, $" (n {levels.Sum(l => l.Count)}{missing}{more})"), 13 * fontScale);
                p.Add.Bars(top.Select((l, i) => new Bar { Position = i, Value = l.Count, Size = 0.8, FillColor = Palette[2], LineWidth = 0 }).ToArray());
                p.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
                    Enumerable.Range(0, top.Length).Select(i => (double)i).ToArray(), top.Select(l => Short(l.Level)).ToArray());
                if (top.Length > 3 || top.Any(l => l.Level.Length > 6))
                {
                    p.Axes.Bottom.TickLabelStyle.Rotation = -45;
                    p.Axes.Bottom.TickLabelStyle.Alignment = Alignment.MiddleRight;
                    p.Axes.Bottom.MinimumSize = Math.Min(90, top.Max(l => Short(l.Level).Length) * 6f + 15);
                }
            }
            p.Axes.Margins(bottom: 0);
            p.Axes.Bottom.TickLabelStyle.FontSize = 11 * fontScale;
            p.Axes.Left.TickLabelStyle.FontSize = 11 * fontScale;
            panels.Add(p);
        }
        return new Chart(ChartKind.Histogram, $"Histograms of {columns.Count} column(s): " + string.Join(", ", columns.Select(c => c.Name)), panels, width, height, cols);
    }

    /// <summary>The coefficients as a heatmap on a fixed -1..1 diverging scale, each cell labelled with r.</summary>
    public static Chart CorrelationHeatmap(CorrelationMatrix matrix, int width = DefaultWidth, int height = DefaultHeight) =>
        CorrelationHeatmap(new[] { matrix }, width, height);

    /// <summary>One heatmap per matrix (e.g. Pearson and Spearman), side by side.</summary>
    public static Chart CorrelationHeatmap(IReadOnlyList<CorrelationMatrix> matrices, int width = DefaultWidth, int height = DefaultHeight)
    {
        CheckSize(width, height);
        if (matrices.Count == 0) throw new DeepStatsException(ErrorIds.ChartNotApplicable, FailureKind.InvalidData, "There is no correlation matrix to draw.", matrices);
        var panels = new List<Plot>();
        float panelWidth = (float)width / matrices.Count;
        foreach (var matrix in matrices)
        {
            int k = matrix.Columns.Length;
            if (k < 2) throw new DeepStatsException(ErrorIds.ChartNotApplicable, FailureKind.InvalidData, $"A correlation heatmap needs at least 2 columns; the matrix has {k}.", matrix);
            var plot = NewPlot($"{matrix.Method} correlation (pairwise complete rows)");
            var hm = plot.Add.Heatmap(matrix.R);
            hm.Colormap = new ScottPlot.Colormaps.Balance();
            hm.ManualRange = new ScottPlot.Range(-1, 1);
            hm.NaNCellColor = Colors.LightGray;
            hm.Extent = CellCentres(k);
            float cell = Math.Min((panelWidth - 200f) / k, (height - 150f) / k);
            float font = Math.Clamp(cell * 0.25f, 6, 16);
            if (cell >= 22)
                for (int a = 0; a < k; a++)
                    for (int b = 0; b < k; b++)
                    {
                        double r = matrix.R[a, b];
                        var t = plot.Add.Text(double.IsNaN(r) ? "n/a" : r.ToString("F2", Inv), b, k - 1 - a);
                        t.LabelAlignment = Alignment.MiddleCenter;
                        t.LabelFontSize = font;
                        t.LabelFontColor = Math.Abs(r) > 0.6 ? Colors.White : Colors.Black;
                    }
            var cb = plot.Add.ColorBar(hm);
            cb.Label = "r";
            ClassTicks(plot, matrix.Columns, k, font, (panelWidth - 200f) / k);
            panels.Add(plot);
        }
        return new Chart(ChartKind.CorrelationHeatmap,
            string.Join("; ", matrices.Select(m => $"{m.Method} correlations of {m.Columns.Length} columns")), panels, width, height, matrices.Count);
    }

    /// <summary>The score of every fold, their mean (line) and its confidence interval (band).</summary>
    public static Chart CrossValidation(FoldScores scores, int width = DefaultWidth, int height = DefaultHeight)
    {
        CheckSize(width, height);
        if (scores.Scores.Length == 0)
            throw new DeepStatsException(ErrorIds.ChartNotApplicable, FailureKind.InvalidData, "There are no fold scores to draw.", scores);
        string summary = $"mean {NumberText.Of(scores.Mean)}, {scores.ConfidenceLevel.ToString("P0", Inv)} CI [{NumberText.Of(scores.Lower)}, {NumberText.Of(scores.Upper)}]";
        var plot = NewPlot($"{scores.Metric} over {scores.Scores.Length} folds: {summary}", "fold", scores.Metric);
        var band = plot.Add.VerticalSpan(scores.Lower, scores.Upper, Palette[0].WithAlpha(0.18));
        band.LegendText = string.Create(Inv, $"{scores.ConfidenceLevel:P0} interval of the mean");
        var mean = plot.Add.HorizontalLine(scores.Mean, 2, Palette[0], LinePattern.Dashed);
        mean.LegendText = "mean";
        var xs = Enumerable.Range(1, scores.Scores.Length).Select(i => (double)i).ToArray();
        var m = plot.Add.Markers(xs, scores.Scores, MarkerShape.FilledCircle, 10, Palette[1]);
        m.LegendText = "fold score";
        for (int i = 0; i < xs.Length; i++)
        {
            var t = plot.Add.Text(NumberText.Of(scores.Scores[i]), xs[i], scores.Scores[i]);
            t.LabelAlignment = Alignment.LowerCenter;
            t.LabelOffsetY = -8;
            t.LabelFontSize = 11;
            t.LabelBackgroundColor = Colors.White.WithAlpha(0.8); // readable over the mean line and the band
        }
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(xs, xs.Select(x => x.ToString("0", Inv)).ToArray());
        double lo = Math.Min(scores.Lower, scores.Scores.Min()), hi = Math.Max(scores.Upper, scores.Scores.Max());
        double pad = Math.Max((hi - lo) * 0.25, 1e-6);
        plot.Axes.SetLimits(0.5, xs.Length + 0.5, lo - pad, hi + pad);
        plot.ShowLegend(Edge.Bottom);
        return new Chart(ChartKind.CrossValidation, $"{scores.Metric} per fold, {summary}", new[] { plot }, width, height,
            values: new Dictionary<string, double> { ["Mean"] = scores.Mean, ["Lower"] = scores.Lower, ["Upper"] = scores.Upper });
    }

    /// <summary>The top-label reliability diagram of a prediction set: the curve and ECE Test-Model reports (<see cref="CalibrationCurve.TopLabel"/>).</summary>
    public static Chart Calibration(PredictionSet set, int width = DefaultWidth, int height = DefaultHeight)
    {
        ChartData.Labelled(set, "A calibration diagram");
        return Calibration(CalibrationCurve.TopLabel(set), width, height);
    }
}
