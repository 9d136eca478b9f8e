using System.Management.Automation;
using DeepStats.Core;
using DeepStats.Core.Data;
using DeepStats.Core.Evaluation;
using DeepStats.Core.Reporting;
using DeepStats.Core.Statistics;
using DeepStats.Core.Training;

namespace DeepStats.Commands;

/// <summary>
/// <para type="synopsis">Draws a chart of a model, an evaluation, a dataset or a cross-validation result as a PNG or SVG file.</para>
/// <para type="description">The chart follows from the object: a trained model (or its History of epoch records) gives its training curves (loss and accuracy per epoch, training and validation, and the learning rate); a classification report (Test-Model) or confusion matrix gives the confusion matrix as a heatmap with counts; a dataset gives one histogram per column; a correlation matrix, or the correlation pairs of Get-DatasetStatistics -Correlation, gives the correlation heatmap; a cross-validation result (Invoke-CrossValidation) gives its per-fold scores of its first summary metric, named on the chart, with the result's own mean and Nadeau-Bengio corrected interval. -Kind chooses another chart where the object has several: Roc (curves with the AUC and its DeLong interval, the same numbers as Test-Model: binary with the last class positive, or each class against the rest with the macro one-vs-rest AUC; at AUC 1 the one-sided bound Test-Model states) and Calibration (the top-label reliability diagram with Wilson intervals and the expected calibration error Test-Model reports) of a classification report (Test-Model) or a prediction set are drawn from its own predictions; for a model they need Test-Model's report or prediction set (-Predictions) or labelled data (-Data, predicted once). CorrelationHeatmap of a dataset correlates its numeric columns. With -PassThru the file's FileInfo carries ChartTitle and ChartValues (the unrounded numbers the chart states, e.g. Auc, AucLower, AucUpper, ExpectedCalibrationError). The format follows the file's extension (.png or .svg); the file is written through a temp file and a rename.</para>
/// </summary>
/// <example><code>$m = Import-Dataset -Sample Penguins -DropMissing | Start-Training -Epochs 20 -Seed 1; $m | Export-Chart -Path ./training.png</code><para>Trains on the penguins and draws the training curves.</para></example>
/// <example><code>$s = Import-Dataset -Sample Penguins -DropMissing | Split-Dataset -TestFraction 0.3 -Seed 1; $m = Start-Training $s.Train -Epochs 20 -Seed 1; Export-Chart $m -Data $s.Test -Kind Roc -Path ./roc.svg</code><para>ROC curves of each species against the rest on the held-out rows, as SVG.</para></example>
/// <example><code>$s = Import-Dataset -Sample Penguins -DropMissing | Split-Dataset -TestFraction 0.3 -Seed 1; $m = Start-Training $s.Train -Epochs 20 -Seed 1; $r = Test-Model $m $s.Test; $r | Export-Chart -Kind Calibration -Path ./calibration.png</code><para>The reliability diagram of Test-Model's own predictions: no second prediction, the same ECE as the report.</para></example>
/// <example><code>Import-Dataset -Sample Penguins | Export-Chart -Path ./columns.png -Width 1200 -Height 800 -PassThru</code><para>A histogram of every column of the penguins.</para></example>
/// <example><code>Import-Dataset -Sample Penguins | Get-DatasetStatistics -Correlation | Export-Chart -Path ./correlations.png -PassThru</code><para>The correlation heatmap of the penguins' measurements.</para></example>
[Cmdlet(VerbsData.Export, "Chart", SupportsShouldProcess = true)]
[OutputType(typeof(FileInfo))]
public sealed class ExportChartCommand : DeepStatsCmdlet
{
    private readonly List<EpochRecord> _epochs = new();
    private readonly List<CorrelationPair> _pairs = new();

    /// <summary><para type="description">What to draw: a trained model, epoch records, a classification report (Test-Model), a confusion matrix, a prediction set, a dataset, a correlation matrix or pairs, or a cross-validation result (Invoke-CrossValidation).</para></summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
    public object InputObject { get; set; } = null!;

    /// <summary><para type="description">The chart; inferred from the object when omitted (model: TrainingCurve, classification report: ConfusionMatrix, dataset: Histogram, correlations: CorrelationHeatmap, cross-validation: CrossValidation).</para></summary>
    [Parameter] public ChartKind? Kind { get; set; }

    /// <summary><para type="description">The file to write; .png or .svg. Written atomically (a temp file in the same folder, renamed over the target); a folder that does not exist is OutputFolderNotFound, any other write failure (no permission, disk full, a folder at the path) FileWriteFailed.</para></summary>
    [Parameter(Mandatory = true)] public string Path { get; set; } = null!;

    /// <summary><para type="description">Labelled data to evaluate a model on, for -Kind Roc, Calibration or ConfusionMatrix (predicted once, as Test-Model would).</para></summary>
    [Parameter] public Dataset? Data { get; set; }

    /// <summary><para type="description">Test-Model's prediction set (the report's Predictions), for -Kind Roc, Calibration or ConfusionMatrix of a model: drawn as given, without predicting again.</para></summary>
    [Parameter] public PredictionSet? Predictions { get; set; }

    /// <summary><para type="description">Columns to draw (Histogram and CorrelationHeatmap of a dataset); all when omitted.</para></summary>
    [Parameter] public string[]? Column { get; set; }

    /// <summary><para type="description">Width of the image in pixels.</para></summary>
    [Parameter] [ValidateRange(100, 10000)] public int Width { get; set; } = Charts.DefaultWidth;
    /// <summary><para type="description">Height of the image in pixels.</para></summary>
    [Parameter] [ValidateRange(100, 10000)] public int Height { get; set; } = Charts.DefaultHeight;
    /// <summary><para type="description">Do not overwrite an existing file.</para></summary>
    [Parameter] public SwitchParameter NoClobber { get; set; }
    /// <summary><para type="description">Write the file's FileInfo to the pipeline.</para></summary>
    [Parameter] public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord()
    {
        var o = InputObject is PSObject ps ? ps.BaseObject : InputObject;
        switch (o)
        {
            // streamed records are drawn together at the end
            case EpochRecord e: _epochs.Add(e); return;
            case CorrelationPair p: _pairs.Add(p); return;
            case NumericSummary or CategorySummary or TargetAssociation:
                WriteVerbose($"Skipping a {o.GetType().Name}: only the correlation pairs of Get-DatasetStatistics are drawn.");
                return;
        }
        Run(() => Draw(o));
    }

    protected override void EndProcessing()
    {
        if (_epochs.Count > 0) Run(() => Draw(_epochs.ToArray()));
        if (_pairs.Count > 0) Run(() => Draw(ChartRequest.FromPairs(_pairs)));
    }

    private void Draw(object input)
    {
        string path = ReportingInput.OutputPath(this, Path);
        Chart.FormatOf(path); // a wrong extension fails before any work
        // a model: Test-Model's prediction set when given, else its predictions on -Data through the one entry point
        PredictionSet? predictions = Predictions;
        if (predictions is null && input is TrainedModel m && Data is not null && Kind is ChartKind.Roc or ChartKind.Calibration or ChartKind.ConfusionMatrix)
            predictions = ModelEvaluator.Evaluate(m, Data) switch { ClassificationReport c => c.Predictions, RegressionReport r => r.Predictions, _ => null };
        var chart = ChartRequest.Draw(input, Kind, Width, Height, Column, predictions);
        if (NoClobber && File.Exists(path))
            throw new DeepStatsException(ErrorIds.ChartFileExists, FailureKind.WriteError, $"File '{path}' exists and -NoClobber was given.", path);
        if (!ShouldProcess(path, $"Write {chart.Kind} chart")) return;
        chart.Save(path);
        WriteVerbose($"Wrote {chart.Title} to {path}.");
        if (PassThru)
        {
            var file = PSObject.AsPSObject(new FileInfo(path));
            file.Properties.Add(new PSNoteProperty("ChartTitle", chart.Title));
            var values = new System.Collections.Specialized.OrderedDictionary(StringComparer.OrdinalIgnoreCase);
            foreach (var (k, v) in chart.Values) values[k] = v;
            file.Properties.Add(new PSNoteProperty("ChartValues", values));
            WriteObject(file);
        }
    }
}
