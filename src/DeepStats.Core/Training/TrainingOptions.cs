using System.Text.Json.Serialization;

namespace DeepStats.Core.Training;

/// <summary>Every knob of a training run, each with a default that works. Cmdlet parameters map onto these one to one.
/// Plain data (System.Text.Json round trip), so a model file can store the options it was trained with.</summary>
public sealed record TrainingOptions
{
    public int Epochs { get; init; } = 10;
    public int BatchSize { get; init; } = 64;
    /// <summary>The optimiser's base rate (the schedule scales it per epoch).</summary>
    public double LearningRate { get; init; } = 1e-3;
    /// <summary>Weight decay: added to the gradient (L2) for Adam, SGD and RMSprop, decoupled for AdamW.</summary>
    public double WeightDecay { get; init; }
    /// <summary>Seeds weight initialisation, the validation split and batch order: same seed, same data, same result.</summary>
    public int Seed { get; init; }
    /// <summary>Share of the training rows held out (stratified) to report validation loss and accuracy each epoch; 0 for none.
    /// Ignored when validation data is given.</summary>
    public double ValidationFraction { get; init; } = 0.1;
    /// <summary>Fit a standardizer on the training rows when the data carries none.</summary>
    public bool Standardize { get; init; } = true;
    /// <summary>Random changes to each training batch (New-Augmentation), or null for none.</summary>
    public Preprocessing.AugmentationPolicy? Augmentation { get; init; }
    public OptimizerOptions Optimizer { get; init; } = new();
    public LossOptions Loss { get; init; } = new();
    public ScheduleOptions Schedule { get; init; } = new();
    /// <summary>Stop when the monitored metric stops improving; null for no early stopping.</summary>
    public EarlyStoppingOptions? EarlyStopping { get; init; }
    /// <summary>L1 penalty on the weights (tensors with two or more dimensions): adds L1 * sign(w) to their gradients.</summary>
    public double L1 { get; init; }
    /// <summary>Rescale the gradients so their joint L2 norm is at most this; null for no clipping.</summary>
    public double? GradientClipNorm { get; init; }
    /// <summary>Torch threads for the run (restored afterwards); null keeps the process setting.</summary>
    public int? ThreadCount { get; init; }
    /// <summary>The memory budget of the run in bytes (weights, gradients, optimiser state and a batch of activations,
    /// <see cref="Models.MemoryFootprint"/>); null is 80% of the memory available to the process. Like
    /// <see cref="ThreadCount"/>, never part of a configuration.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] public long? MemoryLimitBytes { get; init; }

    public void Validate()
    {
        if (Epochs < 1) throw Bad($"Epochs must be at least 1; got {Epochs}.");
        if (BatchSize < 1) throw Bad($"BatchSize must be at least 1; got {BatchSize}.");
        if (!(LearningRate > 0) || double.IsInfinity(LearningRate)) throw Bad($"LearningRate must be a positive number; got {LearningRate}.");
        if (!(WeightDecay >= 0)) throw Bad($"WeightDecay must not be negative; got {WeightDecay}.");
        if (ValidationFraction is < 0 or >= 1) throw Bad($"ValidationFraction must be at least 0 and below 1; got {ValidationFraction}.");
        if (!(L1 >= 0)) throw Bad($"L1 must not be negative; got {L1}.");
        if (GradientClipNorm is { } c && !(c > 0)) throw Bad($"GradientClipNorm must be positive; got {c}.");
        if (ThreadCount is < 1) throw Bad($"ThreadCount must be at least 1; got {ThreadCount}.");
        if (MemoryLimitBytes is < 1) throw Bad($"MemoryLimit must be a positive number of bytes; got {MemoryLimitBytes}.");
        if (Optimizer.Momentum is < 0 or >= 1) throw Bad($"Momentum must be at least 0 and below 1; got {Optimizer.Momentum}.");
        if (Optimizer.Nesterov && !(Optimizer.Momentum > 0)) throw Bad("Nesterov momentum needs -Momentum above 0.");
        if (Loss.LabelSmoothing is < 0 or >= 1) throw Bad($"LabelSmoothing must be at least 0 and below 1; got {Loss.LabelSmoothing}.");
        if (Schedule.WarmupEpochs < 0 || Schedule.WarmupEpochs >= Epochs && Schedule.WarmupEpochs > 0)
            throw Bad($"WarmupEpochs must be at least 0 and below Epochs ({Epochs}); got {Schedule.WarmupEpochs}.");
        if (Schedule.StepSize is < 1) throw Bad($"Schedule StepSize must be at least 1; got {Schedule.StepSize}.");
        if (!(Schedule.Gamma > 0 && Schedule.Gamma <= 1)) throw Bad($"Schedule Gamma must be in (0, 1]; got {Schedule.Gamma}.");
        if (!(Schedule.MinLearningRate >= 0)) throw Bad($"MinLearningRate must not be negative; got {Schedule.MinLearningRate}.");
        if (EarlyStopping is { } es && (es.Patience < 1 || !(es.MinDelta >= 0)))
            throw Bad($"Early stopping needs Patience at least 1 and MinDelta at least 0; got {es.Patience} and {es.MinDelta}.");
    }

    private static DeepStatsException Bad(string m) => new(ErrorIds.InvalidTrainingOption, FailureKind.InvalidArgument, m);

    /// <summary>
    /// The run's configuration: every option that can change what training computes. <see cref="ThreadCount"/> and
    /// <see cref="MemoryLimitBytes"/> are never part of it (how fast the machine runs the same configuration, and what it may use). The one "same configuration" rule:
    /// cross-validation pieces join (<see cref="Evaluation.CrossValidationResult.Join"/>) and checkpoints resume
    /// (<see cref="TrainingCheckpoint"/>) only between equal configurations, compared here. A step size is part of it only
    /// under the Step schedule (other schedules never read it; older runs stored one derived from the epochs).
    /// </summary>
    [JsonIgnore] public TrainingOptions Configuration => this with
    {
        ThreadCount = null,
        MemoryLimitBytes = null,
        Schedule = Schedule.Kind == ScheduleKind.Step ? Schedule : Schedule with { StepSize = null },
    };

    /// <summary>The configuration as JSON, the form that is compared, hashed and stored in checkpoints.</summary>
    public string ConfigurationJson() => System.Text.Json.JsonSerializer.Serialize(Configuration, Persistence.JsonConvention.Options);

    /// <summary>Whether the schedule's rates depend on the number of epochs (cosine and one-cycle span the epochs after the
    /// warmup; a step schedule without a step size steps every third of them).</summary>
    [JsonIgnore] public bool ScheduleDependsOnEpochs => Schedule.Kind is ScheduleKind.Cosine or ScheduleKind.OneCycle
        || Schedule.Kind == ScheduleKind.Step && Schedule.StepSize is null;

    /// <summary>
    /// Null when <paramref name="other"/> is the same configuration as this one; otherwise the options that differ, by
    /// name with both values. With <paramref name="epochsMayChange"/> (resuming a checkpoint) Epochs may differ, unless the
    /// schedule's shape depends on it (<see cref="ScheduleDependsOnEpochs"/>): that is a difference too.
    /// </summary>
    public string? DifferenceFrom(TrainingOptions other, bool epochsMayChange = false)
    {
        var a = System.Text.Json.JsonSerializer.SerializeToNode(Configuration, Persistence.JsonConvention.Options)!.AsObject();
        var b = System.Text.Json.JsonSerializer.SerializeToNode(other.Configuration, Persistence.JsonConvention.Options)!.AsObject();
        var diffs = new List<string>();
        foreach (var name in a.Select(kv => kv.Key).Union(b.Select(kv => kv.Key)))
        {
            string x = a[name]?.ToJsonString() ?? "null", y = b[name]?.ToJsonString() ?? "null";
            // the JSON convention names properties in camelCase; messages name the option as the parameter is spelt
            string option = char.ToUpperInvariant(name[0]) + name[1..];
            if (x == y || option == nameof(Epochs) && epochsMayChange && !ScheduleDependsOnEpochs) continue;
            diffs.Add($"{option} {x} vs {y}");
        }
        return diffs.Count == 0 ? null : string.Join("; ", diffs);
    }
}

/// <summary>Which TorchSharp optimiser, and its own knobs (the rate and weight decay are on <see cref="TrainingOptions"/>).</summary>
public sealed record OptimizerOptions
{
    public OptimizerKind Kind { get; init; } = OptimizerKind.Adam;
    /// <summary>SGD and RMSprop momentum (0 = none).</summary>
    public double Momentum { get; init; }
    /// <summary>SGD: Nesterov momentum.</summary>
    public bool Nesterov { get; init; }
    public double Beta1 { get; init; } = 0.9;
    public double Beta2 { get; init; } = 0.999;
    public double Epsilon { get; init; } = 1e-8;
    public override string ToString() => Kind switch
    {
        OptimizerKind.SGD => Momentum > 0 ? $"SGD (momentum {Momentum}{(Nesterov ? ", Nesterov" : "")})" : "SGD",
        OptimizerKind.RMSprop => Momentum > 0 ? $"RMSprop (momentum {Momentum})" : "RMSprop",
        _ => Kind.ToString(),
    };
}

/// <summary>The loss and its class weighting. Class weights: <see cref="BalancedClassWeights"/> (n / (classes x n_class),
/// counted on the training rows) or explicit label -> weight pairs (labels not listed weigh 1).</summary>
public sealed record LossOptions
{
    public LossKind Kind { get; init; } = LossKind.Auto;
    public bool BalancedClassWeights { get; init; }
    public IReadOnlyDictionary<string, double>? ClassWeights { get; init; }
    /// <summary>Cross-entropy against (1 - s) one-hot + s / classes.</summary>
    public double LabelSmoothing { get; init; }
}

/// <summary>The learning-rate schedule, stepped once per epoch after the warmup (the rate rises linearly to the base
/// rate over <see cref="WarmupEpochs"/> epochs: base x e / (warmup + 1) in epoch e).</summary>
public sealed record ScheduleOptions
{
    public ScheduleKind Kind { get; init; } = ScheduleKind.Constant;
    public int WarmupEpochs { get; init; }
    /// <summary>Step: epochs between reductions; null for a third of the epochs after the warmup (at least 1).</summary>
    public int? StepSize { get; init; }
    /// <summary>Step: the factor applied every StepSize epochs; ReduceOnPlateau: the factor applied on a plateau.</summary>
    public double Gamma { get; init; } = 0.1;
    /// <summary>Cosine: the rate reached at the end.</summary>
    public double MinLearningRate { get; init; }
    /// <summary>ReduceOnPlateau: epochs without improvement (relative 1e-4) before the rate is reduced.</summary>
    public int PlateauPatience { get; init; } = 3;
}

/// <summary>Stop when <see cref="Monitor"/> has not improved by more than <see cref="MinDelta"/> for <see cref="Patience"/> epochs;
/// the best epoch's weights are restored.</summary>
public sealed record EarlyStoppingOptions
{
    public int Patience { get; init; } = 5;
    public double MinDelta { get; init; }
    public MonitorMetric Monitor { get; init; } = MonitorMetric.ValidationLoss;
}

/// <summary>What happened in one epoch. Loss is the mean training loss per example as minimised (cross-entropy, with class
/// weights and label smoothing when set) or, for a numeric target, MSE / MAE in the target's units (Huber on the
/// standardized target); accuracy a fraction, null for regression. <see cref="Metrics"/> holds the same facts by name
/// (loss, accuracy, val_loss, val_accuracy, lr, seconds, examples_per_second).</summary>
public sealed record EpochRecord(
    int Epoch,
    double Loss,
    double? Accuracy,
    double? ValidationLoss,
    double? ValidationAccuracy,
    double Seconds,
    double ExamplesPerSecond,
    double LearningRate)
{
    public IReadOnlyDictionary<string, double> Metrics { get; init; } = new Dictionary<string, double>();

    /// <summary>Value equality that includes the metrics (a dictionary alone compares by reference), so a record read
    /// back from a model file or checkpoint equals the one written.</summary>
    public bool Equals(EpochRecord? other) =>
        other is not null && Epoch == other.Epoch && Loss.Equals(other.Loss) && Nullable.Equals(Accuracy, other.Accuracy)
        && Nullable.Equals(ValidationLoss, other.ValidationLoss) && Nullable.Equals(ValidationAccuracy, other.ValidationAccuracy)
        && Seconds.Equals(other.Seconds) && ExamplesPerSecond.Equals(other.ExamplesPerSecond) && LearningRate.Equals(other.LearningRate)
        && Metrics.Count == other.Metrics.Count && Metrics.All(kv => other.Metrics.TryGetValue(kv.Key, out var v) && v.Equals(kv.Value));

    public override int GetHashCode() => HashCode.Combine(Epoch, Loss, ValidationLoss, LearningRate, Metrics.Count);
}

/// <summary>Progress within an epoch, reported between batches on the training thread.</summary>
public readonly record struct TrainingProgress(int Epoch, int Epochs, int Batch, int Batches, double RunningLoss)
{
    /// <summary>Estimated time to the end of the run (null before the first batch ends).</summary>
    public TimeSpan? Remaining { get; init; }
    public double LearningRate { get; init; }
}
