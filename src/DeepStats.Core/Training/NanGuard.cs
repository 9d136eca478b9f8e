using System.Globalization;
using static TorchSharp.torch;

namespace DeepStats.Core.Training;

/// <summary>
/// Stops the run before the optimiser step when a batch diverged, saying where and what to change: its loss is NaN or
/// infinite, its gradients hold a NaN or an infinity (one reduction over them per batch: the sum of every gradient, which
/// is finite exactly when all of them are, barring float32 overflow, itself a divergence), or its loss exceeds
/// <see cref="GrowthFactor"/> times the run's first batch loss (at least 1): a loss of 1e20 from a start near 1 is a run
/// that went wrong even while it is finite.
/// </summary>
public sealed class NanGuard : TrainingCallback
{
    /// <summary>How far a batch loss may grow over the reference (the first batch loss of the run, at least 1) before the run is stopped.</summary>
    public const double GrowthFactor = 1e6;
    private int _bestEpoch;
    private double _reference = double.NaN;

    public override void OnEpochEnd(TrainingContext context, EpochRecord record)
    {
        // the epoch the trainer will fall back to is the best one so far; BestWeights decides it, this only words the message
        _bestEpoch = context.History.Count;
    }

    public override void BeforeOptimizerStep(TrainingContext context)
    {
        double loss = context.BatchLoss;
        string? what = !double.IsFinite(loss) ? $"the loss became {(double.IsNaN(loss) ? "NaN" : "infinite")}"
            : !GradientsFinite(context) ? $"the gradients became {(double.IsNaN(_gradientSum) ? "NaN" : "infinite")} (loss {Text(loss)})"
            : double.IsFinite(_reference) && loss > GrowthFactor * Math.Max(_reference, 1)
                ? $"the loss grew to {Text(loss)}, more than {GrowthFactor:G} times the first batch's {Text(_reference)}"
            : null;
        if (double.IsNaN(_reference) && double.IsFinite(loss)) _reference = loss;
        if (what is null) return;
        string lr = context.LearningRate.ToString("G4", CultureInfo.InvariantCulture);
        string lower = (context.LearningRate / 10).ToString("G4", CultureInfo.InvariantCulture);
        context.Stop(StopReason.Diverged,
            $"Training diverged: {what} at epoch {context.Epoch}, " +
            $"batch {context.Batch} of {context.Batches}, learning rate {lr}. Lower -LearningRate (try {lower}), add -GradientClipNorm 1, " +
            "or check the features for extreme values (standardize them). " +
            (_bestEpoch > 0 ? "The model keeps the weights of its best complete epoch." : "No epoch completed, so the model keeps its initial weights."));
    }

    private double _gradientSum;

    private bool GradientsFinite(TrainingContext context)
    {
        using var scope = NewDisposeScope();
        Tensor? sum = null;
        foreach (var p in context.Module.parameters())
            if (p.grad is { } g) sum = sum is null ? g.sum() : sum + g.sum();
        _gradientSum = sum is null ? 0 : sum.item<float>();
        return double.IsFinite(_gradientSum);
    }

    private static string Text(double v) => v.ToString("G4", CultureInfo.InvariantCulture);

    public override void SaveState(BinaryWriter writer) => writer.Write(_reference);
    public override void LoadState(BinaryReader reader) => _reference = reader.ReadDouble();
}
