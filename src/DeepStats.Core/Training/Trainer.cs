using System.Diagnostics;
using DeepStats.Core.Data;
using DeepStats.Core.Models;
using DeepStats.Core.Preprocessing;
using TorchSharp;
using static TorchSharp.torch;

namespace DeepStats.Core.Training;

/// <summary>
/// The training loop: cross-entropy loss, Adam, seeded shuffling, a stratified validation
/// holdout, per-epoch records. Tensors are built once and batches are index selections of them,
/// each batch's temporaries disposed at once. Reports progress through callbacks invoked on the
/// calling thread and stops between batches when the token is cancelled.
/// </summary>
public static class Trainer
{
    public static TrainedModel Train(Dataset data, ModelSpec? spec, TrainingOptions options,
        Action<TrainingProgress>? onBatch = null, Action<EpochRecord>? onEpoch = null, CancellationToken cancel = default)
    {
        options.Validate();
        // torch's global generator drives weight initialisation and dropout; holding it for the
        // whole run keeps "same seed, same result" true when several runs share a process.
        lock (TorchRandom.Sync) return TrainUnlocked(data, spec, options, onBatch, onEpoch, cancel);
    }

    private static TrainedModel TrainUnlocked(Dataset data, ModelSpec? spec, TrainingOptions options,
        Action<TrainingProgress>? onBatch, Action<EpochRecord>? onEpoch, CancellationToken cancel)
    {
        if (data.Target is null)
            throw new DeepStatsException("NoTarget", FailureKind.InvalidData,
                $"Dataset '{data.Name}' has no target column, so there is nothing to learn. Import it with -Target <column>.", data);
        bool regression = data.Target.Kind == TargetKind.Regression;
        if (!regression && data.Target.ClassCount < 2)
            throw new DeepStatsException("TooFewClasses", FailureKind.InvalidData,
                $"Target '{data.Target.Name}' has {data.Target.ClassCount} class(es); classification needs at least 2.", data);
        if (data.RowCount < 2)
            throw new DeepStatsException("TooFewRows", FailureKind.InvalidData, $"Dataset '{data.Name}' has {data.RowCount} row(s); training needs at least 2.", data);

        var (trainRows, validRows) = options.ValidationFraction > 0
            ? DatasetSplitter.Split(data, options.ValidationFraction, options.Seed)
            : (Enumerable.Range(0, data.RowCount).ToArray(), Array.Empty<int>());
        if (trainRows.Length == 0)
            throw new DeepStatsException("TooFewRows", FailureKind.InvalidData,
                $"Dataset '{data.Name}' has {data.RowCount} row(s): none would be left for training after the validation holdout.", data);
        // the data's recipes are refitted on the training rows only; the default standardizer is one more recipe
        var prepared = PreprocessingPipeline.RefitOn(data, trainRows);
        if (options.Standardize && !prepared.Transforms.Any(t => t is Standardizer))
            prepared = PreprocessingPipeline.Fit(prepared, new StandardizeRecipe(), trainRows);

        // regression targets are learnt as z-scores of the training rows' values, reported in original units
        double yMean = 0, ySd = 1;
        if (regression)
        {
            var m = Statistics.Moments.Compute(trainRows.Select(i => prepared.Target!.Values![i]).ToArray());
            yMean = m.Mean;
            ySd = m.Count > 1 && m.SampleVariance > 0 ? Math.Sqrt(m.SampleVariance) : 1;
        }

        int[] inputShape = prepared.InputShape;
        int outputs = regression ? 1 : data.Target.ClassCount;
        spec ??= NetworkFactory.DefaultFor(inputShape);
        var resolved = spec.For(inputShape, outputs);

        torch.manual_seed(options.Seed);
        var module = ModelBuilder.Build(resolved, inputShape, outputs);
        var history = new List<EpochRecord>();
        bool completed = false;
        var clock = Stopwatch.StartNew();
        try
        {
            using (var X = TensorFactory.Features(prepared, trainRows))
            using (var Y = regression ? TensorFactory.Values(prepared, yMean, ySd, trainRows) : TensorFactory.Labels(prepared, trainRows))
            using (var Xv = validRows.Length == 0 ? null : TensorFactory.Features(prepared, validRows))
            using (var Yv = validRows.Length == 0 ? null : regression ? TensorFactory.Values(prepared, yMean, ySd, validRows) : TensorFactory.Labels(prepared, validRows))
            using (var augment = options.Augmentation?.Start(inputShape))
            using (var optimizer = optim.Adam(module.parameters(), options.LearningRate, weight_decay: options.WeightDecay))
            using (Loss<Tensor, Tensor, Tensor> lossFn = regression ? nn.MSELoss() : nn.CrossEntropyLoss())
            using (var generator = new Generator().manual_seed(options.Seed))
            {
                long n = X.shape[0];
                int batches = (int)((n + options.BatchSize - 1) / options.BatchSize);
                double lossScale = regression ? ySd * ySd : 1;
                completed = true;
                for (int epoch = 1; epoch <= options.Epochs && completed; epoch++)
                {
                    var sw = Stopwatch.StartNew();
                    module.train();
                    double lossSum = 0;
                    long correct = 0, seen = 0;
                    using var perm = randperm(n, generator: generator);
                    for (int b = 0; b < batches; b++)
                    {
                        if (cancel.IsCancellationRequested) { completed = false; break; }
                        using var scope = NewDisposeScope();
                        long start = (long)b * options.BatchSize, len = Math.Min(options.BatchSize, n - start);
                        var idx = perm.narrow(0, start, len);
                        var xb = X.index_select(0, idx);
                        if (augment is not null) xb = augment.Apply(xb); // training batches only, on the fly
                        var yb = Y.index_select(0, idx);
                        optimizer.zero_grad();
                        var output = module.call(xb);
                        var loss = lossFn.call(regression ? output.squeeze(1) : output, yb);
                        loss.backward();
                        optimizer.step();
                        lossSum += loss.item<float>() * len;
                        if (!regression) correct += output.argmax(1).eq(yb).sum().item<long>();
                        seen += len;
                        onBatch?.Invoke(new TrainingProgress(epoch, options.Epochs, b + 1, batches, lossSum / seen * lossScale));
                    }
                    if (!completed || seen == 0) break;
                    double? vLoss = null, vAcc = null;
                    if (Xv is not null && Yv is not null)
                    {
                        var (l, a) = Evaluate(module, lossFn, Xv, Yv, Math.Max(options.BatchSize, 256), regression);
                        vLoss = l * lossScale;
                        vAcc = a;
                    }
                    sw.Stop();
                    var record = new EpochRecord(epoch, lossSum / seen * lossScale, regression ? null : (double)correct / seen, vLoss, vAcc,
                        sw.Elapsed.TotalSeconds, seen / sw.Elapsed.TotalSeconds, options.LearningRate);
                    history.Add(record);
                    onEpoch?.Invoke(record);
                }
            }
        }
        catch
        {
            module.Dispose();
            throw;
        }
        module.eval();
        return new TrainedModel(resolved, module, FeatureSchema.Of(prepared), prepared.Transforms, history, options,
            trainRows.Length, validRows.Length, data.Fingerprint, completed, clock.Elapsed)
        {
            TargetMean = yMean, TargetScale = ySd, InputSchema = FeatureSchema.Of(data),
            Recipes = prepared.Recipes, TrainingRowFilter = RowFilter.Of(prepared.View(trainRows)),
        };
    }

    /// <summary>Mean loss and (for classification) accuracy of a module on tensors, in eval mode without gradients.</summary>
    internal static (double Loss, double? Accuracy) Evaluate(nn.Module<Tensor, Tensor> module, Loss<Tensor, Tensor, Tensor> lossFn,
        Tensor X, Tensor Y, int batchSize, bool regression)
    {
        module.eval();
        using var _ = no_grad();
        long n = X.shape[0];
        double lossSum = 0;
        long correct = 0;
        for (long start = 0; start < n; start += batchSize)
        {
            using var scope = NewDisposeScope();
            long len = Math.Min(batchSize, n - start);
            var xb = X.narrow(0, start, len);
            var yb = Y.narrow(0, start, len);
            var output = module.call(xb);
            lossSum += lossFn.call(regression ? output.squeeze(1) : output, yb).item<float>() * len;
            if (!regression) correct += output.argmax(1).eq(yb).sum().item<long>();
        }
        return (lossSum / n, regression ? null : (double)correct / n);
    }
}
