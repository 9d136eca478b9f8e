using System.Management.Automation;
using DeepStats.Core;
using DeepStats.Core.Data;
using DeepStats.Core.Evaluation;
using DeepStats.Core.Reporting;
using DeepStats.Core.Training;

namespace DeepStats.Commands;

/// <summary>
/// <para type="synopsis">Writes a one-page HTML report of a trained model: key numbers with intervals, training curves, evaluation charts, data statistics and the model's layers.</para>
/// <para type="description">With -Data (labelled data the model has not trained on), the model is evaluated: accuracy with its Wilson interval, per-class precision and recall, the confusion matrix, ROC curves with AUC intervals and the reliability diagram (or RMSE, MAE and bias with t intervals for a numeric target), and the data's column statistics, histograms and correlations. -Comparison adds the decision of a model comparison; -CrossValidation the fold scores with their interval. The page is self-contained (images embedded, no network access needed) and reflows in a narrow window. It is written through a temp file and a rename.</para>
/// </summary>
/// <example><code>$s = Import-Dataset -Sample Penguins -DropMissing | Split-Dataset -TestFraction 0.3 -Seed 1; $m = Start-Training $s.Train -Epochs 20 -Seed 1; $m | Export-ModelReport -Data $s.Test -Path ./penguins.html</code><para>Trains on 70% of the penguins and reports on the other 30%.</para></example>
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

    /// <summary><para type="description">A cross-validation result: an object with per-fold scores (FoldScores) and, when it has them, Mean, Lower, Upper, Metric and ConfidenceLevel.</para></summary>
    [Parameter] public object? CrossValidation { get; set; }

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
        FoldScores? folds = null;
        if (CrossValidation is not null)
            folds = ReportingInput.AsFoldScores(CrossValidation) ?? throw new DeepStatsException(ErrorIds.ChartNotApplicable, FailureKind.InvalidArgument,
                "-CrossValidation needs an object with per-fold scores (a FoldScores property of numbers, or of objects with a Score).", CrossValidation);
        if (!ShouldProcess(path, "Write model report")) return;
        var content = ModelReportContent.For(Model, Data, Title, ConfidenceLevel) with { Comparison = Comparison, CrossValidation = folds };
        var warnings = new List<string>();
        ModelReport.Save(content, path, warnings.Add);
        foreach (var w in warnings) WriteWarning(w);
        WriteVerbose($"Wrote the report of {Model} to {path}.");
        if (PassThru) WriteObject(new FileInfo(path));
    });
}
