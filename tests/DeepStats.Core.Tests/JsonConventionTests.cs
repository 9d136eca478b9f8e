using System.Text.Json;
using System.Text.Json.Nodes;
using DeepStats.Core.Models;
using DeepStats.Core.Persistence;
using DeepStats.Core.Preprocessing;
using DeepStats.Core.Training;
using Xunit;

namespace DeepStats.Core.Tests;

/// <summary>The one JSON convention (Persistence/JsonConvention): the option records round-trip through it, it writes
/// camelCase, enums by name and named float literals, and a model file written before it existed reads unchanged.</summary>
public class JsonConventionTests
{
    private static readonly JsonSerializerOptions J = JsonConvention.Options;

    [Fact]
    public void TrainingOptionsRoundTripWithEveryNestedRecord()
    {
        var o = new TrainingOptions
        {
            Epochs = 7, BatchSize = 33, LearningRate = 0.05, WeightDecay = 1e-4, Seed = 11, ValidationFraction = 0.25,
            Standardize = false, L1 = 1e-5, GradientClipNorm = double.PositiveInfinity, ThreadCount = 3,
            Augmentation = new AugmentationPolicy { FlipProbability = 0.5, MaxShift = 2, NoiseStd = 0.1, Seed = 4 },
            Optimizer = new OptimizerOptions { Kind = OptimizerKind.SGD, Momentum = 0.9, Nesterov = true, Epsilon = 1e-7 },
            Loss = new LossOptions { Kind = LossKind.CrossEntropy, LabelSmoothing = 0.1, ClassWeights = new Dictionary<string, double> { ["Yes"] = 2.5 } },
            Schedule = new ScheduleOptions { Kind = ScheduleKind.Cosine, WarmupEpochs = 2, MinLearningRate = double.NaN },
            EarlyStopping = new EarlyStoppingOptions { Patience = 4, MinDelta = 0.01, Monitor = MonitorMetric.ValidationAccuracy },
        };
        string text = JsonSerializer.Serialize(o, J);
        // the convention, spelled out: camelCase members, dictionary keys as given, enums by name, named float literals
        Assert.Contains("\"learningRate\": 0.05", text);
        Assert.Contains("\"gradientClipNorm\": \"Infinity\"", text);
        Assert.Contains("\"minLearningRate\": \"NaN\"", text);
        Assert.Contains("\"kind\": \"SGD\"", text);
        Assert.Contains("\"monitor\": \"ValidationAccuracy\"", text);
        Assert.Contains("\"Yes\": 2.5", text);
        var back = JsonSerializer.Deserialize<TrainingOptions>(text, J)!;
        Assert.Equal(o with { Loss = back.Loss }, back);          // everything but the dictionary compares by value
        Assert.Equal(2.5, back.Loss.ClassWeights!["Yes"]);
        Assert.Equal(o.Loss with { ClassWeights = back.Loss.ClassWeights }, back.Loss);
        Assert.True(double.IsNaN(back.Schedule.MinLearningRate));
        Assert.Equal(text, JsonSerializer.Serialize(back, J));
    }

    [Fact]
    public void ModelSpecAndEpochRecordsRoundTripAndOldNumericEnumsStillRead()
    {
        var spec = new ModelSpec
        {
            Kind = "ConvNet", InputShape = new[] { 1, 8, 8 }, Outputs = 3, Init = WeightInit.He,
            Layers = new[] { LayerSpec.Conv(4, 3, 1, 1), LayerSpec.Of(LayerType.ReLU), LayerSpec.Pool(LayerType.MaxPool2d, 2), LayerSpec.Of(LayerType.Flatten), LayerSpec.Dense(null) },
        };
        string json = spec.ToJson();
        Assert.Contains("\"init\": \"He\"", json);
        Assert.Contains("\"type\": \"MaxPool2d\"", json);
        var back = ModelSpec.FromJson(json);
        Assert.True(spec.Equivalent(back));
        Assert.Equal(spec.Layers, back.Layers);
        // a spec written with an enum as a number (as ModelSpec.ToJson wrote enums without a converter) still reads
        var numeric = JsonNode.Parse(json)!;
        numeric["init"] = (int)WeightInit.Xavier;
        Assert.Equal(WeightInit.Xavier, ModelSpec.FromJson(numeric.ToJsonString()).Init);

        var record = new EpochRecord(3, 0.5, 0.75, double.NaN, null, 1.25, 400, 1e-3)
        {
            Metrics = new Dictionary<string, double> { ["loss"] = 0.5, ["val_loss"] = double.NaN },
        };
        var list = new List<EpochRecord> { record };
        var read = JsonSerializer.Deserialize<List<EpochRecord>>(JsonSerializer.Serialize(list, J), J)!;
        Assert.Equal(record, Assert.Single(read));
    }

    /// <summary>tests/data/models/format1-minmax-sgd.dsmodel was written by DeepStats before the convention was one class
    /// (commit 3074be0: Import-Dataset of 60 rows | ConvertTo-Standardized -Method MinMax | Start-Training -Model
    /// (New-FeedForwardNet -Hidden 3) -Epochs 2 -Seed 7 -Optimizer SGD -Momentum 0.5 -Schedule Cosine -Patience 3
    /// -GradientClipNorm 1.5 -ClassWeight @{ yes = 2 }). It reads, carries those options, and its spec, options and
    /// history written again with the convention are the JSON stored in the file, node for node.</summary>
    [Fact]
    public void AModelFileWrittenBeforeReadsUnchanged()
    {
        string path = Path.Combine(TestPaths.RepoRoot(), "tests", "data", "models", "format1-minmax-sgd.dsmodel");
        Assert.True(File.Exists(path), $"the fixture '{path}' is missing: the checkout is incomplete");
        var artifact = ModelFile.ReadArtifact(path);
        var o = artifact.Options;
        Assert.Equal((2, 7, OptimizerKind.SGD, 0.5, ScheduleKind.Cosine, 3, 1.5), (o.Epochs, o.Seed, o.Optimizer.Kind, o.Optimizer.Momentum, o.Schedule.Kind, o.EarlyStopping!.Patience, o.GradientClipNorm!.Value));
        Assert.Equal(2.0, o.Loss.ClassWeights!["yes"]);
        Assert.Equal(2, artifact.History.Count);
        Assert.Equal(new[] { "no", "yes" }, artifact.Schema.Classes);

        using var zip = new System.IO.Compression.ZipArchive(File.OpenRead(path));
        using var reader = new StreamReader(zip.GetEntry(ModelFile.ModelEntry)!.Open());
        var stored = JsonNode.Parse(reader.ReadToEnd())!;
        Assert.True(JsonNode.DeepEquals(stored["options"], JsonSerializer.SerializeToNode(o, J)));
        Assert.True(JsonNode.DeepEquals(stored["spec"], JsonNode.Parse(artifact.Spec.ToJson())));
        Assert.True(JsonNode.DeepEquals(stored["history"], JsonSerializer.SerializeToNode(artifact.History, J)));
    }
}
