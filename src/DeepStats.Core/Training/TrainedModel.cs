using DeepStats.Core.Data;
using DeepStats.Core.Models;
using DeepStats.Core.Preprocessing;
using static TorchSharp.torch;

namespace DeepStats.Core.Training;

/// <summary>
/// What training returns: the resolved spec and trained weights, the fitted preprocessing, the
/// feature schema and class labels, the per-epoch history and the options used. Evaluation and
/// prediction go through it, so new data always gets the training-time transforms and encodings.
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
    public FeatureSchema Schema { get; }
    public IReadOnlyList<IFittedTransform> Transforms { get; }
    public IReadOnlyList<EpochRecord> History { get; }
    public TrainingOptions Options { get; }
    public ModelSummary Summary { get; }
    public int TrainingRows { get; }
    public int ValidationRows { get; }
    public string DataFingerprint { get; }
    /// <summary>False when training was stopped before the last epoch ended.</summary>
    public bool Completed { get; }
    public TimeSpan Duration { get; }
    public IReadOnlyList<string> Classes => Schema.Classes;
    public DateTime TrainedAt { get; } = DateTime.UtcNow;

    /// <summary>Brings new data to the model's schema and applies the fitted transforms.</summary>
    public Dataset Prepare(Dataset data) => TransformPipeline.ApplyTo(Schema.Align(data), Transforms);

    /// <summary>Predicted class index and class probabilities for every row of <paramref name="data"/> (raw or already prepared).</summary>
    public (int[] Predicted, float[][] Probabilities) Predict(Dataset data, int batchSize = 512)
    {
        var prepared = Prepare(data);
        using var X = TensorFactory.Features(prepared);
        Module.eval();
        using var _ = no_grad();
        long n = X.shape[0];
        var predicted = new int[n];
        var probs = new float[n][];
        for (long start = 0; start < n; start += batchSize)
        {
            using var scope = NewDisposeScope();
            long len = Math.Min(batchSize, n - start);
            var p = nn.functional.softmax(Module.call(X.narrow(0, start, len)), 1);
            var flat = p.data<float>().ToArray();
            int k = (int)p.shape[1];
            for (long i = 0; i < len; i++)
            {
                var row = new float[k];
                Array.Copy(flat, i * k, row, 0, k);
                probs[start + i] = row;
                int best = 0;
                for (int c = 1; c < k; c++) if (row[c] > row[best]) best = c;
                predicted[start + i] = best;
            }
        }
        return (predicted, probs);
    }

    public void Dispose() => Module.Dispose();

    public override string ToString() => $"{Spec.Kind} ({Summary.TotalParameters:N0} parameters), {Classes.Count} classes, {History.Count} epochs";
}
