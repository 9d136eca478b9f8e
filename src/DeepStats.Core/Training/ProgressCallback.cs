namespace DeepStats.Core.Training;

/// <summary>Turns the loop's events into <see cref="TrainingProgress"/> (with the time left) and epoch records for the caller's delegates.</summary>
public sealed class ProgressCallback : TrainingCallback
{
    private readonly Action<TrainingProgress>? _onBatch;
    private readonly Action<EpochRecord>? _onEpoch;

    public ProgressCallback(Action<TrainingProgress>? onBatch, Action<EpochRecord>? onEpoch)
    {
        _onBatch = onBatch;
        _onEpoch = onEpoch;
    }

    public override void OnBatchEnd(TrainingContext c)
    {
        if (_onBatch is null) return;
        long total = (long)(c.Options.Epochs - c.FirstEpoch + 1) * c.Batches;
        long done = (long)(c.Epoch - c.FirstEpoch) * c.Batches + c.Batch;
        TimeSpan? left = done > 0 ? TimeSpan.FromSeconds(c.Elapsed.TotalSeconds / done * (total - done)) : null;
        _onBatch(new TrainingProgress(c.Epoch, c.Options.Epochs, c.Batch, c.Batches, c.Task.ReportLoss(c.RunningLoss))
        { Remaining = left, LearningRate = c.LearningRate });
    }

    public override void OnEpochEnd(TrainingContext context, EpochRecord record) => _onEpoch?.Invoke(record);
}
