using System.Management.Automation;
using DeepStats.Core;
using DeepStats.Core.Data;
using DeepStats.Core.Evaluation;
using DeepStats.Core.Reporting;
using DeepStats.Core.Training;

namespace DeepStats.Commands;

/// <summary>
/// <para type="synopsis">Writes a one-page HTML report of a trained model: key numbers with intervals, training curves, evaluation charts, data statistics and the model's layers.</para>
/// <para type="description">The evaluation is Test-Model's: pass the report Test-Model returned (-Evaluation) or its prediction set (-Predictions) and the page shows exactly its numbers without predicting again; with only -Data (labelled data the model has not trained on) the model predicts it once and the same scorer runs. Classes: accuracy with its Wilson interval, macro F1 (a class never predicted counts F1 0), the AUC with its DeLong interval (binary, or macro one-vs-rest), log-loss, Brier score and the top-label expected calibration error, per-class precision, recall and F1, the confusion matrix, ROC curves and the reliability diagram; a numeric target: RMSE, MAE and bias with t intervals and R-squared. -Data also adds the data's column statistics, histograms and correlations. -Comparison adds the decision of a model comparison; -CrossValidation (an Invoke-CrossValidation result) its fold scores with the result's own mean and Nadeau-Bengio corrected interval, under the metric's name. Each key number is also on its card unrounded, as a data- attribute (data-macrof1, data-auclower, ...). The page is self-contained (images embedded, no network access needed) and reflows in a narrow window. It is written through a temp file and a rename.</para>
/// </summary>
/// <example><code>$s = Import-Dataset -Sample Penguins -DropMissing | Split-Dataset -TestFraction 0.3 -Seed 1; $m = Start-Training $s.Train -Epochs 20 -Seed 1; $m | Export-ModelReport -Data $s.Test -Path ./penguins.html</code><para>Trains on 70% of the penguins and reports on the other 30%.</para></example>
/// <example><code>$s = Import-Dataset -Sample Penguins -DropMissing | Split-Dataset -TestFraction 0.3 -Seed 1; $m = Start-Training $s.Train -Epochs 20 -Seed 1; $r = Test-Model $m $s.Test; $cv = Invoke-CrossValidation $s.Train -Folds 3 -Epochs 5 -Seed 1; Export-ModelReport $m -Data $s.Test -Evaluation $r -CrossValidation $cv -Path ./penguins.html</code><para>The report of Test-Model's result (the same numbers, no second prediction) with the cross-validated accuracy and its corrected interval.</para></example>
[Cmdlet(VerbsData.Export, "ModelReport", SupportsShouldProcess = true)]
[OutputType(typeof(FileInfo))]
public sealed class ExportModelReportCommand : DeepStatsCmdlet
{
    /// <summary><para type="description">The trained model (from Start-Training).</para></summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
    public TrainedModel Model { get; set; } = null!;

    /// <summary><para type="description">Labelled data to evaluate the model on, raw (the model applies its own preprocessing).</para></summary>
    [Parameter(Position = 1)] public Dataset? Data { get; set; }

    /// <summary><para type="description">The HTML file to write. Written atomically (a temp file in the same folder, renamed over the target); a folder that does not exist is OutputFolderNotFound, any other write failure (no permission, disk full, a folder at the path) FileWriteFailed.</para></summary>
    [Parameter(Mandatory = true)] public string Path { get; set; } = null!;

    /// <summary><para type="description">A model comparison whose decision the report states.</para></summary>
    [Parameter] public ModelComparison? Comparison { get; set; }

    /// <summary><para type="description">Test-Model's result (a ClassificationReport or RegressionReport): the page shows its numbers and draws its predictions.</para></summary>
    [Parameter] public PSObject? Evaluation { get; set; }

    /// <summary><para type="description">Test-Model's prediction set (the report's Predictions), scored by the same scorer instead of predicting again.</para></summary>
    [Parameter] public PredictionSet? Predictions { get; set; }

    /// <summary><para type="description">A cross-validation result (Invoke-CrossValidation): its fold scores of the first summary metric with its own corrected interval.</para></summary>
    [Parameter] public CrossValidationResult? CrossValidation { get; set; }

    /// <summary><para type="description">The page's title.</para></summary>
    [Parameter] public string? Title { get; set; }

    /// <summary><para type="description">Confidence level of the intervals.</para></summary>
    [Parameter] [ValidateRange(0.5, 0.9999)] public double ConfidenceLevel { get; set; } = 0.95;
    /// <summary><para type="description">Do not overwrite an existing file.</para></summary>
    [Parameter] public SwitchParameter NoClobber { get; set; }
    /// <summary><para type="description">Write the file's FileInfo to the pipeline.</para></summary>
    [Parameter] public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord() => Run(() =>
    {
        string path = ReportingInput.OutputPath(this, Path);
        if (NoClobber && File.Exists(path))
            throw new DeepStatsException(ErrorIds.ChartFileExists, FailureKind.WriteError, $"File '{path}' exists and -NoClobber was given.", path);
        FoldScores? folds = CrossValidation is null ? null : FoldScores.Of(CrossValidation);
        var evaluation = Evaluation?.BaseObject;
        if (evaluation is not null and not ClassificationReport and not RegressionReport)
            throw new DeepStatsException(ErrorIds.ChartNotApplicable, FailureKind.InvalidArgument,
                $"-Evaluation takes the ClassificationReport or RegressionReport Test-Model returned; got a {evaluation.GetType().Name}.", evaluation);
        if (!ShouldProcess(path, "Write model report")) return;
        var content = ModelReportContent.For(Model, Data, Title, ConfidenceLevel, Predictions, evaluation) with { Comparison = Comparison, CrossValidation = folds };
        var warnings = new List<string>();
        ModelReport.Save(content, path, warnings.Add);
        foreach (var w in warnings) WriteWarning(w);
        WriteVerbose($"Wrote the report of {Model} to {path}.");
        if (PassThru) WriteObject(new FileInfo(path));
    });
}
