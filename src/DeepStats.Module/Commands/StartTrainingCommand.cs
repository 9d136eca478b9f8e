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
/// <example><code>$ckpt = Join-Path ([IO.Path]::GetTempPath()) 'penguins.ckpt'; Import-Dataset -Sample Penguins -DropMissing | Start-Training -Epochs 4 -CheckpointPath $ckpt -Resume -Seed 2</code><para>Writes a checkpoint after every epoch; run it again after an interruption and it continues where it stopped.</para></example>
[Cmdlet(VerbsLifecycle.Start, "Training")]
[OutputType(typeof(TrainedModel))]
public sealed class StartTrainingCommand : DeepStatsCmdlet
{
    private readonly CancellationTokenSource _stop = new();

    /// <summary><para type="description">The training data, with a target.</para></summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
    public Dataset Data { get; set; } = null!;

    /// <summary><para type="description">The network (New-ConvNet, New-FeedForwardNet). Chosen from the data when omitted.</para></summary>
    [Parameter(Position = 1)]
    public ModelSpec? Model { get; set; }

    /// <summary><para type="description">Passes over the training data.</para></summary>
    [Parameter] [ValidateRange(1, 100000)] public int Epochs { get; set; } = 10;
    /// <summary><para type="description">Examples per gradient step.</para></summary>
    [Parameter] [ValidateRange(1, 1000000)] public int BatchSize { get; set; } = 64;
    /// <summary><para type="description">The optimiser's base learning rate (the schedule scales it per epoch).</para></summary>
    [Parameter] [ValidateRange(1e-9, 1e6)] public double LearningRate { get; set; } = 1e-3;
    /// <summary><para type="description">Weight decay: added to the gradient (L2) for Adam, SGD and RMSprop; decoupled for AdamW.</para></summary>
    [Parameter] [ValidateRange(0.0, 1.0)] public double WeightDecay { get; set; }
    /// <summary><para type="description">Seed of weight initialisation, validation split and batch order.</para></summary>
    [Parameter] public int Seed { get; set; }
    /// <summary><para type="description">Share of rows held out for validation (stratified); 0 for none. Ignored with -ValidationData.</para></summary>
    [Parameter] [ValidateRange(0.0, 0.9)] public double ValidationFraction { get; set; } = 0.1;
    /// <summary><para type="description">Separate validation data (raw, like the training data): it goes through the transforms fitted on the training rows, never refitted.</para></summary>
    [Parameter] public Dataset? ValidationData { get; set; }
    /// <summary><para type="description">Do not fit a standardizer when the data has none.</para></summary>
    [Parameter] public SwitchParameter NoStandardize { get; set; }
    /// <summary><para type="description">The optimiser: Adam, AdamW, SGD or RMSprop.</para></summary>
    [Parameter] public OptimizerKind Optimizer { get; set; } = OptimizerKind.Adam;
    /// <summary><para type="description">Momentum for SGD and RMSprop.</para></summary>
    [Parameter] [ValidateRange(0.0, 0.999)] public double Momentum { get; set; }
    /// <summary><para type="description">Nesterov momentum (SGD, with -Momentum).</para></summary>
    [Parameter] public SwitchParameter Nesterov { get; set; }
    /// <summary><para type="description">The loss: Auto (cross-entropy for classes, MSE for numbers), CrossEntropy, MSE, MAE or Huber.</para></summary>
    [Parameter] public LossKind Loss { get; set; } = LossKind.Auto;
    /// <summary><para type="description">Class weights in the loss: 'Balanced' (n / (classes x class count)) or a hashtable label -> weight.</para></summary>
    [Parameter] public object? ClassWeight { get; set; }
    /// <summary><para type="description">Label smoothing of the cross-entropy target (0 to below 1).</para></summary>
    [Parameter] [ValidateRange(0.0, 0.99)] public double LabelSmoothing { get; set; }
    /// <summary><para type="description">L1 penalty on the weights.</para></summary>
    [Parameter] [ValidateRange(0.0, 1.0)] public double L1 { get; set; }
    /// <summary><para type="description">Clip the joint L2 norm of the gradients to this value.</para></summary>
    [Parameter] [ValidateRange(1e-9, 1e9)] public double GradientClipNorm { get; set; }
    /// <summary><para type="description">The learning-rate schedule, stepped per epoch after the warmup: Constant; Step (x0.1 every third of the epochs); Cosine (down to 0 at the end); OneCycle (from rate/25 up to the rate over 30% of the epochs, then down); ReduceOnPlateau (x0.1 after 3 epochs without a lower validation loss).</para></summary>
    [Parameter] public ScheduleKind Schedule { get; set; } = ScheduleKind.Constant;
    /// <summary><para type="description">Epochs of linear warmup before the schedule starts.</para></summary>
    [Parameter] [ValidateRange(0, 100000)] public int WarmupEpochs { get; set; }
    /// <summary><para type="description">Early stopping: stop after this many epochs without improvement of -Monitor and keep the best epoch's weights; 0 for none.</para></summary>
    [Parameter] [ValidateRange(0, 100000)] public int Patience { get; set; }
    /// <summary><para type="description">Early stopping: the smallest change that counts as an improvement.</para></summary>
    [Parameter] [ValidateRange(0.0, 1e9)] public double MinDelta { get; set; }
    /// <summary><para type="description">What early stopping and best-weight selection watch: ValidationLoss, ValidationAccuracy or Loss.</para></summary>
    [Parameter] public MonitorMetric Monitor { get; set; } = MonitorMetric.ValidationLoss;
    /// <summary><para type="description">Write a checkpoint (weights, optimiser, schedule, callbacks, random state, history) to this file after every epoch.</para></summary>
    [Parameter] public string? CheckpointPath { get; set; }
    /// <summary><para type="description">Continue from -CheckpointPath when it exists; ends with the same weights and history as an uninterrupted run.</para></summary>
    [Parameter] public SwitchParameter Resume { get; set; }
    /// <summary><para type="description">Write TensorBoard event files (per-epoch metrics) under this folder.</para></summary>
    [Parameter] public string? TensorBoardPath { get; set; }
    /// <summary><para type="description">Torch threads for this run (restored afterwards); 1 suits a scheduled job on a shared host.</para></summary>
    [Parameter] [ValidateRange(1, 1024)] public int ThreadCount { get; set; }

    protected override void ProcessRecord()
    {
        var options = new TrainingOptions
        {
            Epochs = Epochs,
            BatchSize = BatchSize,
            LearningRate = LearningRate,
            WeightDecay = WeightDecay,
            Seed = Seed,
            ValidationFraction = ValidationFraction,
            Standardize = !NoStandardize,
            Optimizer = new OptimizerOptions { Kind = Optimizer, Momentum = Momentum, Nesterov = Nesterov },
            Loss = LossOptionsFrom(),
            Schedule = new ScheduleOptions { Kind = Schedule, WarmupEpochs = WarmupEpochs, StepSize = Math.Max(1, (Epochs - WarmupEpochs) / 3) },
            EarlyStopping = Patience > 0 ? new EarlyStoppingOptions { Patience = Patience, MinDelta = MinDelta, Monitor = Monitor } : null,
            L1 = L1,
            GradientClipNorm = MyInvocation.BoundParameters.ContainsKey(nameof(GradientClipNorm)) ? GradientClipNorm : null,
            ThreadCount = MyInvocation.BoundParameters.ContainsKey(nameof(ThreadCount)) ? ThreadCount : null,
        };
        if (Resume && CheckpointPath is null)
            Fail(ErrorIds.InvalidTrainingOption, ErrorCategory.InvalidArgument, "-Resume needs -CheckpointPath (the checkpoint to continue from).", null);
        if (Data.Target is { Kind: DeepStats.Core.Data.TargetKind.Classification, ClassCount: > 50 } many &&
            many.Classes.All(c => double.TryParse(c, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out _)))
            WriteWarning($"Target '{many.Name}' has {many.ClassCount} classes, all of them numbers. If it is a quantity to predict, import it with -TargetKind Regression.");
        var progress = new ProgressReporter(this, 1, $"Training on {Data.Name}");
        var trainer = new Trainer(Run(() => { options.Validate(); return options; }))
        {
            ValidationData = ValidationData,
            CheckpointPath = CheckpointPath is null ? null : SessionState.Path.GetUnresolvedProviderPathFromPSPath(CheckpointPath),
            Resume = Resume,
            TensorBoardPath = TensorBoardPath is null ? null : SessionState.Path.GetUnresolvedProviderPathFromPSPath(TensorBoardPath),
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
        try
        {
            var model = Run(() => trainer.Fit(Data, Model, _stop.Token));
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

    private LossOptions LossOptionsFrom()
    {
        var loss = new LossOptions { Kind = Loss, LabelSmoothing = LabelSmoothing };
        switch (ClassWeight is PSObject ps ? ps.BaseObject : ClassWeight)
        {
            case null:
                return loss;
            case string s when s.Equals("Balanced", StringComparison.OrdinalIgnoreCase):
                return loss with { BalancedClassWeights = true };
            case System.Collections.IDictionary table:
                var weights = new Dictionary<string, double>();
                foreach (System.Collections.DictionaryEntry kv in table)
                {
                    if (!LanguagePrimitives.TryConvertTo<double>(kv.Value, System.Globalization.CultureInfo.InvariantCulture, out var w))
                        Fail(ErrorIds.InvalidClassWeight, ErrorCategory.InvalidArgument, $"Class weight for '{kv.Key}' must be a number; got '{kv.Value}'.", kv.Value);
                    weights[LanguagePrimitives.ConvertTo<string>(kv.Key)] = w;
                }
                return loss with { ClassWeights = weights };
            default:
                Fail(ErrorIds.InvalidClassWeight, ErrorCategory.InvalidArgument,
                    $"-ClassWeight takes 'Balanced' or a hashtable of label -> weight (@{{ yes = 5 }}); got '{ClassWeight}'.", ClassWeight);
                return loss;
        }
    }

    protected override void StopProcessing() => _stop.Cancel();
}
