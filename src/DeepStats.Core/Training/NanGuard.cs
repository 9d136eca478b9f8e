using System.Globalization;

namespace DeepStats.Core.Training;

/// <summary>Stops the run before the optimiser step when a batch's loss is NaN or infinite, saying where and what to change.</summary>
public sealed class NanGuard : TrainingCallback
{
    private int _bestEpoch;

    public override void OnEpochEnd(TrainingContext context, EpochRecord record)
    {
        // the epoch the trainer will fall back to is the best one so far; BestWeights decides it, this only words the message
        _bestEpoch = context.History.Count;
    }

    public override void BeforeOptimizerStep(TrainingContext context)
    {
        if (double.IsFinite(context.BatchLoss)) return;
        string lr = context.LearningRate.ToString("G4", CultureInfo.InvariantCulture);
        string lower = (context.LearningRate / 10).ToString("G4", CultureInfo.InvariantCulture);
        context.Stop(StopReason.Diverged,
            $"Training diverged: the loss became {(double.IsNaN(context.BatchLoss) ? "NaN" : "infinite")} at epoch {context.Epoch}, " +
            $"batch {context.Batch} of {context.Batches}, learning rate {lr}. Lower -LearningRate (try {lower}), add -GradientClipNorm 1, " +
            "or check the features for extreme values (standardize them). " +
            (_bestEpoch > 0 ? "The model keeps the weights of its best complete epoch." : "No epoch completed, so the model keeps its initial weights."));
    }
}
