using DeepStats.Core.Data;
using DeepStats.Core.Models;
using DeepStats.Core.Training;

namespace DeepStats.Core.Evaluation;

/// <summary>
/// The one place cross-validation trains a model: a view of the fold's training rows in (the data and
/// row indices, no copy; the trainer cuts its validation holdout from them and refits the data's
/// recipes on the rest, once), a trained model out, with the same options Start-Training takes.
/// Seam for the training engine: re-pointing this method at a new trainer moves every fold.
/// </summary>
internal static class FoldTrainer
{
    public static TrainedModel Train(DatasetView foldTrain, ModelSpec? spec, TrainingOptions options,
        Action<TrainingProgress>? onBatch, Action<EpochRecord>? onEpoch, CancellationToken cancel) =>
        new Trainer(options) { OnBatch = onBatch, OnEpoch = onEpoch }.Fit(foldTrain, spec, cancel);

    /// <summary>False when training stopped before its last epoch (cancelled): the fold does not count.</summary>
    public static bool Finished(TrainedModel model) => model.Completed;
}
