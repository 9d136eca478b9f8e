using DeepStats.Core.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace DeepStats.Core.Training;

/// <summary>A class target: cross-entropy (optionally class-weighted and label-smoothed) on the logits; accuracy as metric.</summary>
public sealed class ClassificationTask : TrainingTask
{
    private readonly Tensor? _weights;
    private readonly double _smoothing;
    private Tensor? _correct;
    private long _seen;

    public ClassificationTask(DatasetView train, LossOptions options)
    {
        var target = train.Data.Target!;
        if (target.ClassCount < 2)
            throw new DeepStatsException(ErrorIds.TooFewClasses, FailureKind.InvalidData,
                $"Target '{target.Name}' has {target.ClassCount} class(es); classification needs at least 2.", train.Data);
        if (options.Kind is not (LossKind.Auto or LossKind.CrossEntropy))
            throw new DeepStatsException(ErrorIds.LossNotForTarget, FailureKind.InvalidArgument,
                $"Target '{target.Name}' holds classes; -Loss {options.Kind} is for numeric targets. Use CrossEntropy (the default for classes), " +
                "or import the target with -TargetKind Regression if it is a quantity.", options.Kind);
        Outputs = target.ClassCount;
        ClassWeights = Weights(train, options);
        if (ClassWeights is not null) _weights = tensor(ClassWeights.Select(w => (float)w).ToArray());
        _smoothing = options.LabelSmoothing;
    }

    public override int Outputs { get; }

    /// <summary>The weight of each class in the loss (class order), null when unweighted.</summary>
    public double[]? ClassWeights { get; }

    /// <summary>Balanced: n / (k x n_c) over the training rows (scikit-learn's definition); or the given label -> weight pairs.</summary>
    internal static double[]? Weights(DatasetView train, LossOptions options)
    {
        var target = train.Data.Target!;
        if (options.BalancedClassWeights)
        {
            var counts = new int[target.ClassCount];
            for (int i = 0; i < train.Count; i++) if (target.Labels[train.Row(i)] is var l and >= 0) counts[l]++;
            long n = counts.Sum(c => (long)c);
            return counts.Select((c, i) => c > 0 ? n / ((double)target.ClassCount * c) : 1.0).ToArray();
        }
        if (options.ClassWeights is not { Count: > 0 } given) return null;
        var weights = Enumerable.Repeat(1.0, target.ClassCount).ToArray();
        foreach (var (label, w) in given)
        {
            int c = Array.IndexOf(target.Classes, label);
            if (c < 0)
                throw new DeepStatsException(ErrorIds.InvalidClassWeight, FailureKind.InvalidArgument,
                    $"Class weight for '{label}': target '{target.Name}' has no such class (classes: {string.Join(", ", target.Classes)}).", label);
            if (!(w > 0) || double.IsInfinity(w))
                throw new DeepStatsException(ErrorIds.InvalidClassWeight, FailureKind.InvalidArgument,
                    $"Class weight for '{label}' must be a positive number; got {w}.", label);
            weights[c] = w;
        }
        return weights;
    }

    public override Tensor Targets(DatasetView rows) => TensorFactory.Labels(rows);

    public override Tensor Loss(Tensor output, Tensor target) =>
        nn.functional.cross_entropy(output, target, _weights, label_smoothing: _smoothing);

    public override void Observe(Tensor output, Tensor target)
    {
        using var _ = no_grad();
        using var hits = output.argmax(1).eq(target).sum();
        if (_correct is null) _correct = hits.clone().DetachFromDisposeScope();
        else _correct.add_(hits);
        _seen += target.shape[0];
    }

    public override IReadOnlyDictionary<string, double> Collect()
    {
        double acc = _correct is null || _seen == 0 ? double.NaN : _correct.item<long>() / (double)_seen;
        _correct?.Dispose();
        _correct = null;
        _seen = 0;
        return new Dictionary<string, double> { ["accuracy"] = acc };
    }

    public override void Dispose()
    {
        _weights?.Dispose();
        _correct?.Dispose();
    }
}
