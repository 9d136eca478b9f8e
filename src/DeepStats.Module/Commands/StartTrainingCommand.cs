using System.Management.Automation;
using DeepStats.Core.Data;
using DeepStats.Core.Models;
using DeepStats.Core.Training;

namespace DeepStats.Commands;

/// <summary>
/// <para type="synopsis">Trains a network on a dataset and returns the trained model.</para>
/// <para type="description">Minimises cross-entropy (class target) or mean squared error (numeric target, learnt as z-scores and reported in its units) with Adam. A stratified share of the rows (-ValidationFraction, 10% by default) is held out to report validation loss and accuracy after each epoch. When the data is not standardized yet, a standardizer is fitted on the training rows only and kept with the model; preprocessing the data carries (ConvertTo-Standardized, ConvertTo-Imputed, Select-Feature) is refitted on the training rows, so the validation rows never shape it (-Verbose says so). -Augmentation applies random changes to training batches only. Without -Model, a ConvNet is used for images, an LSTM for sequences and a feed-forward net for tables. The same -Seed with the same data gives the same model. Progress is shown with Write-Progress; each epoch's loss, accuracy and time are written to the verbose stream and kept in the model's History. Ctrl+C stops between batches.</para>
/// </summary>
/// <example><code>Import-Dataset -Sample FashionMnist | Start-Training -Model (New-ConvNet) -Epochs 2</code><para>Trains the default ConvNet on the built-in Fashion-MNIST slice.</para></example>
/// <example><code>$m = Import-Dataset -Sample Penguins -Target species -DropMissing | ConvertTo-Standardized | Start-Training -Epochs 30 -Seed 7 -Verbose; $m.History | Format-Table</code><para>Trains the default feed-forward net on the penguins and shows the per-epoch records.</para></example>
[Cmdlet(VerbsLifecycle.Start, "Training")]
[OutputType(typeof(TrainedModel))]
public sealed class StartTrainingCommand : TrainingCmdlet
{
    private readonly CancellationTokenSource _stop = new();

    /// <summary><para type="description">The training data, with a target.</para></summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
    public Dataset Data { get; set; } = null!;

    /// <summary><para type="description">Also write the training curves to this file (.png or .svg) when training ends.</para></summary>
    [Parameter] [ValidatePattern(@"\.(png|svg)$", Options = System.Text.RegularExpressions.RegexOptions.IgnoreCase)] public string? ChartPath { get; set; }

    protected override void ProcessRecord()
    {
        var options = BuildTrainingOptions();
        WarnAboutTarget(Data);
        var progress = new ProgressReporter(this, 1, $"Training on {Data.Name}");
        try
        {
            var model = Run(() => Trainer.Train(Data, Model, options,
                onBatch: p => progress.Report(
                    $"Epoch {p.Epoch}/{p.Epochs}, batch {p.Batch}/{p.Batches}, loss {p.RunningLoss:F4}",
                    (int)(100.0 * ((p.Epoch - 1) * p.Batches + p.Batch) / (p.Epochs * p.Batches))),
                onEpoch: e => WriteVerbose(
                    $"Epoch {e.Epoch}: loss {e.Loss:F4}" + (e.Accuracy is { } acc ? $", accuracy {acc:P2}" : "") +
                    (e.ValidationAccuracy is { } va ? $", validation loss {e.ValidationLoss:F4}, validation accuracy {va:P2}" : "") +
                    $", {e.Seconds:F1} s ({e.ExamplesPerSecond:F0} examples/s)"),
                cancel: _stop.Token));
            if (Data.Recipes.Count > 0 && model.ValidationRows > 0)
                WriteVerbose(DeepStats.Core.Preprocessing.PreprocessingPipeline.Describe(model, model.TrainingRows, model.ValidationRows));
            if (!model.Completed) WriteWarning($"Training was stopped after {model.History.Count} complete epoch(s).");
            TrainingReportHook.AfterTraining(this, model, ChartPath);
            WriteObject(model);
        }
        finally
        {
            progress.Complete();
        }
    }

    protected override void StopProcessing() => _stop.Cancel();

    /// <summary>An empty pipeline is an error, not a silent $null model.</summary>
    protected override void EndProcessing()
    {
        if (Data is null)
            Fail(Core.ErrorIds.NoDataReceived, ErrorCategory.InvalidArgument, "No dataset arrived from the pipeline, so nothing was trained. Check the command before the pipe (a filter that matched nothing, an empty folder).", null);
    }
}
