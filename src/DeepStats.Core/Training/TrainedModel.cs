using DeepStats.Core.Data;
using DeepStats.Core.Models;
using DeepStats.Core.Preprocessing;
using static TorchSharp.torch;

namespace DeepStats.Core.Training;

/// <summary>
/// What training returns: the resolved spec and trained weights, the fitted preprocessing, the
/// schema of the model's input and the class labels, the per-epoch history and the options used.
/// Evaluation and prediction go through it, so new data always gets the training-time transforms
/// and encodings.
/// </summary>
public sealed class TrainedModel : IDisposable
{
    internal TrainedModel(ModelSpec spec, nn.Module<Tensor, Tensor> module, FeatureSchema schema,
        IReadOnlyList<IFittedTransform> transforms, IReadOnlyList<EpochRecord> history, TrainingOptions options,
        int trainingRows, int validationRows, string dataFingerprint, bool completed, TimeSpan duration)
    {
        Spec = spec;
        Module = module;
        Schema = schema;
        Transforms = transforms;
        History = history;
        Options = options;
        TrainingRows = trainingRows;
        ValidationRows = validationRows;
        DataFingerprint = dataFingerprint;
        Completed = completed;
        Duration = duration;
        Summary = ModelSummary.Of(spec, spec.InputShape!, spec.Outputs!.Value);
    }

    public ModelSpec Spec { get; }
    public nn.Module<Tensor, Tensor> Module { get; }
    /// <summary>The network's input as training saw it (after the transforms): columns, image or sequence shape, target.</summary>
    public FeatureSchema Schema { get; }
    /// <summary>The data as it was given to training (before the model's own transforms, such as the standardizer
    /// Start-Training fits): new data of the same kind is first aligned to it (columns selected and ordered,
    /// categories and classes coded as in training), then transformed.</summary>
    public FeatureSchema? InputSchema { get; init; }
    public IReadOnlyList<IFittedTransform> Transforms { get; }
    public IReadOnlyList<EpochRecord> History { get; }
    public TrainingOptions Options { get; }
    public ModelSummary Summary { get; }
    public int TrainingRows { get; }
    public int ValidationRows { get; }
    public string DataFingerprint { get; }
    /// <summary>False when training was cancelled or diverged (early stopping is a normal end).</summary>
    public bool Completed { get; }
    public TimeSpan Duration { get; }
    public TargetKind TargetKind => Schema.TargetKind;
    public IReadOnlyList<string> Classes => Schema.Classes;
    /// <summary>Regression: the training targets' mean and sd; the network predicts (y - mean) / sd.</summary>
    public double TargetMean { get; init; }
    public double TargetScale { get; init; } = 1;
    public DateTime TrainedAt { get; } = DateTime.UtcNow;
    /// <summary>Why training ended: every epoch ran, early stopping, cancellation or divergence.</summary>
    public StopReason StopReason { get; init; }
    /// <summary>What went wrong when <see cref="StopReason"/> is Diverged (epoch, batch, learning rate, what to change).</summary>
    public string? StopMessage { get; init; }
    /// <summary>The epoch whose weights the model holds: the last one, or the best one (by the monitored metric) when
    /// early stopping was on or the run was cancelled or diverged; 0 when no epoch completed.</summary>
    public int BestEpoch { get; init; }
    /// <summary>Seed, threads, library versions, CPU and data fingerprint of the run.</summary>
    public RunInfo? RunInfo { get; init; }

    /// <summary>Brings new data (raw, or already carrying a prefix of the model's transforms) to the network's input:
    /// aligned to the training data's columns, transformed with the fitted transforms, checked against the input schema.</summary>
    public Dataset Prepare(Dataset data)
    {
        var aligned = InputSchema is { } input && input.Kind == data.Kind ? input.Align(data) : data;
        return Schema.Align(TransformPipeline.ApplyTo(aligned, Transforms));
    }

    /// <summary>Predicted class index and class probabilities for every row of <paramref name="data"/> (raw or prepared).</summary>
    public (int[] Predicted, float[][] Probabilities) Predict(Dataset data, int batchSize = 512) => PredictPrepared(Prepare(data), batchSize);

    /// <summary>As <see cref="Predict"/>, for data that <see cref="Prepare"/> already returned.</summary>
    internal (int[] Predicted, float[][] Probabilities) PredictPrepared(Dataset prepared, int batchSize = 512)
    {
        if (TargetKind != TargetKind.Classification)
            throw new DeepStatsException("NotClassifier", FailureKind.InvalidOperation, "This model predicts numbers; use PredictValues.", this);
        var probs = Run(prepared, batchSize, logits => nn.functional.softmax(logits, 1));
        var predicted = new int[probs.Length];
        for (int i = 0; i < probs.Length; i++)
        {
            int best = 0;
            for (int c = 1; c < probs[i].Length; c++) if (probs[i][c] > probs[i][best]) best = c;
            predicted[i] = best;
        }
        return (predicted, probs);
    }

    /// <summary>Predicted values (in the target's units) for every row of <paramref name="data"/> (raw or prepared).</summary>
    public double[] PredictValues(Dataset data, int batchSize = 512) => PredictValuesPrepared(Prepare(data), batchSize);

    /// <summary>As <see cref="PredictValues"/>, for data that <see cref="Prepare"/> already returned.</summary>
    internal double[] PredictValuesPrepared(Dataset prepared, int batchSize = 512)
    {
        if (TargetKind != TargetKind.Regression)
            throw new DeepStatsException("NotRegressor", FailureKind.InvalidOperation, "This model predicts classes; use Predict.", this);
        return Run(prepared, batchSize, o => o).Select(r => r[0] * TargetScale + TargetMean).ToArray();
    }

    private float[][] Run(Dataset prepared, int batchSize, Func<Tensor, Tensor> head)
    {
        using var X = TensorFactory.Features(prepared);
        Module.eval();
        using var _ = no_grad();
        long n = X.shape[0];
        var result = new float[n][];
        for (long start = 0; start < n; start += batchSize)
        {
            using var scope = NewDisposeScope();
            long len = Math.Min(batchSize, n - start);
            var p = head(Module.call(X.narrow(0, start, len)));
            var flat = p.data<float>().ToArray();
            int k = (int)p.shape[1];
            for (long i = 0; i < len; i++)
            {
                var row = new float[k];
                Array.Copy(flat, i * k, row, 0, k);
                result[start + i] = row;
            }
        }
        return result;
    }

    public void Dispose() => Module.Dispose();

    public override string ToString() => $"{Spec.Kind} ({Summary.TotalParameters:N0} parameters), " +
        (TargetKind == TargetKind.Regression ? "numeric target" : $"{Classes.Count} classes") + $", {History.Count} epochs";
}
