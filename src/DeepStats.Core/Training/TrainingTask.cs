using DeepStats.Core.Data;
using static TorchSharp.torch;

namespace DeepStats.Core.Training;

/// <summary>
/// What a target kind brings to the loop: its target tensor, its loss, the per-epoch metrics it
/// accumulates and how losses are reported, so the loop itself never asks whether it is
/// classifying or regressing. <see cref="For"/> picks the task for a dataset.
/// </summary>
public abstract class TrainingTask : IDisposable
{
    /// <summary>Network outputs: the class count, or 1 for a number.</summary>
    public abstract int Outputs { get; }

    /// <summary>The target of the view's rows as a tensor (class indices, or standardized values), built once.</summary>
    public abstract Tensor Targets(DatasetView rows);

    /// <summary>The loss minimised on a batch (a scalar with a graph).</summary>
    public abstract Tensor Loss(Tensor output, Tensor target);

    /// <summary>Adds a batch to the epoch's metric accumulators (no host synchronisation).</summary>
    public abstract void Observe(Tensor output, Tensor target);

    /// <summary>The accumulated metrics by name (without the loss), then resets the accumulators.</summary>
    public abstract IReadOnlyDictionary<string, double> Collect();

    /// <summary>A mean loss as minimised, in the units it is reported in (the target's units for MSE and MAE).</summary>
    public virtual double ReportLoss(double loss) => loss;

    /// <summary>Regression: the training targets' mean and sd (the network predicts (y - mean) / sd).</summary>
    public virtual (double Mean, double Scale) TargetScaling => (0, 1);

    public virtual void Dispose() { }

    /// <summary>The task for a dataset's target, with its statistics (class counts, target mean and sd) taken from the training rows.</summary>
    public static TrainingTask For(DatasetView train, LossOptions options)
    {
        var target = train.Data.Target ?? throw new DeepStatsException(ErrorIds.NoTarget, FailureKind.InvalidData,
            $"Dataset '{train.Data.Name}' has no target column, so there is nothing to learn. Import it with -Target <column>.", train.Data);
        return target.Kind == TargetKind.Regression ? new RegressionTask(train, options) : new ClassificationTask(train, options);
    }
}
