using System.Management.Automation;
using DeepStats.Core;
using DeepStats.Core.Data;
using DeepStats.Core.Models;
using DeepStats.Core.Training;

namespace DeepStats.Commands;

/// <summary>
/// The training parameters shared by every cmdlet that trains (Start-Training, Invoke-CrossValidation),
/// as PowerShell's CSV cmdlets share theirs through a base class: one hashtable of them splats to
/// all of them. A new training parameter goes here, with its mapping in <see cref="BuildTrainingOptions"/>,
/// and every training cmdlet takes it.
/// </summary>
public abstract class TrainingCmdlet : DeepStatsCmdlet
{
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
    /// <summary><para type="description">Do not fit a standardizer when the data has none.</para></summary>
    [Parameter] public SwitchParameter NoStandardize { get; set; }
    /// <summary><para type="description">Random changes applied to each training batch (New-Augmentation); validation rows are never changed.</para></summary>
    [Parameter] public DeepStats.Core.Preprocessing.AugmentationPolicy? Augmentation { get; set; }
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
    /// <summary><para type="description">The learning-rate schedule, stepped per epoch after the warmup: Constant; Step (x0.1 every third of the epochs); Cosine (down to 0 at the end); OneCycle (from rate/25 up to the rate over 30% of the epochs, then down); ReduceOnPlateau (x0.1 after 3 epochs without a lower validation loss). Step, Cosine and OneCycle depend on -Epochs, so a checkpoint of them resumes only with the same -Epochs.</para></summary>
    [Parameter] public ScheduleKind Schedule { get; set; } = ScheduleKind.Constant;
    /// <summary><para type="description">Epochs of linear warmup before the schedule starts.</para></summary>
    [Parameter] [ValidateRange(0, 100000)] public int WarmupEpochs { get; set; }
    /// <summary><para type="description">Early stopping: stop after this many epochs without improvement of -Monitor and keep the best epoch's weights; 0 for none.</para></summary>
    [Parameter] [ValidateRange(0, 100000)] public int Patience { get; set; }
    /// <summary><para type="description">Early stopping: the smallest change that counts as an improvement.</para></summary>
    [Parameter] [ValidateRange(0.0, 1e9)] public double MinDelta { get; set; }
    /// <summary><para type="description">What early stopping and best-weight selection watch: ValidationLoss, ValidationAccuracy or Loss.</para></summary>
    [Parameter] public MonitorMetric Monitor { get; set; } = MonitorMetric.ValidationLoss;
    /// <summary><para type="description">Torch threads for this run (restored afterwards); 1 suits a scheduled job on a shared host.</para></summary>
    [Parameter] [ValidateRange(1, 1024)] public int ThreadCount { get; set; }
    /// <summary><para type="description">The memory the run may use, in bytes (8GB): the network's weights, gradients and optimiser state and one batch of activations, computed from the layer shapes before anything is allocated. A larger network is refused (ModelTooLarge) naming the layer that weighs most. Default: 80% of the memory available to the process. Never part of a configuration.</para></summary>
    [Parameter] [ValidateRange(1L, long.MaxValue)] public long MemoryLimit { get; set; }

    /// <summary>The bound training parameters as the engine's options.</summary>
    protected TrainingOptions BuildTrainingOptions() => new()
    {
        Epochs = Epochs,
        BatchSize = BatchSize,
        LearningRate = LearningRate,
        WeightDecay = WeightDecay,
        Seed = Seed,
        ValidationFraction = ValidationFraction,
        Standardize = !NoStandardize,
        Augmentation = Augmentation,
        Optimizer = new OptimizerOptions { Kind = Optimizer, Momentum = Momentum, Nesterov = Nesterov },
        Loss = LossOptionsFrom(),
        Schedule = new ScheduleOptions { Kind = Schedule, WarmupEpochs = WarmupEpochs },
        EarlyStopping = Patience > 0 ? new EarlyStoppingOptions { Patience = Patience, MinDelta = MinDelta, Monitor = Monitor } : null,
        L1 = L1,
        GradientClipNorm = MyInvocation.BoundParameters.ContainsKey(nameof(GradientClipNorm)) ? GradientClipNorm : null,
        ThreadCount = MyInvocation.BoundParameters.ContainsKey(nameof(ThreadCount)) ? ThreadCount : null,
        MemoryLimitBytes = MyInvocation.BoundParameters.ContainsKey(nameof(MemoryLimit)) ? MemoryLimit : null,
    };

    protected LossOptions LossOptionsFrom()
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

    /// <summary>Warns when a class target looks like a quantity (many classes, all numbers) and names classes with a single row.</summary>
    protected void WarnAboutTarget(Dataset data)
    {
        if (data.Target is { Kind: TargetKind.Classification, ClassCount: > 50 } many &&
            many.Classes.All(c => double.TryParse(c, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out _)))
            WriteWarning($"Target '{many.Name}' has {many.ClassCount} classes, all of them numbers. If it is a quantity to predict, import it with -TargetKind Regression.");
        if (data.Target is { Kind: TargetKind.Classification } classes)
            foreach (var (name, count) in classes.Classes.Zip(classes.ClassCounts()))
                if (count == 1)
                    WriteWarning($"Class '{name}' of target '{classes.Name}' has a single row: the model can hardly learn it, and no validation or test rows can measure it. " +
                                 "Collect more rows of it, merge it with another class, or leave it out.");
    }
}
