using DeepStats.Core.Data;
using DeepStats.Core.Models;
using DeepStats.Core.Persistence;
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
    private readonly object _buildLock = new();
    private nn.Module<Tensor, Tensor>? _module;
    private ModelArtifact _artifact;

    /// <summary>A model from a finished run: the weights are copied out of the training network, which the caller then
    /// disposes. The network that predicts is built from the artifact on first use, as for a loaded model, so a model
    /// in memory and the same model saved and loaded run the same layout and kernels and predict the same bits.</summary>
    internal TrainedModel(ModelSpec spec, nn.Module<Tensor, Tensor> trained, FeatureSchema schema,
        IReadOnlyList<FittedState> transforms, IReadOnlyList<EpochRecord> history, TrainingOptions options,
        int trainingRows, int validationRows, string dataFingerprint, bool completed, TimeSpan duration)
    {
        _artifact = new ModelArtifact
        {
            Spec = spec,
            Schema = schema,
            Transforms = transforms,
            History = history,
            Options = options,
            TrainingRows = trainingRows,
            ValidationRows = validationRows,
            DataFingerprint = dataFingerprint,
            Completed = completed,
            Duration = duration,
            TrainedAt = DateTime.UtcNow,
            Metadata = LibraryVersions.Current(),
            Weights = NetworkState.Extract(trained),
        };
        Summary = ModelSummary.Of(spec, spec.InputShape!, spec.Outputs!.Value);
    }

    /// <summary>A model from its pure-data artifact (a model file); the network is built from it when first needed.</summary>
    public TrainedModel(ModelArtifact artifact)
    {
        _artifact = artifact;
        Summary = ModelSummary.Of(artifact.Spec, artifact.Spec.InputShape!, artifact.Spec.Outputs!.Value);
    }

    /// <summary>The model as pure data (spec, schemas, fitted preprocessing, history, options, weights): what a model file stores.</summary>
    public ModelArtifact Artifact => _artifact;
    public ModelSpec Spec => _artifact.Spec;
    /// <summary>The TorchSharp network, built from the artifact's spec and weights on first use (for a trained model and a
    /// loaded one alike). Not for scripts: use Invoke-Prediction.</summary>
    public nn.Module<Tensor, Tensor> Module
    {
        get
        {
            if (_module is { } m) return m;
            lock (_buildLock) return _module ??= BuildNetwork(_artifact, "the model");
        }
    }
    /// <summary>The network's input as training saw it (after the transforms): columns, image or sequence shape, target.</summary>
    public FeatureSchema Schema => _artifact.Schema;
    /// <summary>The raw data the model's chain starts from (<see cref="Dataset.Raw"/> of the training data: before its first step,
    /// or the windows for windowed data): new data of the same kind is first aligned to it (columns selected and ordered, categories
    /// and classes coded as in training), then taken through every state of <see cref="Transforms"/> in order. (Model files of
    /// format version 1 stored the data as given to training here.)</summary>
    public FeatureSchema? InputSchema { get => _artifact.InputSchema; init => _artifact = _artifact with { InputSchema = value }; }
    /// <summary>The schema contract of new data for this model (<c>-Schema $model</c>): its raw input schema (<see cref="InputSchema"/>).</summary>
    public Data.SchemaContract Contract => new(InputSchema ?? Schema, $"model (trained on data {DataFingerprint[..Math.Min(12, DataFingerprint.Length)]})");
    /// <summary>The model's chain: the fitted state of every step, in order.</summary>
    public IReadOnlyList<FittedState> Transforms => _artifact.Transforms;
    /// <summary>The recipe of every step of <see cref="Transforms"/> (same length; frozen steps are <see cref="FrozenRecipe"/>).</summary>
    public IReadOnlyList<Recipe> Recipes { get => _artifact.Recipes; init => _artifact = _artifact with { Recipes = value }; }
    /// <summary>A Bloom filter of the rows the network was trained on (as the network saw them), for <see cref="LeakageGuard"/>.</summary>
    public RowFilter? TrainingRowFilter { get => _artifact.TrainingRowFilter; init => _artifact = _artifact with { TrainingRowFilter = value }; }
    public IReadOnlyList<EpochRecord> History => _artifact.History;
    public TrainingOptions Options => _artifact.Options;
    public ModelSummary Summary { get; }
    public int TrainingRows => _artifact.TrainingRows;
    public int ValidationRows => _artifact.ValidationRows;
    public string DataFingerprint => _artifact.DataFingerprint;
    /// <summary>False when training was cancelled or diverged (early stopping is a normal end).</summary>
    public bool Completed => _artifact.Completed;
    public TimeSpan Duration => _artifact.Duration;
    public TargetKind TargetKind => Schema.TargetKind;
    public IReadOnlyList<string> Classes => Schema.Classes;
    /// <summary>Regression: the training targets' mean and sd; the network predicts (y - mean) / sd.</summary>
    public double TargetMean { get => _artifact.TargetMean; init => _artifact = _artifact with { TargetMean = value }; }
    public double TargetScale { get => _artifact.TargetScale; init => _artifact = _artifact with { TargetScale = value }; }
    public DateTime TrainedAt => _artifact.TrainedAt;
    /// <summary>Why training ended: every epoch ran, early stopping, cancellation or divergence.</summary>
    public StopReason StopReason { get => _artifact.StopReason; init => _artifact = _artifact with { StopReason = value }; }
    /// <summary>What went wrong when <see cref="StopReason"/> is Diverged (epoch, batch, learning rate, what to change).</summary>
    public string? StopMessage { get => _artifact.StopMessage; init => _artifact = _artifact with { StopMessage = value }; }
    /// <summary>The epoch whose weights the model holds: the last one, or the best one (by the monitored metric) when
    /// early stopping was on or the run was cancelled or diverged; 0 when no epoch completed.</summary>
    public int BestEpoch { get => _artifact.BestEpoch; init => _artifact = _artifact with { BestEpoch = value }; }
    /// <summary>Seed, threads, library versions, CPU and data fingerprint of the run.</summary>
    public RunInfo? RunInfo { get => _artifact.RunInfo; init => _artifact = _artifact with { RunInfo = value }; }

    /// <summary>Builds the network an artifact describes and loads its weights; a mismatch is an error naming the tensor.</summary>
    internal static nn.Module<Tensor, Tensor> BuildNetwork(ModelArtifact artifact, string what)
    {
        var spec = artifact.Spec;
        if (spec.InputShape is null || spec.Outputs is null)
            throw new DeepStatsException(ErrorIds.ModelWeightsMismatch, FailureKind.InvalidData, $"The spec of {what} has no input shape or output count.", what);
        nn.Module<Tensor, Tensor> module;
        // building initialises weights from torch's global generator: hold it so seeded training elsewhere stays reproducible
        lock (Models.TorchRandom.Sync) module = ModelBuilder.Build(spec, spec.InputShape, spec.Outputs.Value);
        try
        {
            NetworkState.Load(module, artifact.Weights, what);
        }
        catch
        {
            module.Dispose();
            throw;
        }
        module.eval();
        return module;
    }

    /// <summary>Brings new data to the network's input: raw data (or data carrying the model's steps, or fits the model's refit
    /// replaced) is aligned to the raw schema (<see cref="InputSchema"/>), taken through every fitted state in order
    /// (<see cref="TransformPipeline.ApplyTo"/>) and checked against the network's schema. Data this method already returned is
    /// returned as it is.</summary>
    public Dataset Prepare(Dataset data) => Schema.Align(TransformPipeline.ApplyTo(data, Transforms, InputSchema));

    /// <summary>Predicted class index and class probabilities for every row of data that <see cref="Prepare"/> returned. The raw network
    /// call behind <see cref="Evaluation.Predictor.Predict"/>, the one prediction entry point (which every caller uses).</summary>
    internal (int[] Predicted, float[][] Probabilities) PredictPrepared(Dataset prepared, int batchSize = 512)
    {
        if (TargetKind != TargetKind.Classification)
            throw new DeepStatsException(ErrorIds.NotClassifier, FailureKind.InvalidOperation, "This model predicts numbers, not classes.", this);
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

    /// <summary>Predicted values (in the target's units) for every row of data that <see cref="Prepare"/> returned; the raw network call
    /// behind <see cref="Evaluation.Predictor.Predict"/>.</summary>
    internal double[] PredictValuesPrepared(Dataset prepared, int batchSize = 512)
    {
        if (TargetKind != TargetKind.Regression)
            throw new DeepStatsException(ErrorIds.NotRegressor, FailureKind.InvalidOperation, "This model predicts classes, not numbers.", this);
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

    public void Dispose() => _module?.Dispose();

    public override string ToString() => $"{Spec.Kind} ({Summary.TotalParameters:N0} parameters), " +
        (TargetKind == TargetKind.Regression ? "numeric target" : $"{Classes.Count} classes") + $", {History.Count} epochs";
}
