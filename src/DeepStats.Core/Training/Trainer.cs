using System.Diagnostics;
using DeepStats.Core.Data;
using DeepStats.Core.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace DeepStats.Core.Training;

/// <summary>
/// Owns the training loop and calls its callbacks (<see cref="TrainingCallback"/>) at train, epoch and
/// batch begin and end, before every optimiser step and on failure. Every option is one small part:
/// the task (<see cref="TrainingTask"/>) owns targets, loss and metrics; the optimiser comes from
/// <see cref="OptimizerFactory"/>; the schedule, early stopping, best weights, NaN guard, clipping, L1,
/// checkpoints, TensorBoard and progress are callbacks. Tensors are built once and batches are index
/// selections of them, each batch's temporaries disposed at once; the token is checked between batches.
/// </summary>
public sealed class Trainer
{
    public Trainer(TrainingOptions options)
    {
        options.Validate();
        Options = options;
    }

    public TrainingOptions Options { get; }
    /// <summary>Extra callbacks, called after the built-in gradient callbacks (NaN guard, L1, clipping) and before best weights,
    /// early stopping, schedule, TensorBoard, progress and checkpoint.</summary>
    public List<TrainingCallback> Callbacks { get; } = new();
    /// <summary>Replaces each training batch's input (augmentation); seeded from the run's generator.</summary>
    public IBatchTransform? BatchTransform { get; set; }
    /// <summary>Separate validation data (raw): taken through the transforms fitted on the training rows, never refitted.</summary>
    public Dataset? ValidationData { get; set; }
    /// <summary>Write a checkpoint here after every epoch.</summary>
    public string? CheckpointPath { get; set; }
    /// <summary>Continue from <see cref="CheckpointPath"/> when it exists (read by the <see cref="Checkpoint"/> callback): the
    /// same data, network and configuration, with -Epochs changed only when the schedule does not depend on it.</summary>
    public bool Resume { get; set; }
    /// <summary>Write TensorBoard event files under this folder.</summary>
    public string? TensorBoardPath { get; set; }
    /// <summary>Give the optimiser all weights as one flat buffer (see <see cref="FlatParameters"/>); off for recurrent networks.</summary>
    public bool FlatParameters { get; set; } = true;
    public Action<TrainingProgress>? OnBatch { get; set; }
    public Action<EpochRecord>? OnEpoch { get; set; }

    /// <summary>The one-call form: trains <paramref name="spec"/> (or the default network for the data) on <paramref name="data"/>.</summary>
    public static TrainedModel Train(Dataset data, ModelSpec? spec, TrainingOptions options,
        Action<TrainingProgress>? onBatch = null, Action<EpochRecord>? onEpoch = null, CancellationToken cancel = default) =>
        new Trainer(options) { OnBatch = onBatch, OnEpoch = onEpoch }.Fit(data, spec, cancel);

    /// <summary>Trains on every row of <paramref name="data"/>.</summary>
    public TrainedModel Fit(Dataset data, ModelSpec? spec, CancellationToken cancel = default) => Fit(data.View(), spec, cancel);

    /// <summary>Trains on the rows of <paramref name="data"/> (a dataset, or some of its rows such as a fold's training rows,
    /// read in place): the validation holdout is cut from them and the data's recipes are refitted on the rest.</summary>
    public TrainedModel Fit(DatasetView data, ModelSpec? spec, CancellationToken cancel = default)
    {
        // torch's global generator drives weight initialisation and dropout, and the thread count is
        // process state: holding the lock for the whole run keeps "same seed, same result" true when
        // several runs share a process.
        lock (TorchRandom.Sync)
        {
            int before = torch.get_num_threads();
            if (Options.ThreadCount is { } t) torch.set_num_threads(t);
            try { return FitLocked(data, spec, cancel); }
            finally { if (Options.ThreadCount is not null) torch.set_num_threads(before); }
        }
    }

    private TrainedModel FitLocked(DatasetView data, ModelSpec? spec, CancellationToken cancel)
    {
        var clock = Stopwatch.StartNew();
        var prepared = TrainingData.Prepare(data, Options, ValidationData);
        using var task = TrainingTask.For(prepared.Train, Options.Loss);
        var monitor = Options.EarlyStopping?.Monitor ?? MonitorMetric.ValidationLoss;
        if (monitor == MonitorMetric.ValidationAccuracy && (prepared.Validation is null || task.Outputs < 2))
            throw new DeepStatsException(ErrorIds.InvalidTrainingOption, FailureKind.InvalidArgument,
                "-Monitor ValidationAccuracy needs a class target and validation data (-ValidationFraction above 0 or -ValidationData).", monitor);

        int[] inputShape = prepared.Prepared.InputShape;
        // augmentation (New-Augmentation) runs on training batches only, with the policy's own seeded generator,
        // whose state is a callback state (checkpoints carry it, so a resumed run draws what the uninterrupted run would)
        using var augment = Options.Augmentation?.Start(inputShape);
        _batchTransform = BatchTransform ?? augment;
        spec ??= NetworkFactory.DefaultFor(inputShape);
        var resolved = spec.For(inputShape, task.Outputs);
        MemoryFootprint.Of(resolved, inputShape, task.Outputs).CheckTraining(Options); // before any tensor of the network is made
        torch.manual_seed(Options.Seed);
        var module = ModelBuilder.Build(resolved, inputShape, task.Outputs);
        string fingerprint = data.Fingerprint;
        var best = new BestWeights(monitor);
        var callbacks = BuildCallbacks(best, fingerprint, _batchTransform as TrainingCallback);
        TrainingContext? context = null;
        try
        {
            using var X = TensorFactory.Features(prepared.Train);
            using var Y = task.Targets(prepared.Train);
            using var Xv = prepared.Validation is null ? null : TensorFactory.Features(prepared.Validation);
            using var Yv = prepared.Validation is null ? null : task.Targets(prepared.Validation);
            using var flat = FlatParameters && !HasRecurrentLayer(resolved.Layers) ? new FlatParameters(module) : null;
            using var optimizer = OptimizerFactory.Create(flat is null ? module.parameters() : new[] { flat.Parameter }, Options);
            _zeroGrad = flat is null ? optimizer.zero_grad : flat.ZeroGrad;
            using var generator = new Generator().manual_seed(Options.Seed);
            long n = X.shape[0];
            int batches = (int)((n + Options.BatchSize - 1) / Options.BatchSize);
            context = new TrainingContext(module, optimizer, task, Options, generator, batches, new List<EpochRecord>());
            foreach (var cb in callbacks) cb.OnTrainBegin(context); // a resumed run's checkpoint is read here (Checkpoint)
            for (int epoch = context.FirstEpoch; epoch <= Options.Epochs && context.StopRequested is null; epoch++)
                RunEpoch(context, callbacks, epoch, X, Y, Xv, Yv, cancel);

            var stop = context.StopRequested ?? StopReason.Completed;
            context.KeptEpoch = context.History.Count;
            foreach (var cb in callbacks) cb.OnTrainEnd(context); // best weights are put back here (BestWeights)
            module.eval();
            return BuildModel(resolved, module, prepared, task, data, context, stop, context.KeptEpoch, clock.Elapsed);
        }
        catch (Exception e)
        {
            if (context is not null) foreach (var cb in callbacks) cb.OnFailure(context, e);
            throw;
        }
        finally
        {
            // the model keeps a copy of the weights and builds its own network on demand (one layout for trained and loaded models)
            module.Dispose();
            // the batch transform is the caller's (or the augmenter, disposed by its using): not the run's to dispose
            foreach (var cb in callbacks.OfType<IDisposable>()) if (!ReferenceEquals(cb, _batchTransform)) cb.Dispose();
        }
    }

    private Action _zeroGrad = () => { };
    private IBatchTransform? _batchTransform;

    private static bool HasRecurrentLayer(IEnumerable<LayerSpec> layers) =>
        layers.Any(l => l.Type is LayerType.LSTM or LayerType.GRU || l.Body is { } body && HasRecurrentLayer(body));

    private List<TrainingCallback> BuildCallbacks(BestWeights best, string fingerprint, TrainingCallback? batchTransform)
    {
        var list = new List<TrainingCallback> { new NanGuard() };
        if (Options.L1 > 0) list.Add(new L1Penalty(Options.L1));
        if (Options.GradientClipNorm is { } clip) list.Add(new GradientClipping(clip));
        list.AddRange(Callbacks);
        if (batchTransform is not null) list.Add(batchTransform);
        list.Add(best);
        if (Options.EarlyStopping is { } es) list.Add(new EarlyStopping(es));
        list.Add(new LearningRateSchedule(Options.Schedule));
        if (TensorBoardPath is not null) list.Add(new TensorBoardLogger(TensorBoardPath));
        list.Add(new ProgressCallback(OnBatch, OnEpoch));
        if (CheckpointPath is not null) list.Add(new Checkpoint(CheckpointPath, () => list, fingerprint, Resume));
        return list;
    }

    private void RunEpoch(TrainingContext c, List<TrainingCallback> callbacks, int epoch, Tensor X, Tensor Y, Tensor? Xv, Tensor? Yv, CancellationToken cancel)
    {
        var sw = Stopwatch.StartNew();
        c.Epoch = epoch;
        c.Batch = 0;
        double rate = c.LearningRate;
        foreach (var cb in callbacks) cb.OnEpochBegin(c);
        var module = c.Module;
        module.train();
        double lossSum = 0;
        long seen = 0, n = X.shape[0];
        using (var perm = randperm(n, generator: c.Generator))
        {
            for (int b = 0; b < c.Batches; b++)
            {
                if (cancel.IsCancellationRequested) { c.Stop(StopReason.Cancelled); break; }
                c.Batch = b + 1;
                foreach (var cb in callbacks) cb.OnBatchBegin(c);
                using var scope = NewDisposeScope();
                long start = (long)b * Options.BatchSize, len = Math.Min(Options.BatchSize, n - start);
                var idx = perm.narrow(0, start, len);
                var xb = X.index_select(0, idx);
                var yb = Y.index_select(0, idx);
                if (_batchTransform is not null) xb = _batchTransform.Transform(xb, c.Generator);
                _zeroGrad();
                var output = module.call(xb);
                var loss = c.Task.Loss(output, yb);
                loss.backward();
                c.BatchLoss = loss.item<float>();
                foreach (var cb in callbacks) cb.BeforeOptimizerStep(c);
                if (c.StopRequested is not null) break; // a diverged (or otherwise stopped) batch never updates the weights
                c.Optimizer.step();
                c.Task.Observe(output, yb);
                lossSum += c.BatchLoss * len;
                seen += len;
                c.RunningLoss = lossSum / seen;
                c.BatchesRun++;
                foreach (var cb in callbacks) cb.OnBatchEnd(c);
                if (c.StopRequested is not null) break;
            }
        }
        var trainMetrics = c.Task.Collect();
        if (c.StopRequested is not null || seen < n) return; // an incomplete epoch leaves no record
        double? vLoss = null;
        IReadOnlyDictionary<string, double>? vMetrics = null;
        if (Xv is not null && Yv is not null)
        {
            double l;
            (l, vMetrics) = Evaluate(module, c.Task, Xv, Yv, Math.Max(Options.BatchSize, 256));
            vLoss = c.Task.ReportLoss(l);
        }
        sw.Stop();
        var metrics = new Dictionary<string, double> { ["loss"] = c.Task.ReportLoss(lossSum / seen) };
        foreach (var (k, v) in trainMetrics) if (!double.IsNaN(v)) metrics[k] = v;
        if (vLoss is { } vl) metrics["val_loss"] = vl;
        foreach (var (k, v) in vMetrics ?? new Dictionary<string, double>()) if (!double.IsNaN(v)) metrics["val_" + k] = v;
        metrics["lr"] = rate;
        metrics["seconds"] = sw.Elapsed.TotalSeconds;
        metrics["examples_per_second"] = seen / sw.Elapsed.TotalSeconds;
        var record = new EpochRecord(epoch, metrics["loss"], Get(metrics, "accuracy"), vLoss, Get(metrics, "val_accuracy"),
            sw.Elapsed.TotalSeconds, seen / sw.Elapsed.TotalSeconds, rate) { Metrics = metrics };
        c.HistoryList.Add(record);
        foreach (var cb in callbacks) cb.OnEpochEnd(c, record);
    }

    private static double? Get(Dictionary<string, double> m, string key) => m.TryGetValue(key, out var v) ? v : null;

    /// <summary>Mean loss (as minimised) and the task's metrics of a module on tensors, in eval mode without gradients.</summary>
    internal static (double Loss, IReadOnlyDictionary<string, double> Metrics) Evaluate(nn.Module<Tensor, Tensor> module, TrainingTask task,
        Tensor X, Tensor Y, int batchSize)
    {
        module.eval();
        using var _ = no_grad();
        long n = X.shape[0];
        double lossSum = 0;
        for (long start = 0; start < n; start += batchSize)
        {
            using var scope = NewDisposeScope();
            long len = Math.Min(batchSize, n - start);
            var xb = X.narrow(0, start, len);
            var yb = Y.narrow(0, start, len);
            var output = module.call(xb);
            lossSum += task.Loss(output, yb).item<float>() * len;
            task.Observe(output, yb);
        }
        return (lossSum / n, task.Collect());
    }

    /// <summary>The one place a <see cref="TrainedModel"/> is constructed from a run.</summary>
    private TrainedModel BuildModel(ModelSpec resolved, nn.Module<Tensor, Tensor> module, TrainingData prepared, TrainingTask task, DatasetView data,
        TrainingContext context, StopReason stop, int keptEpoch, TimeSpan duration)
    {
        var (mean, scale) = task.TargetScaling;
        return new TrainedModel(resolved, module, FeatureSchema.Of(prepared.Prepared), prepared.Prepared.Transforms, context.History.ToList(), Options,
            prepared.Train.Count, prepared.ValidationRows, data.Fingerprint, stop is StopReason.Completed or StopReason.EarlyStopping, duration)
        {
            TargetMean = mean,
            TargetScale = scale,
            InputSchema = FeatureSchema.Of(prepared.Prepared.Raw?.Data ?? data.Data), // the raw data the chain starts from
            StopReason = stop,
            StopMessage = context.StopMessage,
            BestEpoch = keptEpoch,
            RunInfo = RunInfoFactory.Current(Options.Seed, torch.get_num_threads(), data.Fingerprint),
            Recipes = prepared.Prepared.Recipes,
            TrainingRowFilter = Preprocessing.RowFilter.Of(prepared.Train),
        };
    }
}
