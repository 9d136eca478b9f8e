using static TorchSharp.torch;

namespace DeepStats.Core.Training;

/// <summary>
/// A piece of training behaviour hooked into the loop (Keras' and Lightning's Callback): called on
/// the training thread at train, epoch and batch begin and end, before every optimiser step and
/// when the run fails. A callback that keeps state across epochs writes it in <see cref="SaveState"/>
/// and reads it back in <see cref="LoadState"/>, so checkpoints resume it exactly.
/// </summary>
public abstract class TrainingCallback
{
    /// <summary>The key of this callback's state in a checkpoint (unique among a run's callbacks).</summary>
    public virtual string Name => GetType().Name;
    public virtual void OnTrainBegin(TrainingContext context) { }
    public virtual void OnEpochBegin(TrainingContext context) { }
    public virtual void OnBatchBegin(TrainingContext context) { }
    /// <summary>After backward, before the optimiser step: gradients are in place; <see cref="TrainingContext.BatchLoss"/> is known.
    /// Calling <see cref="TrainingContext.Stop"/> here skips the step.</summary>
    public virtual void BeforeOptimizerStep(TrainingContext context) { }
    public virtual void OnBatchEnd(TrainingContext context) { }
    /// <summary>After the epoch's record (with validation metrics) was added to the history.</summary>
    public virtual void OnEpochEnd(TrainingContext context, EpochRecord record) { }
    public virtual void OnTrainEnd(TrainingContext context) { }
    /// <summary>The run is failing with <paramref name="error"/>; release what must not outlive it.</summary>
    public virtual void OnFailure(TrainingContext context, Exception error) { }
    public virtual void SaveState(BinaryWriter writer) { }
    public virtual void LoadState(BinaryReader reader) { }
}

/// <summary>
/// Replaces the input tensor of a training batch (augmentation); never called for validation.
/// Anything random draws from the generator passed in (the run's seeded generator, which checkpoints
/// resume), or from a seeded generator of its own: then the transform is also a <see cref="TrainingCallback"/>
/// whose state is that generator's, and the trainer adds it to the run's callbacks so checkpoints resume it too
/// (<see cref="Preprocessing.BatchAugmenter"/>).
/// </summary>
public interface IBatchTransform
{
    Tensor Transform(Tensor input, Generator generator);
}

/// <summary>What callbacks see and may change during a run.</summary>
public sealed class TrainingContext
{
    public TrainingContext(nn.Module<Tensor, Tensor> module, optim.Optimizer optimizer, TrainingTask task, TrainingOptions options,
        Generator generator, int batches, List<EpochRecord> history)
    {
        Module = module;
        Optimizer = optimizer;
        Task = task;
        Options = options;
        Generator = generator;
        Batches = batches;
        HistoryList = history;
    }

    public nn.Module<Tensor, Tensor> Module { get; }
    public optim.Optimizer Optimizer { get; }
    public TrainingTask Task { get; }
    public TrainingOptions Options { get; }
    /// <summary>The run's generator (batch order, batch transforms).</summary>
    public Generator Generator { get; }
    /// <summary>The current epoch, 1-based.</summary>
    public int Epoch { get; internal set; }
    /// <summary>The current batch within the epoch, 1-based.</summary>
    public int Batch { get; internal set; }
    public int Batches { get; }
    /// <summary>The mean loss of the current batch as minimised (set before <see cref="TrainingCallback.BeforeOptimizerStep"/>).</summary>
    public double BatchLoss { get; internal set; }
    /// <summary>The mean loss of the epoch's batches so far, as minimised.</summary>
    public double RunningLoss { get; internal set; }
    internal List<EpochRecord> HistoryList { get; }
    public IReadOnlyList<EpochRecord> History => HistoryList;
    /// <summary>Time since the run (or its resumed part) began.</summary>
    public TimeSpan Elapsed => Clock.Elapsed;
    internal System.Diagnostics.Stopwatch Clock { get; } = System.Diagnostics.Stopwatch.StartNew();
    /// <summary>Batches run since the run (or its resumed part) began.</summary>
    public long BatchesRun { get; internal set; }
    /// <summary>The first epoch this process runs: 1, or one more than the epochs a resumed checkpoint holds (so time
    /// estimates count only this part).</summary>
    public int FirstEpoch { get; internal set; } = 1;
    /// <summary>The epoch whose weights the network holds at the end: the last complete one, unless <see cref="BestWeights"/>
    /// put back an earlier one.</summary>
    public int KeptEpoch { get; internal set; }

    /// <summary>The learning rate of the optimiser's first parameter group.</summary>
    public double LearningRate
    {
        get => Optimizer.ParamGroups.First().LearningRate;
        set { foreach (var g in Optimizer.ParamGroups) g.LearningRate = value; }
    }

    public StopReason? StopRequested { get; private set; }
    /// <summary>Why the run diverged (set with <see cref="StopReason.Diverged"/>).</summary>
    public string? StopMessage { get; private set; }

    /// <summary>Asks the loop to stop after the current step (the first request wins).</summary>
    public void Stop(StopReason reason, string? message = null)
    {
        if (StopRequested is not null) return;
        StopRequested = reason;
        StopMessage = message;
    }
}
