using DeepStats.Core.Data;
using DeepStats.Core.Evaluation;
using DeepStats.Core.Models;
using DeepStats.Core.Training;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace DeepStats.Core.Tests;

/// <summary>Each training option's effect, checked against hand-computed values or against the same run without it.</summary>
public class TrainingEngineTests
{
    private static double Gauss(Random rng) => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());

    /// <summary>Two features; class "pos" centred at (+d, +d), "neg" at (-d, -d), sd 1; every <paramref name="minorityEvery"/>-th row is "pos".</summary>
    private static Dataset Blobs(int n, int seed, double d = 2, int minorityEvery = 2, bool randomLabels = false)
    {
        var rng = new Random(seed);
        var x = new double[n]; var z = new double[n]; var y = new string[n];
        for (int i = 0; i < n; i++)
        {
            bool pos = i % minorityEvery == 0;
            x[i] = (pos ? d : -d) + Gauss(rng);
            z[i] = (pos ? d : -d) + Gauss(rng);
            y[i] = randomLabels ? (rng.Next(2) == 0 ? "pos" : "neg") : pos ? "pos" : "neg";
        }
        return Dataset.Tabular("blobs", "generated", new DataColumn[] { new NumericColumn("x", x), new NumericColumn("z", z) },
            CsvDatasetReader.BuildTarget("y", y));
    }

    private static Dataset Line(int n, int seed)
    {
        var rng = new Random(seed);
        var x = new double[n]; var y = new double[n];
        for (int i = 0; i < n; i++) { x[i] = rng.NextDouble() * 4 - 2; y[i] = 3 * x[i] + 1 + 0.1 * Gauss(rng); }
        return Dataset.Tabular("line", "generated", new DataColumn[] { new NumericColumn("x", x) }, new TargetColumn("y", y));
    }

    private static ModelSpec Mlp(int hidden = 8, double dropout = 0) => NetworkFactory.FeedForward(new FeedForwardOptions { Hidden = new[] { hidden }, Dropout = dropout });

    private static readonly TrainingOptions Quick = new() { Epochs = 6, BatchSize = 32, LearningRate = 0.01, Seed = 5 };

    [Theory]
    // f(w) = w^2 / 2, so the gradient is w; w0 = 1, lr 0.1, momentum 0.9 (PyTorch's SGD: buf = mu buf + g, the first buf = g).
    // plain momentum: w1 = 1 - 0.1*1 = 0.9; buf = 0.9*1 + 0.9 = 1.8, w2 = 0.72; buf = 0.9*1.8 + 0.72 = 2.34, w3 = 0.486.
    [InlineData(false, 0.9, 0.72, 0.486)]
    // Nesterov: step along g + mu buf: w1 = 1 - 0.1*1.9 = 0.81; buf = 0.9 + 0.81 = 1.71, d = 0.81 + 0.9*1.71 = 2.349, w2 = 0.5751;
    // buf = 0.9*1.71 + 0.5751 = 2.1141, d = 0.5751 + 0.9*2.1141 = 2.47779, w3 = 0.5751 - 0.247779 = 0.327321.
    [InlineData(true, 0.81, 0.5751, 0.327321)]
    public void SgdWithMomentumFollowsTheHandComputedUpdates(bool nesterov, double w1, double w2, double w3)
    {
        var w = new TorchSharp.Modules.Parameter(tensor(new[] { 1.0 }));
        var options = new TrainingOptions { LearningRate = 0.1, Optimizer = new OptimizerOptions { Kind = OptimizerKind.SGD, Momentum = 0.9, Nesterov = nesterov } };
        using var opt = OptimizerFactory.Create(new[] { w }, options);
        var seen = new List<double>();
        for (int i = 0; i < 3; i++)
        {
            opt.zero_grad();
            (w * w / 2).sum().backward();
            opt.step();
            seen.Add(w.item<double>());
        }
        Assert.Equal(w1, seen[0], 12);
        Assert.Equal(w2, seen[1], 12);
        Assert.Equal(w3, seen[2], 12);
    }

    [Fact]
    [Trait("Category", LearningTest.Category)]
    public void BalancedClassWeightsRaiseMinorityRecall()
    {
        // 1 in 10 rows is "pos"; the classes overlap (centres 1 apart per feature, sd 1), so an unweighted model favours "neg"
        int seed = LearningTest.Seed(3);
        var train = Blobs(2000, 1, d: 0.5, minorityEvery: 10);
        var test = Blobs(2000, 2, d: 0.5, minorityEvery: 10);
        var options = Quick with { Epochs = 10, Seed = seed, ValidationFraction = 0 };
        using var plain = Trainer.Train(train, Mlp(), options);
        using var balanced = Trainer.Train(train, Mlp(), options with { Loss = new LossOptions { BalancedClassWeights = true } });
        double Recall(TrainedModel m) => ModelEvaluator.EvaluateClassification(m, test).PerClass.Single(c => c.Class == "pos").Recall;
        double before = Recall(plain), after = Recall(balanced);
        // balanced weights make a "pos" error cost 9x a "neg" one: the boundary moves to the majority side
        Assert.True(after > before + 0.25, $"minority recall {before:F3} unweighted, {after:F3} balanced");
        Assert.True(after > 0.6, $"balanced minority recall {after:F3}");
    }

    [Fact]
    public void BalancedWeightsAreNOverClassesTimesCount()
    {
        // 9 "neg" and 1 "pos" of every 10 rows: n / (2 n_c) = 10/18 and 10/2
        var data = Blobs(100, 1, minorityEvery: 10);
        using var task = new ClassificationTask(data.View(), new LossOptions { BalancedClassWeights = true });
        Assert.Equal(new[] { 100 / (2.0 * 90), 100 / (2.0 * 10) }, task.ClassWeights!);
        using var table = new ClassificationTask(data.View(), new LossOptions { ClassWeights = new Dictionary<string, double> { ["pos"] = 3 } });
        Assert.Equal(new[] { 1.0, 3.0 }, table.ClassWeights!);
        var e = Assert.Throws<DeepStatsException>(() => new ClassificationTask(data.View(), new LossOptions { ClassWeights = new Dictionary<string, double> { ["maybe"] = 3 } }));
        Assert.Equal(ErrorIds.InvalidClassWeight, e.ErrorId);
    }

    [Fact]
    [Trait("Category", LearningTest.Category)]
    public void LabelSmoothingKeepsPredictionsAwayFromCertainty()
    {
        // separable blobs: unsmoothed cross-entropy drives the winning probability towards 1; with smoothing s = 0.4 the
        // optimum of the smoothed target is 1 - s + s/2 = 0.8, so confident predictions stay near it
        var data = Blobs(400, 4, d: 3);
        var options = Quick with { Epochs = 20, LearningRate = 0.05, Seed = LearningTest.Seed(2), ValidationFraction = 0 };
        using var plain = Trainer.Train(data, Mlp(), options);
        using var smooth = Trainer.Train(data, Mlp(), options with { Loss = new LossOptions { LabelSmoothing = 0.4 } });
        double Top(TrainedModel m) => Evaluation.Predictor.Predict(m, data).Probabilities!.Average(p => p.Max());
        Assert.True(Top(plain) > 0.95, $"unsmoothed mean top probability {Top(plain):F3}");
        Assert.True(Top(smooth) < 0.88, $"smoothed mean top probability {Top(smooth):F3}");
    }

    [Fact]
    [Trait("Category", LearningTest.Category)]
    public void EarlyStoppingStopsAndKeepsTheBestEpochsWeights()
    {
        // random labels: the validation loss can only get worse once the net starts memorising, so patience runs out
        var data = Blobs(300, 5, randomLabels: true);
        var options = Quick with
        {
            Epochs = 200, LearningRate = 0.03, Seed = LearningTest.Seed(1), ValidationFraction = 0.3,
            EarlyStopping = new EarlyStoppingOptions { Patience = 4 },
        };
        using var model = Trainer.Train(data, Mlp(64), options);
        Assert.Equal(StopReason.EarlyStopping, model.StopReason);
        Assert.True(model.History.Count < 200);
        var best = model.History.MinBy(h => h.ValidationLoss!.Value)!;
        Assert.Equal(best.Epoch, model.BestEpoch);
        Assert.Equal(model.BestEpoch + 4, model.History.Count);
        // the returned weights give the recorded best validation loss: recompute the cross-entropy on the validation rows
        Assert.Equal(best.ValidationLoss!.Value, ValidationCrossEntropy(model, data, options), 4);
    }

    /// <summary>Mean -log p(true class) over the run's validation rows, from the model's own predictions.</summary>
    private static double ValidationCrossEntropy(TrainedModel model, Dataset data, TrainingOptions options)
    {
        var (_, validRows) = DatasetSplitter.Split(data, options.ValidationFraction, options.Seed);
        var valid = data.Select(validRows);
        var probs = Evaluation.Predictor.Predict(model, valid).Probabilities!;
        return probs.Select((p, i) => -Math.Log(p[valid.Target!.Labels[i]])).Average();
    }

    [Fact]
    public void CancellationReturnsTheBestCompleteEpoch()
    {
        using var cts = new CancellationTokenSource();
        var data = Blobs(300, 6, randomLabels: true);
        var options = Quick with { Epochs = 50, LearningRate = 0.03, ValidationFraction = 0.3 };
        int epochs = 0;
        using var model = Trainer.Train(data, Mlp(64), options, onEpoch: _ => { if (++epochs == 5) cts.Cancel(); }, cancel: cts.Token);
        Assert.Equal(StopReason.Cancelled, model.StopReason);
        Assert.False(model.Completed);
        Assert.Equal(5, model.History.Count);
        var best = model.History.MinBy(h => h.ValidationLoss!.Value)!;
        Assert.Equal(best.Epoch, model.BestEpoch);
        Assert.Equal(best.ValidationLoss!.Value, ValidationCrossEntropy(model, data, options), 4);
    }

    public static IEnumerable<object[]> Schedules()
    {
        // Step: x0.5 every 2 epochs
        yield return new object[] { new ScheduleOptions { Kind = ScheduleKind.Step, StepSize = 2, Gamma = 0.5 }, 6, 0.1, new[] { 0.1, 0.1, 0.05, 0.05, 0.025, 0.025 } };
        // warmup 2 of 5 epochs, then constant: base * e / 3
        yield return new object[] { new ScheduleOptions { WarmupEpochs = 2 }, 5, 0.3, new[] { 0.1, 0.2, 0.3, 0.3, 0.3 } };
        // cosine over 5 epochs to 0: 0.1 (1 + cos(pi k / 5)) / 2
        yield return new object[] { new ScheduleOptions { Kind = ScheduleKind.Cosine }, 5, 0.1,
            Enumerable.Range(0, 5).Select(k => 0.05 * (1 + Math.Cos(Math.PI * k / 5))).ToArray() };
        // warmup 1 then cosine over the 4 remaining epochs
        yield return new object[] { new ScheduleOptions { Kind = ScheduleKind.Cosine, WarmupEpochs = 1 }, 5, 0.1,
            new[] { 0.05 }.Concat(Enumerable.Range(0, 4).Select(k => 0.05 * (1 + Math.Cos(Math.PI * k / 4)))).ToArray() };
        // one cycle over 10 epochs, max 0.1 (PyTorch's OneCycleLR with pct_start 0.3, cosine annealing): start 0.1/25 = 0.004,
        // peak at step 0.3*10 - 1 = 2, then down to 0.004/1e4 at step 9; lr = end + (start - end)(1 + cos(pi pct)) / 2
        double Anneal(double a, double b, double pct) => b + (a - b) / 2 * (Math.Cos(Math.PI * pct) + 1);
        yield return new object[] { new ScheduleOptions { Kind = ScheduleKind.OneCycle }, 10, 0.1,
            Enumerable.Range(0, 10).Select(s => s <= 2 ? Anneal(0.004, 0.1, s / 2.0) : Anneal(0.1, 0.004 / 1e4, (s - 2) / 7.0)).ToArray() };
    }

    [Theory]
    [MemberData(nameof(Schedules))]
    public void EachScheduleGivesTheHandComputedRates(ScheduleOptions schedule, int epochs, double rate, double[] expected)
    {
        using var model = Trainer.Train(Blobs(64, 7), Mlp(), Quick with { Epochs = epochs, LearningRate = rate, Schedule = schedule });
        var rates = model.History.Select(h => h.LearningRate).ToArray();
        Assert.Equal(expected.Length, rates.Length);
        for (int i = 0; i < rates.Length; i++) Assert.True(Math.Abs(expected[i] - rates[i]) <= 1e-9 * expected[i] + 1e-15, $"epoch {i + 1}: {rates[i]} vs {expected[i]}");
        Assert.Equal(rates, model.History.Select(h => h.Metrics["lr"]));
    }

    [Fact]
    public void ReduceOnPlateauHalvesTheRateAfterPatienceBadEpochs()
    {
        // PyTorch's rule: reduce when the epochs without improvement exceed the patience (2): the best loss 0.9 is at epoch 2,
        // epochs 3, 4, 5 do not improve, so the rate is halved after epoch 5 and epoch 6 runs at 0.05
        var data = Blobs(20, 1);
        var options = new TrainingOptions { Epochs = 8, LearningRate = 0.1, Schedule = new ScheduleOptions { Kind = ScheduleKind.ReduceOnPlateau, Gamma = 0.5, PlateauPatience = 2 } };
        // torch's generator is process-wide: initialise under the trainer's lock so seeded runs on other test threads stay bit for bit
        TorchSharp.Modules.Linear NewLinear() { lock (TorchRandom.Sync) return nn.Linear(2, 2); }
        using var lin = NewLinear();
        using var opt = OptimizerFactory.Create(lin.parameters(), options);
        using var task = TrainingTask.For(data.View(), options.Loss);
        using var gen = new Generator().manual_seed(1);
        var context = new TrainingContext(lin, opt, task, options, gen, 1, new List<EpochRecord>());
        var schedule = new LearningRateSchedule(options.Schedule);
        schedule.OnTrainBegin(context);
        var losses = new[] { 1.0, 0.9, 0.95, 0.96, 0.97, 0.98, 0.99, 1.0 };
        var rates = new List<double>();
        for (int e = 0; e < losses.Length; e++)
        {
            rates.Add(context.LearningRate);
            schedule.OnEpochEnd(context, new EpochRecord(e + 1, losses[e], null, losses[e], null, 0, 0, context.LearningRate));
        }
        Assert.Equal(new[] { 0.1, 0.1, 0.1, 0.1, 0.1, 0.05, 0.05, 0.05 }, rates.Select(r => Math.Round(r, 12)));
    }

    private sealed class GradientNormProbe : TrainingCallback
    {
        public double Max { get; private set; }
        public override void BeforeOptimizerStep(TrainingContext context)
        {
            double sq = 0;
            foreach (var p in context.Module.parameters())
                if (p.grad is { } g) sq += g.pow(2).sum().item<float>();
            Max = Math.Max(Max, Math.Sqrt(sq));
        }
    }

    [Fact]
    public void ClippingBoundsTheGradientNorm()
    {
        var data = Blobs(128, 8);
        var options = Quick with { Epochs = 2 };
        var free = new GradientNormProbe();
        new Trainer(options) { Callbacks = { free } }.Fit(data, Mlp()).Dispose();
        var clipped = new GradientNormProbe();
        new Trainer(options with { GradientClipNorm = 0.05 }) { Callbacks = { clipped } }.Fit(data, Mlp()).Dispose();
        Assert.True(free.Max > 0.1, $"unclipped gradient norm {free.Max} (the test needs norms above the bound)");
        Assert.True(clipped.Max <= 0.05 * (1 + 1e-4), $"clipped gradient norm {clipped.Max}");
    }

    [Fact]
    public void AHugeLearningRateTriggersTheNanGuard()
    {
        // SGD with rate 1e8 on squared error: every step multiplies the weights by about -1e8, so the loss overflows within a few batches
        var options = new TrainingOptions { Epochs = 3, BatchSize = 16, LearningRate = 1e8, ValidationFraction = 0, Optimizer = new OptimizerOptions { Kind = OptimizerKind.SGD } };
        using var model = Trainer.Train(Line(200, 1), Mlp(), options);
        Assert.Equal(StopReason.Diverged, model.StopReason);
        Assert.Matches(@"epoch 1, batch \d+ of 13, learning rate 1E\+08", model.StopMessage);
        Assert.Contains("-LearningRate", model.StopMessage);
        Assert.False(model.Completed);
        Assert.All(Evaluation.Predictor.Predict(model, Line(20, 2)).PredictedValues!, v => Assert.True(double.IsFinite(v)));
    }

    [Fact]
    public void ResumingFromACheckpointEqualsAnUninterruptedRun()
    {
        var data = Blobs(200, 9);
        var options = Quick with
        {
            Epochs = 6, Seed = 3,
            Schedule = new ScheduleOptions { Kind = ScheduleKind.Step, StepSize = 2, Gamma = 0.5 },
            EarlyStopping = new EarlyStoppingOptions { Patience = 50 },
        };
        var spec = Mlp(16, dropout: 0.3);
        using var whole = Trainer.Train(data, spec, options);
        string path = Path.Combine(Path.GetTempPath(), $"ds-ckpt-{Guid.NewGuid():N}.bin");
        try
        {
            using var cts = new CancellationTokenSource();
            using (var part = new Trainer(options) { CheckpointPath = path, OnEpoch = e => { if (e.Epoch == 3) cts.Cancel(); } }.Fit(data, spec, cts.Token))
            {
                Assert.Equal(StopReason.Cancelled, part.StopReason);
                Assert.Equal(3, part.History.Count);
            }
            using var resumed = new Trainer(options) { CheckpointPath = path, Resume = true }.Fit(data, spec);
            Assert.Equal(whole.History.Select(h => (h.Loss, h.ValidationLoss, h.LearningRate)), resumed.History.Select(h => (h.Loss, h.ValidationLoss, h.LearningRate)));
            Assert.Equal(whole.BestEpoch, resumed.BestEpoch);
            Assert.Equal(Evaluation.Predictor.Predict(whole, data).Probabilities!.SelectMany(p => p), Evaluation.Predictor.Predict(resumed, data).Probabilities!.SelectMany(p => p));
            // a checkpoint of other options is refused
            var e = Assert.Throws<DeepStatsException>(() => new Trainer(options with { LearningRate = 0.5 }) { CheckpointPath = path, Resume = true }.Fit(data, spec));
            Assert.Equal(ErrorIds.CheckpointMismatch, e.ErrorId);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void L1AddsStrengthTimesTheSignOfEachWeightToItsGradient()
    {
        // d/dw of 0.1 * sum |w| is 0.1 * sign(w); biases (one dimension) are left alone
        var data = Blobs(20, 1);
        var options = new TrainingOptions { L1 = 0.1 };
        // torch's generator is process-wide: initialise under the trainer's lock so seeded runs on other test threads stay bit for bit
        TorchSharp.Modules.Linear NewLinear() { lock (TorchRandom.Sync) return nn.Linear(2, 2); }
        using var lin = NewLinear();
        using (no_grad())
        {
            lin.weight!.copy_(tensor(new float[] { 0.5f, -2f, 0f, 3f }, new long[] { 2, 2 }));
            lin.bias!.copy_(tensor(new float[] { 1f, -1f }));
        }
        lin.call(zeros(1, 2)).sum().backward(); // weight gradient 0 (zero input), bias gradient 1
        using var opt = OptimizerFactory.Create(lin.parameters(), options);
        using var task = TrainingTask.For(data.View(), options.Loss);
        using var gen = new Generator().manual_seed(1);
        new L1Penalty(0.1).BeforeOptimizerStep(new TrainingContext(lin, opt, task, options, gen, 1, new List<EpochRecord>()));
        Assert.Equal(new[] { 0.1f, -0.1f, 0f, 0.1f }, lin.weight!.grad!.data<float>().ToArray());
        Assert.Equal(new[] { 1f, 1f }, lin.bias!.grad!.data<float>().ToArray());
    }

    [Fact]
    public void TensorBoardGetsAnEventFile()
    {
        string dir = Path.Combine(Path.GetTempPath(), $"ds-tb-{Guid.NewGuid():N}");
        try
        {
            new Trainer(Quick with { Epochs = 2 }) { TensorBoardPath = dir }.Fit(Blobs(64, 3), Mlp()).Dispose();
            var files = Directory.GetFiles(dir, "events.out.tfevents.*", SearchOption.AllDirectories);
            Assert.NotEmpty(files);
            Assert.True(new FileInfo(files[0]).Length > 100, "the event file holds the scalars");
        }
        finally
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void OptionRecordsRoundTripThroughJson()
    {
        var options = Quick with
        {
            Optimizer = new OptimizerOptions { Kind = OptimizerKind.SGD, Momentum = 0.9, Nesterov = true },
            Loss = new LossOptions { ClassWeights = new Dictionary<string, double> { ["pos"] = 2.5 }, LabelSmoothing = 0.1 },
            Schedule = new ScheduleOptions { Kind = ScheduleKind.OneCycle, WarmupEpochs = 2 },
            EarlyStopping = new EarlyStoppingOptions { Patience = 3, Monitor = MonitorMetric.ValidationAccuracy },
            GradientClipNorm = 1,
        };
        string json = System.Text.Json.JsonSerializer.Serialize(options);
        Assert.Contains("\"Kind\":\"SGD\"", json); // enums as names, readable in a model file
        var back = System.Text.Json.JsonSerializer.Deserialize<TrainingOptions>(json)!;
        Assert.Equal(json, System.Text.Json.JsonSerializer.Serialize(back));
        Assert.Equal(options.Optimizer, back.Optimizer);
        Assert.Equal(2.5, back.Loss.ClassWeights!["pos"]);
    }

    [Fact]
    public void TheModelRecordsHowItWasMade()
    {
        var data = Blobs(64, 10);
        using var model = Trainer.Train(data, Mlp(), Quick with { Epochs = 1, Seed = 42, ThreadCount = 1 });
        var run = model.RunInfo!;
        Assert.Equal(42, run.Seed);
        Assert.Equal(1, run.Threads);
        Assert.Equal(data.Fingerprint, run.DataFingerprint);
        Assert.Equal(torch.__version__, run.LibTorchVersion);
        Assert.StartsWith("0.107", run.TorchSharpVersion);
        Assert.False(string.IsNullOrWhiteSpace(run.Cpu));
        Assert.Equal(StopReason.Completed, model.StopReason);
        Assert.Equal(1, model.BestEpoch);
        Assert.Equal(new[] { "accuracy", "examples_per_second", "loss", "lr", "seconds", "val_accuracy", "val_loss" }, model.History[0].Metrics.Keys.Order());
    }

    [Fact]
    public void RegressionLossesAreReportedInTheTargetsUnits()
    {
        // y = 3x + 1 + noise, x uniform on [-2, 2]: sd(y) is about 3.5; an untrained net predicting ~0 in z-units has MSE near
        // var(y) ~ 12 and MAE near 3 in y's units, both far above their z-unit values of about 1 and 0.8
        var data = Line(200, 3);
        var options = Quick with { Epochs = 1, LearningRate = 1e-6, ValidationFraction = 0 };
        using var mse = Trainer.Train(data, Mlp(), options);
        using var mae = Trainer.Train(data, Mlp(), options with { Loss = new LossOptions { Kind = LossKind.MAE } });
        Assert.InRange(mse.History[0].Loss, 6, 30);
        Assert.InRange(mae.History[0].Loss, 2, 6);
        var e = Assert.Throws<DeepStatsException>(() => Trainer.Train(data, Mlp(), options with { Loss = new LossOptions { Kind = LossKind.CrossEntropy } }));
        Assert.Equal(ErrorIds.LossNotForTarget, e.ErrorId);
    }

    [Fact]
    public void ValidationDataGoesThroughTheTrainingFitNotItsOwn()
    {
        var train = Blobs(200, 11);
        // validation data shifted by +10 on both features: with the training rows' standardizer it stays far off-centre
        var v = Blobs(100, 12);
        var shifted = Dataset.Tabular("v", "generated", new DataColumn[]
        {
            new NumericColumn("x", ((NumericColumn)v.Columns[0]).Values.Select(a => a + 10).ToArray()),
            new NumericColumn("z", ((NumericColumn)v.Columns[1]).Values.Select(a => a + 10).ToArray()),
        }, v.Target);
        var prepared = TrainingData.Prepare(train, Quick, shifted);
        Assert.Equal(200, prepared.Train.Count);
        Assert.Equal(100, prepared.ValidationRows);
        var s = (DeepStats.Core.Preprocessing.Standardizer)prepared.Prepared.Transforms.Single();
        double expected = (((NumericColumn)shifted.Columns[0]).Values[0] - s.Parameters[0].Center) / s.Parameters[0].Scale;
        Assert.Equal(expected, ((NumericColumn)prepared.Validation!.Data.Columns[0]).Values[0], 12);
    }
}

public class FlatParametersTests
{
    [Theory]
    [InlineData(OptimizerKind.Adam)]
    [InlineData(OptimizerKind.AdamW)]
    [InlineData(OptimizerKind.SGD)]
    public void AnOptimiserOverTheFlatBufferMatchesTheSameOptimiserPerParameter(OptimizerKind kind)
    {
        // two copies of one network (same seed), one updated per parameter by TorchSharp's optimiser, the other through
        // the flat buffer; every step must leave them equal (the optimisers act element by element)
        var spec = NetworkFactory.FeedForward(new FeedForwardOptions { Hidden = new[] { 16, 8 } });
        nn.Module<Tensor, Tensor> Build() { lock (TorchRandom.Sync) { torch.manual_seed(11); return ModelBuilder.Build(spec.For(new[] { 5 }, 3), new[] { 5 }, 3); } }
        using var a = Build();
        using var b = Build();
        var options = new TrainingOptions { LearningRate = 0.01, WeightDecay = 0.01, Optimizer = new OptimizerOptions { Kind = kind, Momentum = kind == OptimizerKind.SGD ? 0.9 : 0 } };
        using var optA = OptimizerFactory.Create(a.parameters(), options);
        using var flat = new FlatParameters(b);
        using var optB = OptimizerFactory.Create(new[] { flat.Parameter }, options);
        var gen = new Generator().manual_seed(3);
        for (int step = 0; step < 6; step++)
        {
            using var scope = NewDisposeScope();
            var x = randn(new long[] { 32, 5 }, generator: gen);
            var y = randint(3, new long[] { 32 }, generator: gen);
            optA.zero_grad();
            nn.functional.cross_entropy(a.call(x), y).backward();
            optA.step();
            flat.ZeroGrad();
            nn.functional.cross_entropy(b.call(x), y).backward();
            optB.step();
            foreach (var ((name, pa), (_, pb)) in a.named_parameters().Zip(b.named_parameters()))
            {
                double diff = (pa - pb).abs().max().item<float>();
                Assert.True(diff <= 1e-6, $"{kind}, step {step + 1}, {name}: largest difference {diff}");
            }
        }
        // the module's parameters really are views of the buffer: changing the buffer changes them
        using (no_grad()) flat.Parameter.fill_(0.5f);
        Assert.All(b.parameters(), p => Assert.Equal(0.5f, p.max().item<float>()));
    }
}
