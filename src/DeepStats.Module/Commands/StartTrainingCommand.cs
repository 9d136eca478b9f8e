using System.Management.Automation;
using DeepStats.Core;
using DeepStats.Core.Data;
using DeepStats.Core.Models;
using DeepStats.Core.Training;

namespace DeepStats.Commands;

/// <summary>
/// <para type="synopsis">Trains a network on a dataset and returns the trained model.</para>
/// <para type="description">Minimises cross-entropy (class target; -ClassWeight, -LabelSmoothing) or mean squared error (numeric target, learnt as z-scores and reported in its units; -Loss MAE or Huber) with Adam, AdamW, SGD or RMSprop (-Optimizer), under a learning-rate schedule (-Schedule, -WarmupEpochs; the rate of every epoch is in the history). A stratified share of the rows (-ValidationFraction, 10% by default) or separate -ValidationData reports validation loss and accuracy after each epoch; -Patience stops early and keeps the best epoch's weights. When the data is not standardized yet, a standardizer is fitted on the training rows only and kept with the model. Without -Model, a ConvNet is used for images, an LSTM for sequences and a feed-forward net for tables. The same -Seed with the same data gives the same model on the same machine. Progress is shown with Write-Progress; each epoch's loss, accuracy, rate and time go to the verbose stream and the model's History. Ctrl+C stops after the current batch and still returns the model with its best complete epoch's weights (StopReason Cancelled); a NaN loss stops with a TrainingDiverged error and returns the model too. -CheckpointPath writes a checkpoint after every epoch, -Resume continues from it.</para>
/// </summary>
/// <example><code>Import-Dataset -Sample FashionMnist | Start-Training -Model (New-ConvNet) -Epochs 5</code><para>Trains the default ConvNet on the built-in Fashion-MNIST slice.</para></example>
/// <example><code>$m = Import-Dataset -Sample Penguins -DropMissing | ConvertTo-Standardized | Start-Training -Epochs 30 -Seed 7 -Verbose; $m.History | Format-Table</code><para>Trains the default feed-forward net on the penguins and shows the per-epoch records.</para></example>
/// <example><code>Import-Dataset -Sample Penguins -DropMissing | Start-Training -Optimizer SGD -Momentum 0.9 -LearningRate 0.05 -Schedule Cosine -Epochs 30 -Patience 5 -Seed 1 | Select-Object StopReason, BestEpoch</code><para>Trains with SGD and momentum under a cosine schedule, stopping when the validation loss stops improving; the model says why it stopped and which epoch it kept.</para></example>
/// <example><code>$ckpt = './penguins.ckpt'; Import-Dataset -Sample Penguins -DropMissing | Start-Training -Epochs 4 -CheckpointPath $ckpt -Resume -Seed 2</code><para>Writes a checkpoint after every epoch; run it again after an interruption and it continues where it stopped.</para></example>
[Cmdlet(VerbsLifecycle.Start, "Training")]
[OutputType(typeof(TrainedModel))]
public sealed class StartTrainingCommand : TrainingCmdlet
{
    private readonly CancellationTokenSource _stop = new();

    /// <summary><para type="description">The training data, with a target.</para></summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
    public Dataset Data { get; set; } = null!;

    /// <summary><para type="description">Separate validation data (raw, like the training data): it goes through the transforms fitted on the training rows, never refitted.</para></summary>
    [Parameter] public Dataset? ValidationData { get; set; }
    /// <summary><para type="description">Write a checkpoint (weights, optimiser, schedule, callbacks, random state, history) to this file after every epoch.</para></summary>
    [Parameter] public string? CheckpointPath { get; set; }
    /// <summary><para type="description">Continue from -CheckpointPath when it exists; ends with the same weights and history as an uninterrupted run (augmentation included). The data, model and options must be those of the checkpoint, except -ThreadCount, which is never part of a configuration, and -Epochs, which may be raised (or lowered to no fewer than the epochs done) to continue the run, with the Constant, ReduceOnPlateau and warmup schedules. The Cosine, OneCycle and Step schedules spread their rates over the number of epochs, so the epochs already run would not be those of a longer run: resuming them with another -Epochs is refused (ResumeChangesSchedule).</para></summary>
    [Parameter] public SwitchParameter Resume { get; set; }
    /// <summary><para type="description">Write TensorBoard event files (per-epoch metrics) under this folder. A folder that cannot be written is one non-terminating FileWriteFailed error: training goes on without the log and the model is still returned.</para></summary>
    [Parameter] public string? TensorBoardPath { get; set; }
    /// <summary><para type="description">Also write the training curves to this file (.png or .svg) when training ends. A file that cannot be written is a non-terminating error (OutputFolderNotFound, FileWriteFailed) and the model is still returned.</para></summary>
    [Parameter] [ValidatePattern(@"\.(png|svg)$", Options = System.Text.RegularExpressions.RegexOptions.IgnoreCase)] public string? ChartPath { get; set; }

    protected override void ProcessRecord()
    {
        var options = BuildTrainingOptions();
        if (Resume && CheckpointPath is null)
            Fail(ErrorIds.InvalidTrainingOption, ErrorCategory.InvalidArgument, "-Resume needs -CheckpointPath (the checkpoint to continue from).", null);
        WarnAboutTarget(Data);
        var progress = new ProgressReporter(this, 1, $"Training on {Data.Name}");
        var trainer = new Trainer(Run(() => { options.Validate(); return options; }))
        {
            ValidationData = ValidationData,
            CheckpointPath = CheckpointPath is null ? null : SessionState.Path.GetUnresolvedProviderPathFromPSPath(CheckpointPath),
            Resume = Resume,
            OnBatch = p => Safely(() => progress.Report(
                $"Epoch {p.Epoch}/{p.Epochs}, batch {p.Batch}/{p.Batches}, loss {p.RunningLoss:G5}, learning rate {p.LearningRate:G3}" +
                (p.Remaining is { } left ? $", {left:hh\\:mm\\:ss} left" : ""),
                (int)(100.0 * ((p.Epoch - 1) * p.Batches + p.Batch) / (p.Epochs * p.Batches)))),
            OnEpoch = e => Safely(() => WriteVerbose(
                $"Epoch {e.Epoch}: loss {e.Loss:G5}" + (e.Accuracy is { } acc ? $", accuracy {acc:P2}" : "") +
                (e.ValidationLoss is { } vl ? $", validation loss {vl:G5}" : "") +
                (e.ValidationAccuracy is { } va ? $", validation accuracy {va:P2}" : "") +
                $", learning rate {e.LearningRate:G3}, {e.Seconds:F1} s ({e.ExamplesPerSecond:F0} examples/s)")),
        };
        // a TensorBoard log that cannot be written stops logging, not training: its error is written after the run
        var outputFailures = new List<DeepStatsException>();
        if (TensorBoardPath is not null)
            trainer.Callbacks.Add(new TensorBoardLogger(SessionState.Path.GetUnresolvedProviderPathFromPSPath(TensorBoardPath), outputFailures.Add));
        try
        {
            var model = Run(() => trainer.Fit(Data, Model, _stop.Token));
            foreach (var failure in outputFailures) WriteError(ToErrorRecord(failure));
            switch (model.StopReason)
            {
                case StopReason.Cancelled:
                    // once the pipeline is stopping PowerShell refuses output (WriteObject throws), so the model is also
                    // left where the user can pick it up
                    SessionState.PSVariable.Set("global:DeepStatsCancelledModel", model);
                    WriteWarning($"Training was cancelled after {model.History.Count} complete epoch(s); the model keeps the weights of epoch {model.BestEpoch} and is in $DeepStatsCancelledModel.");
                    break;
                case StopReason.Diverged:
                    WriteError(new ErrorRecord(new DeepStatsException(ErrorIds.TrainingDiverged, FailureKind.InvalidOperation, model.StopMessage ?? "Training diverged."),
                        ErrorIds.TrainingDiverged, ErrorCategory.InvalidResult, model));
                    break;
                case StopReason.EarlyStopping:
                    WriteVerbose($"Early stopping after epoch {model.History.Count}: the model keeps the weights of epoch {model.BestEpoch}.");
                    break;
            }
            if (Data.Recipes.Count > 0 && model.ValidationRows > 0)
                WriteVerbose(DeepStats.Core.Preprocessing.PreprocessingPipeline.Describe(model, model.TrainingRows, model.ValidationRows));
            TrainingReportHook.AfterTraining(this, model, ChartPath);
            WriteObject(model);
        }
        finally
        {
            progress.Complete();
        }
    }

    /// <summary>Writes from a training callback. Once the pipeline is stopping (Ctrl+C) PowerShell refuses writes, possibly
    /// before StopProcessing has cancelled the token: the refusal then cancels it, so the trainer still returns its model
    /// after the current batch instead of failing.</summary>
    private void Safely(Action write)
    {
        try { write(); }
        catch (PipelineStoppedException) { _stop.Cancel(); }
    }

    protected override void StopProcessing() => _stop.Cancel();

    /// <summary>An empty pipeline is an error, not a silent $null model.</summary>
    protected override void EndProcessing()
    {
        if (Data is null)
            Fail(ErrorIds.NoDataReceived, ErrorCategory.InvalidArgument, "No dataset arrived from the pipeline, so nothing was trained. Check the command before the pipe (a filter that matched nothing, an empty folder).", null);
    }
}
