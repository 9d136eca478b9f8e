using DeepStats.Core.Data;
using DeepStats.Core.Evaluation;
using DeepStats.Core.Export;
using DeepStats.Core.Models;
using DeepStats.Core.Preprocessing;
using DeepStats.Core.Training;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Xunit;

namespace DeepStats.Core.Tests;

/// <summary>
/// The exported ONNX graph, run by ONNX Runtime on held-out raw rows, gives what <see cref="Predictor.Predict"/> gives:
/// probabilities within 1e-5, the same labels, regression values within 1e-5 relative; for every layer the builders make
/// and every preprocessing chain the recipes allow. Inputs are float32 in ONNX, so the generated numbers are float32 values
/// (stored as float64 in DeepStats): both sides then start from the same numbers.
/// </summary>
public class OnnxExportTests
{
    private static readonly TrainingOptions Quick = new() { Epochs = 2, BatchSize = 32, Seed = 7, ValidationFraction = 0.2, LearningRate = 0.01 };

    // ---------- data ----------

    private static double F(double v) => (float)v;

    /// <summary>A table: numbers x1..x3 (x2 with missing values), a category 'colour' (with an explicit unknown level 'other' when asked,
    /// values unseen in training in held-out data), a boolean 'flag', a constant column, and a class or numeric target that depends on them.</summary>
    private static Dataset Table(int n, int seed, bool regression = false, bool missing = false, CategoryEncoding encoding = CategoryEncoding.OneHot,
        bool unknownLevel = false, bool unseen = false)
    {
        var rng = new Random(seed);
        double G() => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
        var levels = unknownLevel ? new[] { "blue", "green", "other", "red" } : new[] { "blue", "green", "red" };
        var allLevels = unseen ? levels.Append("violet").Order(StringComparer.Ordinal).ToArray() : levels;
        var x1 = new double[n]; var x2 = new double[n]; var x3 = new double[n]; var c = new double[n];
        var colour = new int[n]; var flag = new int[n]; var y = new double[n]; var labels = new int[n];
        for (int i = 0; i < n; i++)
        {
            x1[i] = F(3 + 2 * G());
            x2[i] = missing && i % 7 == 3 ? double.NaN : F(100 + 15 * G());
            x3[i] = F(G());
            c[i] = 5;
            string level = unseen && i % 5 == 0 ? "violet" : new[] { "blue", "green", "red" }[rng.Next(3)];
            colour[i] = missing && i % 11 == 5 ? -1 : Array.IndexOf(allLevels, level);
            flag[i] = rng.Next(2);
            double score = x1[i] - 3 + (double.IsNaN(x2[i]) ? 0 : (x2[i] - 100) / 15) + (level == "red" ? 1.5 : 0) + (flag[i] == 1 ? -1 : 0) + 0.5 * G();
            y[i] = F(10 + 3 * score);
            labels[i] = score > 1 ? 2 : score > -1 ? 1 : 0;
        }
        var cols = new DataColumn[]
        {
            new NumericColumn("x1", x1), new NumericColumn("x2", x2), new CategoricalColumn("colour", colour, allLevels, encoding, unknownLevel ? "other" : null),
            new BooleanColumn("flag", flag), new NumericColumn("x3", x3), new NumericColumn("constant", c),
        };
        return Dataset.Tabular("table", "generated", cols, regression ? new TargetColumn("y", y) : new TargetColumn("y", labels, new[] { "high", "low", "mid" }));
    }

    private static Dataset Images(int n, int seed, int channels, int size)
    {
        var rng = new Random(seed);
        var px = new float[n * channels * size * size];
        var labels = new int[n];
        for (int i = 0; i < n; i++)
        {
            labels[i] = i % 3;
            for (int k = 0; k < channels * size * size; k++)
                px[(long)i * channels * size * size + k] = (float)(rng.NextDouble() * 255 + (k % size < size / 2 ? 40 * labels[i] : 0));
        }
        return Dataset.FromImages("images", "generated", new ImageBlock(px, n, channels, size, size), new TargetColumn("y", labels, new[] { "a", "b", "c" }));
    }

    private static Dataset Sequences(int n, int seed, int steps, int features, bool regression)
    {
        var rng = new Random(seed);
        var v = new float[n * steps * features];
        var labels = new int[n];
        var y = new double[n];
        for (int i = 0; i < n; i++)
        {
            double sum = 0;
            for (int k = 0; k < steps * features; k++)
            {
                float x = (float)(rng.NextDouble() * 10 - 5 + (k % features == 0 ? 20 : 0));
                v[(long)i * steps * features + k] = x;
                if (k % features == 1) sum += x;
            }
            labels[i] = sum > 0 ? 1 : 0;
            y[i] = F(sum);
        }
        var names = Enumerable.Range(1, features).Select(j => $"f{j}").ToArray();
        return Dataset.FromSequences("seq", "generated", new SequenceBlock(v, n, steps, features, names),
            regression ? new TargetColumn("y", y) : new TargetColumn("y", labels, new[] { "down", "up" }));
    }

    // ---------- running both ----------

    private static IReadOnlyList<NamedOnnxValue> Feed(TrainedModel model, Dataset raw)
    {
        int n = raw.RowCount;
        if (raw.Images is { } img)
            return new[] { NamedOnnxValue.CreateFromTensor("image", new DenseTensor<float>(img.Pixels, new[] { n, img.Channels, img.Height, img.Width })) };
        if (raw.Sequences is { } seq)
            return new[] { NamedOnnxValue.CreateFromTensor("sequence", new DenseTensor<float>(seq.Values, new[] { n, seq.Steps, seq.Features })) };
        var inputs = new List<NamedOnnxValue>();
        foreach (var f in Predictor.InputFeatures(model))
        {
            var col = raw.GetColumn(f.Name)!;
            if (col is NumericColumn num)
                inputs.Add(NamedOnnxValue.CreateFromTensor(f.Name, new DenseTensor<float>(num.Values.Select(v => (float)v).ToArray(), new[] { n, 1 })));
            else
            {
                var cat = (CategoricalColumn)col;
                inputs.Add(NamedOnnxValue.CreateFromTensor(f.Name, new DenseTensor<string>(cat.Codes.Select(k => k < 0 ? "" : cat.Levels[k]).ToArray(), new[] { n, 1 })));
            }
        }
        return inputs;
    }

    private sealed record OnnxResult(float[]? Probabilities, string[]? Labels, long[]? Indices, double[]? Values, int Classes);

    private static OnnxResult RunOnnx(byte[] onnx, TrainedModel model, Dataset raw)
    {
        using var session = new InferenceSession(onnx);
        using var results = session.Run(Feed(model, raw));
        var byName = results.ToDictionary(r => r.Name);
        if (model.TargetKind == TargetKind.Regression)
            return new OnnxResult(null, null, null, byName["value"].AsEnumerable<double>().ToArray(), 0);
        return new OnnxResult(byName["probabilities"].AsEnumerable<float>().ToArray(), byName["label"].AsEnumerable<string>().ToArray(),
            byName["label_index"].AsEnumerable<long>().ToArray(), null, model.Classes.Count);
    }

    /// <summary>Exports, runs ONNX Runtime and Predictor.Predict on the same raw rows and checks the agreement; returns the largest difference.</summary>
    private static double AssertAgrees(TrainedModel model, Dataset heldOut)
    {
        var onnx = OnnxExporter.Build(model);
        var expected = Predictor.Predict(model, heldOut);
        var got = RunOnnx(onnx, model, heldOut);
        int n = heldOut.RowCount;
        double worst = 0;
        if (model.TargetKind == TargetKind.Regression)
        {
            Assert.Equal(n, got.Values!.Length);
            for (int i = 0; i < n; i++)
            {
                double e = expected.PredictedValues![i], rel = Math.Abs(got.Values[i] - e) / Math.Max(1, Math.Abs(e));
                worst = Math.Max(worst, rel);
                Assert.True(rel <= 1e-5, $"row {i + 1}: ONNX {got.Values[i]:R}, DeepStats {e:R}");
            }
            return worst;
        }
        int k = got.Classes;
        Assert.Equal(n * k, got.Probabilities!.Length);
        for (int i = 0; i < n; i++)
        {
            for (int c = 0; c < k; c++)
            {
                double d = Math.Abs(got.Probabilities[i * k + c] - expected.Probabilities![i][c]);
                worst = Math.Max(worst, d);
                Assert.True(d <= 1e-5, $"row {i + 1}, class {model.Classes[c]}: ONNX {got.Probabilities[i * k + c]:R}, DeepStats {expected.Probabilities[i][c]:R}");
            }
            Assert.Equal(expected.PredictedLabels![i], (int)got.Indices![i]);
            Assert.Equal(model.Classes[expected.PredictedLabels[i]], got.Labels![i]);
        }
        return worst;
    }

    // ---------- architectures ----------

    public static TheoryData<string> Activations() => new() { "ReLU", "LeakyReLU", "ELU", "GELU", "Tanh" };

    [Theory]
    [MemberData(nameof(Activations))]
    public void FeedForwardWithBatchNormAndDropoutAgrees(string activation)
    {
        var spec = NetworkFactory.FeedForward(new FeedForwardOptions { Hidden = new[] { 16, 8 }, Activation = Enum.Parse<LayerType>(activation), BatchNorm = true, Dropout = 0.3 });
        using var model = Trainer.Train(Table(300, 1), spec, Quick);
        AssertAgrees(model, Table(80, 2));
    }

    public static TheoryData<bool, bool, bool, int> ConvNets() => new()
    {
        // residual, global pool, average pool, stride: residual blocks with stride 2 and new channels get projection shortcuts,
        // with stride 1 and the same channels identity shortcuts
        { false, false, false, 1 },
        { false, true, true, 1 },
        { true, false, false, 2 },
        { true, true, true, 2 },
        { true, false, true, 1 },
    };

    [Theory]
    [MemberData(nameof(ConvNets))]
    public void ConvNetAgrees(bool residual, bool globalPool, bool averagePool, int stride)
    {
        var spec = NetworkFactory.ConvNet(new ConvNetOptions
        {
            Channels = stride == 1 && residual ? new[] { 4, 4 } : new[] { 4, 6 }, KernelSize = new[] { 3 }, Hidden = new[] { 8 }, Residual = residual,
            GlobalPool = globalPool, PoolType = averagePool ? PoolKind.Average : PoolKind.Max, Stride = stride, Pool = stride == 1 ? 2 : 0, Dropout = 0.2,
        });
        int channels = residual && stride == 1 ? 4 : 2;
        using var model = Trainer.Train(Images(90, 3, channels, 12), spec, Quick with { Epochs = 1 });
        AssertAgrees(model, Images(24, 4, channels, 12));
    }

    public static TheoryData<string, int, bool> RecurrentNets() => new()
    {
        { "LSTM", 1, false }, { "LSTM", 2, true }, { "GRU", 1, true }, { "GRU", 2, false },
    };

    [Theory]
    [MemberData(nameof(RecurrentNets))]
    public void RecurrentAgrees(string cell, int layers, bool bidirectional)
    {
        var spec = NetworkFactory.Recurrent(new RecurrentOptions { Cell = Enum.Parse<LayerType>(cell), HiddenSize = 6, Layers = layers, Bidirectional = bidirectional, Hidden = new[] { 5 }, Dropout = 0.1 });
        using var model = Trainer.Train(Sequences(120, 5, 7, 3, false), spec, Quick with { Epochs = 1 });
        AssertAgrees(model, Sequences(30, 6, 7, 3, false));
    }

    [Fact]
    public void RecurrentRegressionAgrees()
    {
        var spec = NetworkFactory.Recurrent(new RecurrentOptions { Cell = LayerType.GRU, HiddenSize = 5, Layers = 2, Bidirectional = true });
        using var model = Trainer.Train(Sequences(120, 7, 6, 2, true), spec, Quick with { Epochs = 1 });
        AssertAgrees(model, Sequences(30, 8, 6, 2, true));
    }

    // ---------- preprocessing chains ----------

    public static TheoryData<string> Chains() => new()
    {
        "default", "zscore", "minmax", "robust", "impute-mean", "impute-median-indicators", "impute-then-robust", "impute-indicators-select-variance",
        "minmax-then-select-anova", "select-then-zscore", "index-encoding", "unknown-level",
    };

    private static Dataset WithChain(Dataset data, string chain) => chain switch
    {
        "default" => data,
        "zscore" => PreprocessingPipeline.Fit(data, new StandardizeRecipe(StandardizeMethod.ZScore)),
        "minmax" => PreprocessingPipeline.Fit(data, new StandardizeRecipe(StandardizeMethod.MinMax)),
        "robust" => PreprocessingPipeline.Fit(data, new StandardizeRecipe(StandardizeMethod.Robust, new[] { "x1", "x3" })),
        "impute-mean" => PreprocessingPipeline.Fit(data, new ImputeRecipe { Strategy = ImputeStrategy.Mean }),
        "impute-median-indicators" => PreprocessingPipeline.Fit(data, new ImputeRecipe { Strategy = ImputeStrategy.Median, AddIndicators = true }),
        "impute-then-robust" => PreprocessingPipeline.Fit(PreprocessingPipeline.Fit(data, new ImputeRecipe { Strategy = ImputeStrategy.MostFrequent }),
            new StandardizeRecipe(StandardizeMethod.Robust)),
        "impute-indicators-select-variance" => PreprocessingPipeline.Fit(PreprocessingPipeline.Fit(data,
            new ImputeRecipe { Strategy = ImputeStrategy.Mean, AddIndicators = true }), new SelectFeaturesRecipe { Method = FeatureSelectionMethod.Variance }),
        "minmax-then-select-anova" => PreprocessingPipeline.Fit(PreprocessingPipeline.Fit(data, new StandardizeRecipe(StandardizeMethod.MinMax)),
            new SelectFeaturesRecipe { Method = FeatureSelectionMethod.AnovaF, Top = 2 }),
        "select-then-zscore" => PreprocessingPipeline.Fit(PreprocessingPipeline.Fit(data, new SelectFeaturesRecipe { Method = FeatureSelectionMethod.AnovaF, Top = 3 }),
            new StandardizeRecipe(StandardizeMethod.ZScore)),
        "index-encoding" or "unknown-level" => PreprocessingPipeline.Fit(data, new StandardizeRecipe(StandardizeMethod.ZScore)),
        _ => throw new ArgumentException(chain),
    };

    private static (Dataset Train, Dataset HeldOut) ChainData(string chain, bool regression)
    {
        bool missing = chain.StartsWith("impute");
        var encoding = chain == "index-encoding" ? CategoryEncoding.Index : CategoryEncoding.OneHot;
        bool unknown = chain == "unknown-level";
        return (Table(300, 11, regression, missing, encoding, unknown), Table(90, 12, regression, missing, encoding, unknown, unseen: unknown));
    }

    [Theory]
    [MemberData(nameof(Chains))]
    public void ClassifierWithPreprocessingAgrees(string chain)
    {
        var (train, heldOut) = ChainData(chain, false);
        var spec = NetworkFactory.FeedForward(new FeedForwardOptions { Hidden = new[] { 12 } });
        using var model = Trainer.Train(WithChain(train, chain), spec, Quick);
        AssertAgrees(model, heldOut);
    }

    [Theory]
    [MemberData(nameof(Chains))]
    public void RegressorWithPreprocessingAgrees(string chain)
    {
        if (chain.Contains("anova")) chain = "minmax"; // AnovaF on a numeric target is F-regression: covered by select-then-zscore
        var (train, heldOut) = ChainData(chain, true);
        var spec = NetworkFactory.FeedForward(new FeedForwardOptions { Hidden = new[] { 12 }, Activation = LayerType.Tanh });
        using var model = Trainer.Train(WithChain(train, chain), spec, Quick);
        Assert.NotEqual(0, model.TargetMean);
        AssertAgrees(model, heldOut);
    }

    // ---------- windowed series, rows that cannot be scored, what cannot be exported, metadata ----------

    [Fact]
    public void WindowedForecastTakesTheRawWindowsAndAgrees()
    {
        Dataset Series(int n, int seed)
        {
            var rng = new Random(seed);
            var a = new double[n]; var b = new double[n];
            for (int i = 0; i < n; i++) { a[i] = F(50 + 10 * Math.Sin(i / 5.0) + rng.NextDouble()); b[i] = F(rng.NextDouble() * 4); }
            return Dataset.Tabular("series", "generated", new DataColumn[] { new NumericColumn("a", a), new NumericColumn("b", b) }, null);
        }
        var train = Series(200, 21);
        var windows = SequenceWindows.For(train, 8, 2, null, "a");
        var spec = NetworkFactory.Recurrent(new RecurrentOptions { Cell = LayerType.LSTM, HiddenSize = 6 });
        using var model = Trainer.Train(windows.Apply(train), spec, Quick with { Epochs = 1 });
        var heldOut = Series(60, 22);
        var expected = Predictor.Predict(model, heldOut); // DeepStats cuts the windows of the raw series itself
        var raw = windows.Apply(heldOut).Sequences!;    // ONNX takes those windows of raw values
        using var session = new InferenceSession(OnnxExporter.Build(model));
        using var results = session.Run(new[] { NamedOnnxValue.CreateFromTensor("sequence", new DenseTensor<float>(raw.Values, new[] { raw.Count, raw.Steps, raw.Features })) });
        var got = results.Single(r => r.Name == "value").AsEnumerable<double>().ToArray();
        Assert.Equal(expected.PredictedValues!.Length, got.Length);
        for (int i = 0; i < got.Length; i++)
            Assert.True(Math.Abs(got[i] - expected.PredictedValues[i]) <= 1e-5 * Math.Max(1, Math.Abs(expected.PredictedValues[i])), $"window {i + 1}");
    }

    [Fact]
    public void RowsDeepStatsRefusesGetNaNProbabilitiesAndNoLabel()
    {
        // no imputer and no unknown level: DeepStats refuses a missing number and an unseen category; the graph cannot raise,
        // so those rows come out unscorable (NaN, label "", index -1) and the other rows are scored as usual
        using var model = Trainer.Train(Table(300, 31), NetworkFactory.FeedForward(new FeedForwardOptions { Hidden = new[] { 8 } }), Quick);
        var rows = Table(6, 32);
        var inputs = Feed(model, rows).ToList();
        var x2 = inputs.Single(v => v.Name == "x2").AsTensor<float>();
        x2[1, 0] = float.NaN;
        var colour = inputs.Single(v => v.Name == "colour").AsTensor<string>();
        colour[3, 0] = "violet";
        using var session = new InferenceSession(OnnxExporter.Build(model));
        using var results = session.Run(inputs);
        var probs = results.Single(r => r.Name == "probabilities").AsTensor<float>();
        var labels = results.Single(r => r.Name == "label").AsEnumerable<string>().ToArray();
        var index = results.Single(r => r.Name == "label_index").AsEnumerable<long>().ToArray();
        var expected = Predictor.Predict(model, rows);
        for (int i = 0; i < 6; i++)
        {
            bool bad = i is 1 or 3;
            Assert.Equal(bad, float.IsNaN(probs[i, 0]));
            Assert.Equal(bad ? "" : model.Classes[expected.PredictedLabels![i]], labels[i]);
            Assert.Equal(bad ? -1 : expected.PredictedLabels![i], index[i]);
        }
    }

    [Fact]
    public void WeightsTheSpecDoesNotMatchAreAnErrorAndNothingIsWritten()
    {
        using var model = Trainer.Train(Table(200, 41), NetworkFactory.FeedForward(new FeedForwardOptions { Hidden = new[] { 4 } }), Quick);
        var broken = new TrainedModel(model.Artifact with { Weights = model.Artifact.Weights.Where(w => !w.Name.EndsWith(".bias")).ToArray() });
        string path = Path.Combine(Path.GetTempPath(), $"onnx-{Guid.NewGuid():N}.onnx");
        var e = Assert.Throws<DeepStatsException>(() => OnnxExporter.Export(broken, path));
        Assert.Equal(ErrorIds.OnnxExportUnsupported, e.ErrorId);
        Assert.Contains("02_linear.bias", e.Message);
        Assert.False(File.Exists(path));
        Assert.Empty(Directory.GetFiles(Path.GetTempPath(), Path.GetFileName(path) + "*"));
    }

    [Fact]
    public void MetadataStatesClassesFeaturesVersionsOpsetsAndFingerprint()
    {
        using var model = Trainer.Train(Table(200, 51, unknownLevel: true), NetworkFactory.FeedForward(new FeedForwardOptions { Hidden = new[] { 4 } }), Quick);
        string path = Path.Combine(Path.GetTempPath(), $"onnx-{Guid.NewGuid():N}.onnx");
        try
        {
            long length = OnnxExporter.Export(model, path);
            Assert.Equal(new FileInfo(path).Length, length);
            using var session = new InferenceSession(path);
            var meta = session.ModelMetadata.CustomMetadataMap;
            Assert.Equal("[\n  \"high\",\n  \"low\",\n  \"mid\"\n]", meta["deepstats.classes"]);
            Assert.Equal(model.DataFingerprint, meta["deepstats.data_fingerprint"]);
            Assert.Equal("ai.onnx 17, ai.onnx.ml 3", meta["deepstats.opsets"]);
            Assert.Equal(Persistence.LibraryVersions.Current()["DeepStats"], meta["deepstats.version"]);
            Assert.Contains("\"unknownLevel\": \"other\"", meta["deepstats.features"]);
            Assert.Equal(new[] { "x1", "x2", "colour", "flag", "x3", "constant" }, session.InputMetadata.Keys);
            Assert.Equal(new[] { "probabilities", "label", "label_index" }, session.OutputMetadata.Keys);
            Assert.Equal("DeepStats", session.ModelMetadata.ProducerName);
        }
        finally { File.Delete(path); }
    }
}
