using DeepStats.Core.Data;
using DeepStats.Core.Models;
using DeepStats.Core.Training;

namespace DeepStats.Core.Evaluation;

/// <summary>
/// The one place cross-validation trains a model: a fold's training rows (already carrying the
/// preprocessing refitted on them) in, a trained model out, with the same options Start-Training
/// takes. Seam for the training engine: re-pointing this method at a new trainer moves every fold.
/// </summary>
internal static class FoldTrainer
{
    public static TrainedModel Train(Dataset foldTrain, ModelSpec? spec, TrainingOptions options,
        Action<TrainingProgress>? onBatch, Action<EpochRecord>? onEpoch, CancellationToken cancel) =>
        Trainer.Train(foldTrain, spec, options, onBatch, onEpoch, cancel);

    /// <summary>False when training stopped before its last epoch (cancelled): the fold does not count.</summary>
    public static bool Finished(TrainedModel model) => model.Completed;
}
