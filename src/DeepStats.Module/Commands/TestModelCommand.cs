using System.Management.Automation;
using DeepStats.Core.Data;
using DeepStats.Core.Evaluation;
using DeepStats.Core.Training;

namespace DeepStats.Commands;

/// <summary>
/// <para type="synopsis">Measures a trained model on labelled data: accuracy with a confidence interval, per-class metrics and the confusion matrix; or, for a numeric target, RMSE, MAE, bias and R-squared with intervals.</para>
/// <para type="description">The model applies its own fitted preprocessing to the data (pass the raw test data; data standardized with other parameters is refused as leakage), encodes categories and classes as in training, and predicts every row. It warns, with the count, when test rows are rows the model or its preprocessing was fitted on (from the row fingerprints kept with them). For classes, accuracy comes with a Wilson score interval at -ConfidenceLevel (95% by default). For numbers (forecasting), MAE, RMSE and the mean error come with Student t intervals over the per-example errors.</para>
/// </summary>
/// <example><code>$m = Import-Dataset -Sample FashionMnist | Start-Training -Model (New-ConvNet -Channels 8,16 -Hidden 32) -Epochs 2; $m | Test-Model -Data (Import-Dataset -Sample FashionMnist -Subset Test)</code><para>Trains a small ConvNet on the built-in Fashion-MNIST slice and scores it on the test slice.</para></example>
/// <example><code>$s = Import-Dataset -Sample Penguins -DropMissing | Split-Dataset -Seed 1; $m = $s.Train | Start-Training -Epochs 20 -Seed 1; (Test-Model $m $s.Test).ConfusionMatrix.Rows() | Format-Table</code><para>Trains on 80% of the penguins, tests on the held-out 20% and shows the confusion matrix, one row per actual class.</para></example>
[Cmdlet(VerbsDiagnostic.Test, "Model")]
[OutputType(typeof(ClassificationReport), typeof(RegressionReport))]
public sealed class TestModelCommand : DeepStatsCmdlet
{
    /// <summary><para type="description">The trained model (from Start-Training).</para></summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
    public TrainedModel Model { get; set; } = null!;

    /// <summary><para type="description">Labelled data to test on, raw (the model applies its own preprocessing).</para></summary>
    [Parameter(Mandatory = true, Position = 1)]
    public Dataset Data { get; set; } = null!;

    /// <summary><para type="description">Confidence level of the accuracy interval.</para></summary>
    [Parameter] [ValidateRange(0.5, 0.9999)] public double ConfidenceLevel { get; set; } = 0.95;

    protected override void ProcessRecord()
    {
        var report = Run(() => ModelEvaluator.Evaluate(Model, Data, ConfidenceLevel));
        // leakage guard: rows the model or its preprocessing was fitted on make the scores optimistic
        if (Run(() => DeepStats.Core.Preprocessing.LeakageGuard.Overlap(Model, Data)).Warning is { } leak) WriteWarning(leak);
        WriteObject(report);
    }

    /// <summary>An empty pipeline is an error, not a silent nothing.</summary>
    protected override void EndProcessing()
    {
        if (Model is null)
            Fail(Core.ErrorIds.NoDataReceived, ErrorCategory.InvalidArgument, "No trained model arrived from the pipeline, so nothing was tested. Check the command before the pipe (Start-Training returned nothing?).", null);
    }
}
