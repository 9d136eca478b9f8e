using System.Globalization;
using System.Net;
using System.Text;
using DeepStats.Core.Data;
using DeepStats.Core.Evaluation;
using DeepStats.Core.Models;
using DeepStats.Core.Statistics;
using DeepStats.Core.Training;

namespace DeepStats.Core.Reporting;

/// <summary>What goes into a model report: every part but the model is optional.</summary>
public sealed record ModelReportContent
{
    public required string Title { get; init; }
    public required TrainedModel Model { get; init; }
    /// <summary>The labelled data the model was evaluated on (statistics and histograms are of it).</summary>
    public Dataset? Data { get; init; }
    public PredictionSet? Predictions { get; init; }
    public ClassificationReport? Classification { get; init; }
    public RegressionReport? Regression { get; init; }
    public ModelComparison? Comparison { get; init; }
    public FoldScores? CrossValidation { get; init; }
    public DateTime Generated { get; init; } = DateTime.UtcNow;
    public double ConfidenceLevel { get; init; } = 0.95;

    /// <summary>
    /// Gathers the parts for <paramref name="model"/>. The evaluation is, in this order: <paramref name="evaluation"/> (the
    /// ClassificationReport or RegressionReport Test-Model returned, with its gates), else <paramref name="predictions"/> scored by
    /// the one scorer (<see cref="ModelEvaluator.Score"/>), else the model's predictions on <paramref name="data"/> made once by
    /// <see cref="Predictor.Predict"/>. Nothing is predicted again when Test-Model's results are given.
    /// </summary>
    public static ModelReportContent For(TrainedModel model, Dataset? data, string? title = null, double level = 0.95,
        PredictionSet? predictions = null, object? evaluation = null, int seed = 0)
    {
        evaluation ??= predictions is not null ? ModelEvaluator.Score(predictions, level, seed)
            : data is not null ? ModelEvaluator.Evaluate(model, data, level, seed) : null;
        var cls = evaluation as ClassificationReport;
        var reg = evaluation as RegressionReport;
        if (evaluation is not null && cls is null && reg is null)
            throw new DeepStatsException(ErrorIds.ChartNotApplicable, FailureKind.InvalidArgument,
                $"A model report takes Test-Model's ClassificationReport or RegressionReport; got a {evaluation.GetType().Name}.", evaluation);
        return new ModelReportContent
        {
            Title = title ?? $"DeepStats model report: {model.Spec.Kind}" + (data is null ? "" : $" on {data.Name}"),
            Model = model, Data = data, Predictions = cls?.Predictions ?? reg?.Predictions, Classification = cls, Regression = reg,
            ConfidenceLevel = cls?.ConfidenceLevel ?? reg?.ConfidenceLevel ?? level,
        };
    }
}

/// <summary>
/// One self-contained HTML page about a run: key numbers with their intervals, the comparison decision,
/// training curves, evaluation charts, cross-validation, data statistics and the model's layers.
/// Images are PNGs embedded as data: URIs and the CSS is inline, so the page opens without network access;
/// the layout reflows for narrow windows. The page's own script marks every image as loaded
/// (body attribute <c>data-images-loaded="loaded/total"</c>), which the tests read from a headless browser.
/// </summary>
public static class ModelReport
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;
    public const int ImageWidth = 1000, ImageHeight = 640;

    /// <summary>The page; <paramref name="warn"/> hears about charts that could not be drawn (they are left out, the page says so).</summary>
    public static string Html(ModelReportContent c, Action<string>? warn = null)
    {
        var m = c.Model;
        var sb = new StringBuilder();
        sb.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
          .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
          .Append("<meta name=\"generator\" content=\"DeepStats\">")
          .Append("<title>").Append(E(c.Title)).Append("</title><style>").Append(Css).Append("</style></head><body><main>");
        sb.Append("<header><h1>").Append(E(c.Title)).Append("</h1><p class=\"meta\">")
          .Append(E(m.ToString())).Append(" · trained ").Append(E(m.TrainedAt.ToString("yyyy-MM-dd HH:mm 'UTC'", Inv)))
          .Append(" · report ").Append(E(c.Generated.ToString("yyyy-MM-dd HH:mm 'UTC'", Inv))).Append("</p></header>");

        // key numbers
        sb.Append("<section><h2>Result</h2><div class=\"cards\">");
        if (c.Classification is { } r)
        {
            Card(sb, "Accuracy", Pct(r.Accuracy), $"{P(r.ConfidenceLevel)} {r.IntervalMethod} interval {Pct(r.AccuracyLower)} – {Pct(r.AccuracyUpper)}", "accuracy",
                ("Accuracy", r.Accuracy), ("AccuracyLower", r.AccuracyLower), ("AccuracyUpper", r.AccuracyUpper));
            Card(sb, "Correct", $"{r.Correct.ToString("N0", Inv)} of {r.Count.ToString("N0", Inv)}", $"rows of {c.Data?.Name ?? "the test data"}", "correct");
            Card(sb, "Macro F1", F3(r.MacroF1), "unweighted over the classes present; a class never predicted counts F1 0", "macro-f1", ("MacroF1", r.MacroF1));
            if (double.IsFinite(r.Auc))
                Card(sb, r.PerClass.Count == 2 ? "AUC" : "AUC (macro one-vs-rest)", r.Auc.ToString("F3", Inv),
                    $"{P(r.ConfidenceLevel)} DeLong interval {r.AucLower.ToString("F3", Inv)} – {r.AucUpper.ToString("F3", Inv)}" +
                    (r.PerClass.Count == 2 ? $", class '{r.PerClass[1].Class}' positive" : "") + (r.AucIntervalMethod == RocAuc.PerfectMethod ? " (one-sided: AUC at its limit)" : ""), "auc",
                    ("Auc", r.Auc), ("AucLower", r.AucLower), ("AucUpper", r.AucUpper));
            Card(sb, "Log-loss", G(r.LogLoss), "natural log, lower is better", "log-loss", ("LogLoss", r.LogLoss));
            Card(sb, "Brier score", G(r.Brier), r.PerClass.Count == 2 ? "mean squared error of the positive class's probability" : "mean over rows of the squared errors summed over classes", "brier", ("Brier", r.Brier));
            Card(sb, "Calibration error", G(r.ExpectedCalibrationError), $"top-label ECE, {r.CalibrationBins} equal-width bins", "ece", ("ExpectedCalibrationError", r.ExpectedCalibrationError));
        }
        if (c.Regression is { } g)
        {
            Card(sb, "RMSE", G(g.Rmse), $"{P(g.ConfidenceLevel)} {g.IntervalMethod} interval {G(g.RmseLower)} – {G(g.RmseUpper)}", "rmse", ("RMSE", g.Rmse));
            Card(sb, "MAE", G(g.Mae), $"{P(g.ConfidenceLevel)} interval {G(g.MaeLower)} – {G(g.MaeUpper)}", "mae", ("MAE", g.Mae));
            Card(sb, "Bias", G(g.Bias), $"{P(g.ConfidenceLevel)} interval {G(g.BiasLower)} – {G(g.BiasUpper)}", "bias", ("Bias", g.Bias));
            Card(sb, "R²", g.RSquared.ToString("F3", Inv), $"{g.Count.ToString("N0", Inv)} rows of {c.Data?.Name ?? "the test data"}", "r2", ("RSquared", g.RSquared));
        }
        if (c.Classification is null && c.Regression is null)
            sb.Append("<p>No evaluation data was given (Export-ModelReport -Data): the numbers below are from training only.</p>");
        if (c.CrossValidation is { } cv)
            Card(sb, $"Cross-validated {cv.Metric}", G(cv.Mean), $"{P(cv.ConfidenceLevel)} corrected interval {G(cv.Lower)} – {G(cv.Upper)} over {cv.Scores.Length} folds (Nadeau-Bengio)", "cv",
                ("CrossValidationMean", cv.Mean), ("CrossValidationLower", cv.Lower), ("CrossValidationUpper", cv.Upper));
        var last = m.History.Count > 0 ? m.History[^1] : null;
        Card(sb, "Training", $"{m.History.Count} epochs", $"{m.Duration.TotalSeconds.ToString("F1", Inv)} s, {(m.Completed ? "completed" : "stopped early")}" +
            (last?.ValidationLoss is { } vl ? $", last validation loss {G(vl)}" : ""), "training");
        sb.Append("</div></section>");

        if (c.Comparison is { } cmp)
        {
            sb.Append("<section class=\"decision ").Append(cmp.Decision).Append("\"><h2>Comparison: ").Append(E(Words(cmp.Decision))).Append("</h2>")
              .Append("<p>").Append(E($"{cmp.Metric}: reference {G(cmp.ReferenceValue)}, new {G(cmp.DifferenceValue)}; difference {G(cmp.Difference)} " +
                  $"({P(cmp.ConfidenceLevel)} interval {G(cmp.DifferenceLower)} – {G(cmp.DifferenceUpper)}), {cmp.Test}, statistic {G(cmp.Statistic)}" +
                  (cmp.DegreesOfFreedom is { } df ? $" on {G(df)} df" : "") + $", p = {Statistics.TailProbability.Format(cmp.PValue)} at alpha {G(cmp.Alpha)}, {cmp.Count} rows/folds."))
              .Append("</p><p>").Append(E(cmp.Explanation)).Append("</p></section>");
        }

        sb.Append("<section><h2>Training</h2>");
        Figure(sb, () => Charts.TrainingCurve(m.History, ImageWidth, ImageHeight + 100), warn);
        var vals = m.History.Select(e => e.ValidationLoss ?? double.NaN).ToArray();
        var line = Sparkline.Describe("Validation loss", vals) ?? Sparkline.Describe("Training loss", m.History.Select(e => e.Loss).ToArray());
        if (line is not null) sb.Append("<p class=\"spark\">").Append(E(line)).Append("</p>");
        sb.Append("<div class=\"table-wrap\"><table><tbody>");
        Row(sb, "Rows", $"{m.TrainingRows.ToString("N0", Inv)} training, {m.ValidationRows.ToString("N0", Inv)} validation");
        Row(sb, "Options", $"epochs {m.Options.Epochs}, batch size {m.Options.BatchSize}, learning rate {G(m.Options.LearningRate)}, weight decay {G(m.Options.WeightDecay)}, seed {m.Options.Seed}");
        Row(sb, "Data fingerprint", m.DataFingerprint);
        Row(sb, "Preprocessing", m.Transforms.Count == 0 ? "none" : string.Join("; ", m.Transforms.Select(t => t.ToString())));
        sb.Append("</tbody></table></div></section>");

        if (c.Predictions is { Kind: TargetKind.Classification } pred && c.Classification is { } rep)
        {
            sb.Append("<section><h2>Evaluation</h2>");
            Figure(sb, () => Charts.ConfusionMatrix(rep.ConfusionMatrix, ImageWidth, ImageHeight), warn);
            sb.Append("<div class=\"table-wrap\"><table><thead><tr><th>Class</th><th>Support</th><th>Precision</th><th>Recall</th><th>F1</th></tr></thead><tbody>");
            foreach (var k in rep.PerClass)
                sb.Append("<tr><td>").Append(E(k.Class)).Append("</td><td>").Append(k.Support).Append("</td><td>").Append(F3(k.Precision))
                  .Append("</td><td>").Append(F3(k.Recall)).Append("</td><td>").Append(F3(k.F1)).Append("</td></tr>");
            sb.Append("</tbody></table></div>");
            Figure(sb, () => Charts.Roc(pred, ImageWidth, ImageHeight, rep.ConfidenceLevel), warn);
            Figure(sb, () => Charts.Calibration(pred, ImageWidth, ImageHeight), warn);
            sb.Append("</section>");
        }

        if (c.CrossValidation is { } folds)
        {
            sb.Append("<section><h2>Cross-validation</h2>");
            Figure(sb, () => Charts.CrossValidation(folds, ImageWidth, ImageHeight), warn);
            sb.Append("</section>");
        }

        if (c.Data is { } data)
        {
            sb.Append("<section><h2>Data: ").Append(E(data.Name)).Append("</h2><p>")
              .Append(E($"{data.RowCount.ToString("N0", Inv)} rows, {data.Kind.ToString().ToLowerInvariant()}, fingerprint {data.Fingerprint}")).Append("</p>");
            DataStatistics(sb, data, c.ConfidenceLevel, warn);
            if (data.Kind != DatasetKind.Sequence)
            {
                var cols = ColumnValues.Of(data);
                if (cols.Count > 12) sb.Append("<p>").Append(E($"Histograms of the first 12 of {cols.Count} columns.")).Append("</p>");
                Figure(sb, () => Charts.Histogram(cols.Take(12).ToArray(), ImageWidth, ImageHeight), warn);
                if (data.Columns.OfType<NumericColumn>().Count() >= 2)
                    Figure(sb, () => Charts.CorrelationHeatmap(ChartRequest.PearsonOf(data), ImageWidth, ImageHeight), warn);
            }
            sb.Append("</section>");
        }

        sb.Append("<section><h2>Model</h2><p>").Append(E($"{m.Summary.Kind}: input {m.Summary.InputShape}, {m.Summary.Outputs} outputs, {m.Summary.TotalParameters.ToString("N0", Inv)} trainable parameters")).Append("</p>")
          .Append("<div class=\"table-wrap\"><table><thead><tr><th>#</th><th>Layer</th><th>Output</th><th>Parameters</th></tr></thead><tbody>");
        foreach (var l in m.Summary.Layers)
            sb.Append("<tr><td>").Append(l.Index).Append("</td><td class=\"l\">").Append(E(l.Layer)).Append("</td><td>").Append(E(l.OutputShape))
              .Append("</td><td>").Append(l.Parameters.ToString("N0", Inv)).Append("</td></tr>");
        sb.Append("</tbody></table></div></section>");

        sb.Append("<footer><p id=\"image-status\">Images: not checked (scripts off).</p></footer></main>")
          .Append("<script>window.addEventListener('load',function(){var a=Array.prototype.slice.call(document.images);")
          .Append("var ok=a.filter(function(i){return i.complete&&i.naturalWidth>0;}).length;")
          .Append("document.body.setAttribute('data-images-loaded',ok+'/'+a.length);")
          .Append("document.body.setAttribute('data-fits-width',String(document.documentElement.scrollWidth<=window.innerWidth));")
          .Append("document.getElementById('image-status').textContent='Images: '+ok+' of '+a.length+' loaded.';});</script>")
          .Append("</body></html>\n");
        return sb.ToString();
    }

    /// <summary>Writes the page atomically (<see cref="Persistence.AtomicFile"/>).</summary>
    public static void Save(ModelReportContent c, string path, Action<string>? warn = null) =>
        Persistence.AtomicFile.Write(path, new UTF8Encoding(false).GetBytes(Html(c, warn)), "the report");

    private static void DataStatistics(StringBuilder sb, Dataset data, double level, Action<string>? warn)
    {
        DatasetStatisticsResult stats;
        try { stats = DatasetStatistics.Compute(data, new StatisticsOptions { ConfidenceLevel = level }); }
        catch (DeepStatsException e) { warn?.Invoke($"Data statistics left out: {e.Message}"); return; }
        if (stats.Numeric.Count > 0)
        {
            sb.Append("<div class=\"table-wrap\"><table><thead><tr><th>Column</th><th>n</th><th>Missing</th><th>Mean</th><th>")
              .Append(E($"{P(level)} interval of the mean")).Append("</th><th>SD</th><th>Min</th><th>Median</th><th>Max</th></tr></thead><tbody>");
            foreach (var s in stats.Numeric)
                sb.Append("<tr><td>").Append(E(s.Column)).Append("</td><td>").Append(s.Count).Append("</td><td>").Append(s.Missing)
                  .Append("</td><td>").Append(G(s.Mean)).Append("</td><td>").Append(G(s.MeanLower)).Append(" – ").Append(G(s.MeanUpper))
                  .Append("</td><td>").Append(G(s.StandardDeviation)).Append("</td><td>").Append(G(s.Min)).Append("</td><td>").Append(G(s.Median))
                  .Append("</td><td>").Append(G(s.Max)).Append("</td></tr>");
            sb.Append("</tbody></table></div>");
        }
        if (stats.Categorical.Count > 0)
        {
            sb.Append("<div class=\"table-wrap\"><table><thead><tr><th>Column</th><th>n</th><th>Missing</th><th>Levels</th><th>Most frequent</th></tr></thead><tbody>");
            foreach (var s in stats.Categorical)
                sb.Append("<tr><td>").Append(E(s.Column)).Append("</td><td>").Append(s.Count).Append("</td><td>").Append(s.Missing).Append("</td><td>").Append(s.Levels)
                  .Append("</td><td class=\"l\">").Append(E(string.Join(", ", s.LevelCounts.OrderByDescending(l => l.Count).Take(3).Select(l => l.ToString())))).Append("</td></tr>");
            sb.Append("</tbody></table></div>");
        }
    }

    private static void Figure(StringBuilder sb, Func<Chart> draw, Action<string>? warn)
    {
        Chart chart;
        byte[] png;
        try
        {
            chart = draw();
            png = chart.Render(ChartFormat.Png);
        }
        catch (DeepStatsException e)
        {
            warn?.Invoke($"A chart was left out of the report: {e.Message}");
            sb.Append("<p class=\"missing\">").Append(E($"Chart left out: {e.Message}")).Append("</p>");
            return;
        }
        sb.Append("<figure><img alt=\"").Append(E(chart.Title)).Append("\" width=\"").Append(chart.Width).Append("\" height=\"").Append(chart.Height)
          .Append("\" src=\"data:image/png;base64,").Append(Convert.ToBase64String(png)).Append("\"><figcaption>").Append(E(chart.Title)).Append("</figcaption></figure>");
    }

    /// <summary>A card; each (name, value) is also written unrounded as a <c>data-&lt;name&gt;</c> attribute ("R" format), for scripts and tests reading the page.</summary>
    private static void Card(StringBuilder sb, string label, string value, string note, string key, params (string Name, double Value)[] values)
    {
        sb.Append("<div class=\"card\" data-key=\"").Append(key).Append('"');
        foreach (var (name, v) in values) sb.Append(" data-").Append(name.ToLowerInvariant()).Append("=\"").Append(v.ToString("R", Inv)).Append('"');
        sb.Append("><div class=\"label\">").Append(E(label)).Append("</div><div class=\"value\">")
          .Append(E(value)).Append("</div><div class=\"note\">").Append(E(note)).Append("</div></div>");
    }

    private static void Row(StringBuilder sb, string k, string v) =>
        sb.Append("<tr><th>").Append(E(k)).Append("</th><td class=\"l\">").Append(E(v)).Append("</td></tr>");

    private static string Words(ComparisonDecision d) => d switch
    {
        ComparisonDecision.Better => "the new model is better",
        ComparisonDecision.Worse => "the new model is worse",
        _ => "no significant difference",
    };

    private static string E(string? s) => WebUtility.HtmlEncode(s ?? "");
    /// <summary>Percentages as the cmdlets' P2 format in the invariant culture ("91.23 %").</summary>
    public static string Pct(double v) => v.ToString("P2", Inv);
    private static string P(double level) => level.ToString("P0", Inv).Replace(" ", "");
    private static string G(double v) => NumberText.Of(v);
    private static string F3(double v) => double.IsNaN(v) ? "n/a" : v.ToString("F3", Inv);

    private const string Css =
        "*{box-sizing:border-box}body{margin:0;background:#f6f7f9;color:#1d2329;font:16px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,'DejaVu Sans',sans-serif}" +
        "main{max-width:66rem;margin:0 auto;padding:1rem}h1{font-size:1.5rem;margin:.5rem 0}h2{font-size:1.2rem;margin:1.5rem 0 .5rem}" +
        ".meta{color:#555;margin:0;overflow-wrap:anywhere}" +
        ".cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(14rem,1fr));gap:.75rem}" +
        ".card{background:#fff;border:1px solid #d9dde3;border-radius:.5rem;padding:.75rem}.card .label{color:#555;font-size:.9rem}" +
        ".card .value{font-size:1.6rem;font-weight:600}.card .note{font-size:.85rem;color:#444}" +
        "figure{margin:1rem 0;background:#fff;border:1px solid #d9dde3;border-radius:.5rem;padding:.5rem}" +
        "figure img{display:block;width:100%;height:auto}figcaption{font-size:.85rem;color:#555;padding-top:.25rem}" +
        ".table-wrap{overflow-x:auto;margin:.5rem 0}table{border-collapse:collapse;font-size:.9rem;background:#fff}" +
        "th,td{padding:.3rem .6rem;border-bottom:1px solid #e6e8eb;text-align:right;white-space:nowrap}th:first-child,td:first-child,.l{text-align:left}" +
        "td.l{white-space:normal;overflow-wrap:anywhere}" +
        ".decision{border-left:.4rem solid #999;background:#fff;padding:.25rem 1rem;border-radius:.25rem}.decision.Better{border-color:#009E73}.decision.Worse{border-color:#D55E00}" +
        ".spark{font-family:'DejaVu Sans Mono',monospace;overflow-wrap:anywhere}.missing{color:#8a4b00}footer{color:#666;font-size:.85rem}" +
        "@media (max-width:40rem){body{font-size:15px}main{padding:.5rem}.card .value{font-size:1.3rem}th,td{padding:.25rem .4rem}}";
}
