using System.Buffers.Binary;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using DeepStats.Core.Data;
using DeepStats.Core.Models;
using DeepStats.Core.Persistence;
using DeepStats.Core.Preprocessing;
using DeepStats.Core.Training;
using Xunit;

namespace DeepStats.Core.Tests;

/// <summary>Nothing a file or an argument says exhausts memory or ends in a raw exception: the memory footprint from
/// shape inference, model files checked completely before allocation, checkpoints hashed, stale temp files removed.</summary>
public class HostileInputTests
{
    private static string Temp(string ext = ".dsmodel") => Path.Combine(Path.GetTempPath(), "ds-hostile-" + Guid.NewGuid().ToString("N") + ext);

    /// <summary>The mixed table with its missing values imputed: five network inputs (x, z, colour one-hot of 3).</summary>
    private static Dataset Data(int n, int seed)
    {
        var raw = ModelFileTests.Mixed(n, seed);
        return Imputer.Fit(raw, ImputeStrategy.Median, addIndicators: false).Apply(raw);
    }

    private static TrainedModel Small() => Trainer.Train(Data(80, 1),
        NetworkFactory.FeedForward(new FeedForwardOptions { Hidden = new[] { 5 } }),
        new TrainingOptions { Epochs = 1, BatchSize = 16, Seed = 2 });

    /// <summary>The footprint's weight bytes are exactly the bytes of the state torch builds (parameters and buffers), for
    /// every layer kind that has either: the count torch gives is the independent value.</summary>
    [Theory]
    [InlineData("ff")]
    [InlineData("conv")]
    [InlineData("lstm")]
    [InlineData("gru")]
    public void WeightBytesAreThoseOfTheBuiltNetwork(string kind)
    {
        var (spec, shape) = kind switch
        {
            "ff" => (new ModelSpec { Layers = new[] { LayerSpec.Dense(7), LayerSpec.Of(LayerType.BatchNorm1d), LayerSpec.Of(LayerType.ReLU), LayerSpec.Dense(null) } }, new[] { 5 }),
            "conv" => (new ModelSpec { Layers = new[]
            {
                LayerSpec.Conv(4, 3, padding: 1), LayerSpec.Of(LayerType.BatchNorm2d),
                LayerSpec.ResidualOf(new[] { LayerSpec.Conv(6, 3, stride: 2, padding: 1), LayerSpec.Of(LayerType.BatchNorm2d) }),
                LayerSpec.Of(LayerType.GlobalAvgPool2d), LayerSpec.Dense(null),
            } }, new[] { 2, 8, 8 }),
            "lstm" => (new ModelSpec { Layers = new[] { LayerSpec.Recurrent(LayerType.LSTM, 6, layers: 2, bidirectional: true), LayerSpec.Dense(null) } }, new[] { 4, 3 }),
            _ => (new ModelSpec { Layers = new[] { LayerSpec.Recurrent(LayerType.GRU, 5), LayerSpec.Dense(null) } }, new[] { 4, 3 }),
        };
        using var module = ModelBuilder.Build(spec, shape, 3);
        long actual = NetworkState.Extract(module).Sum(t => (long)t.Data.Length);
        Assert.Equal(actual, (long)MemoryFootprint.Of(spec, shape, 3).WeightBytes);
    }

    [Fact]
    public void AHugeNetworkIsRefusedBeforeAnyTensorNamingTheLayer()
    {
        var data = Data(40, 1);
        var spec = NetworkFactory.FeedForward(new FeedForwardOptions { Hidden = new[] { 2_000_000_000 } });
        var e = Assert.Throws<DeepStatsException>(() => Trainer.Train(data, spec, new TrainingOptions { Epochs = 1, Seed = 1 }));
        Assert.Equal(ErrorIds.ModelTooLarge, e.ErrorId);
        Assert.Contains("(Linear 2000000000) keeps 2,000,000,000 values per example", e.Message); // a batch of 64 of its activations dominates
        Assert.Contains("-MemoryLimit", e.Message);
        // a small network against a budget it exceeds: 5 inputs (x, z, colour one-hot 3) -> 1000 -> 2 classes has
        // 5*1000 + 1000 + 1000*2 + 2 = 8002 parameters, 32,008 bytes of weights; Adam needs 4 x that before activations
        var mid = NetworkFactory.FeedForward(new FeedForwardOptions { Hidden = new[] { 1000 } });
        Assert.Equal(4.0 * (5 * 1000 + 1000 + 1000 * 2 + 2), MemoryFootprint.Of(mid, new[] { 5 }, 2).WeightBytes);
        var small = Assert.Throws<DeepStatsException>(() => Trainer.Train(data, mid, new TrainingOptions { Epochs = 1, Seed = 1, MemoryLimitBytes = 100_000 }));
        Assert.Equal(ErrorIds.ModelTooLarge, small.ErrorId);
        using var fits = Trainer.Train(data, mid, new TrainingOptions { Epochs = 1, Seed = 1, MemoryLimitBytes = 64L << 20 });
        Assert.Single(fits.History);
    }

    // ---- model files ----

    private static byte[] Entry(byte[] file, string name)
    {
        using var z = new ZipArchive(new MemoryStream(file), ZipArchiveMode.Read);
        using var s = z.GetEntry(name)!.Open();
        using var m = new MemoryStream();
        s.CopyTo(m);
        return m.ToArray();
    }

    /// <summary>A model file with the given entries (in order, names may repeat), the manifest's hashes recomputed from them
    /// unless <paramref name="manifest"/> replaces it.</summary>
    internal static byte[] Zip(IEnumerable<(string Name, byte[] Bytes)> entries)
    {
        using var ms = new MemoryStream();
        using (var zip = new ZipArchive(ms, ZipArchiveMode.Create, true))
            foreach (var (name, bytes) in entries)
            {
                using var o = zip.CreateEntry(name).Open();
                o.Write(bytes);
            }
        return ms.ToArray();
    }

    /// <summary>The file with model.json edited (and the manifest's record of it re-hashed, so only the content is judged).</summary>
    internal static byte[] EditModel(byte[] good, Action<JsonNode> edit, Action<JsonNode>? editManifest = null)
    {
        var model = JsonNode.Parse(Entry(good, ModelFile.ModelEntry))!;
        edit(model);
        var modelBytes = Encoding.UTF8.GetBytes(model.ToJsonString());
        var weights = Entry(good, ModelFile.WeightsEntry);
        return Zip(new[] { (ModelFile.ManifestEntry, Manifest(good, modelBytes, weights, editManifest)), (ModelFile.ModelEntry, modelBytes), (ModelFile.WeightsEntry, weights) });
    }

    internal static byte[] Manifest(byte[] good, byte[] model, byte[] weights, Action<JsonNode>? edit = null)
    {
        var m = JsonNode.Parse(Entry(good, ModelFile.ManifestEntry))!;
        foreach (var (name, b) in new[] { (ModelFile.ModelEntry, model), (ModelFile.WeightsEntry, weights) })
        {
            m["entries"]![name]!["sha256"] = Convert.ToHexString(SHA256.HashData(b));
            m["entries"]![name]!["length"] = b.Length;
        }
        edit?.Invoke(m);
        return Encoding.UTF8.GetBytes(m.ToJsonString());
    }

    private static DeepStatsException Refused(byte[] bytes, long? memoryLimit = null)
    {
        string path = Temp();
        File.WriteAllBytes(path, bytes);
        try { return Assert.Throws<DeepStatsException>(() => ModelFile.Load(path, memoryLimit)); }
        finally { File.Delete(path); }
    }

    [Fact]
    public void ClaimedSizesAreCheckedAgainstTheSpecBeforeAllocation()
    {
        using var model = Small();
        var good = ModelFile.Serialise(model.Artifact);
        // a hidden layer of 100,000 (within the budget): the weights entry is far smaller than the ~3.2 MB the spec implies
        var e = Refused(EditModel(good, m => m["spec"]!["layers"]![1]!["outFeatures"] = 100_000));
        Assert.Equal(ErrorIds.ModelFileCorrupt, e.ErrorId);
        Assert.Contains("weights", e.Message);
        // ten million needs 40 GB of activations for one prediction batch, two billion more: beyond the budget, refused from the spec alone
        Assert.Equal(ErrorIds.ModelTooLarge, Refused(EditModel(good, m => m["spec"]!["layers"]![1]!["outFeatures"] = 10_000_000), 1L << 30).ErrorId);
        Assert.Equal(ErrorIds.ModelTooLarge, Refused(EditModel(good, m => m["spec"]!["layers"]![1]!["outFeatures"] = 2_000_000_000)).ErrorId);
        // a dimension beyond what a tensor holds (flattening 50000 x 50000 images) is a damaged spec, not an overflow
        var flat = EditModel(good, m =>
        {
            m["spec"]!["inputShape"] = new JsonArray(1, 50000, 50000);
            m["spec"]!["layers"]!.AsArray().Insert(0, new JsonObject { ["type"] = "Flatten" });
        });
        var f = Refused(flat);
        Assert.Equal(ErrorIds.ModelFileCorrupt, f.ErrorId);
        Assert.Contains("more than a tensor dimension holds", f.Message);
    }

    [Fact]
    public void TheEntrySetIsExactlyTheManifests()
    {
        using var model = Small();
        var good = ModelFile.Serialise(model.Artifact);
        var manifest = Entry(good, ModelFile.ManifestEntry);
        var json = Entry(good, ModelFile.ModelEntry);
        var weights = Entry(good, ModelFile.WeightsEntry);
        // two entries named model.json: other zip readers take the second, so the file is refused
        var other = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(json).Replace("\"pos\"", "\"POS\""));
        var twice = Refused(Zip(new[] { (ModelFile.ManifestEntry, manifest), (ModelFile.ModelEntry, json), (ModelFile.ModelEntry, other), (ModelFile.WeightsEntry, weights) }));
        Assert.Equal(ErrorIds.ModelFileTampered, twice.ErrorId);
        Assert.Contains("two entries", twice.Message);
        // a path-like name
        Assert.Equal(ErrorIds.ModelFileTampered, Refused(Zip(new[] { (ModelFile.ManifestEntry, manifest), (ModelFile.ModelEntry, json), (ModelFile.WeightsEntry, weights), ("../x.ps1", new byte[] { 1 }) })).ErrorId);
        // an extra entry the manifest lists (hash and length right) that the format version does not hold
        var extra = Encoding.UTF8.GetBytes("x");
        var listed = Manifest(good, json, weights, m => m["entries"]!["notes.txt"] = new JsonObject { ["sha256"] = Convert.ToHexString(SHA256.HashData(extra)), ["length"] = 1 });
        var ex = Refused(Zip(new[] { (ModelFile.ManifestEntry, listed), (ModelFile.ModelEntry, json), (ModelFile.WeightsEntry, weights), ("notes.txt", extra) }));
        Assert.Equal(ErrorIds.ModelFileTampered, ex.ErrorId);
        Assert.Contains("version 2 model file does not hold", ex.Message);
        // wrong JSON types in the manifest are the file's damage, not a raw exception
        Assert.Equal(ErrorIds.ModelFileCorrupt, Refused(Zip(new[] { (ModelFile.ManifestEntry, Manifest(good, json, weights, m => m["entries"]![ModelFile.ModelEntry]!["sha256"] = 12)), (ModelFile.ModelEntry, json), (ModelFile.WeightsEntry, weights) })).ErrorId);
        Assert.Equal(ErrorIds.ModelFileCorrupt, Refused(Zip(new[] { (ModelFile.ManifestEntry, Manifest(good, json, weights, m => m["entries"]![ModelFile.ModelEntry]!["length"] = "big")), (ModelFile.ModelEntry, json), (ModelFile.WeightsEntry, weights) })).ErrorId);
        Assert.Equal(ErrorIds.ModelFileCorrupt, Refused(Zip(new[] { (ModelFile.ManifestEntry, Encoding.UTF8.GetBytes("[1,2]")), (ModelFile.ModelEntry, json), (ModelFile.WeightsEntry, weights) })).ErrorId);
    }

    [Fact]
    public void AZipEntryClaimingThreeGigabytesIsRefusedWithoutReadingIt()
    {
        using var model = Small();
        var good = ModelFile.Serialise(model.Artifact);
        var json = Entry(good, ModelFile.ModelEntry);
        var weights = Entry(good, ModelFile.WeightsEntry);
        var file = Zip(new[] { (ModelFile.ManifestEntry, Manifest(good, json, weights, m => m["entries"]![ModelFile.ModelEntry]!["length"] = 3_000_000_000L)), (ModelFile.ModelEntry, json), (ModelFile.WeightsEntry, weights) });
        // set the uncompressed size of model.json to 3e9 in the central directory (offset 24 of its record, PKWARE APPNOTE 4.3.12)
        var name = Encoding.ASCII.GetBytes(ModelFile.ModelEntry);
        int at = -1;
        for (int i = 0; i + 46 < file.Length; i++)
            if (file[i] == 'P' && file[i + 1] == 'K' && file[i + 2] == 1 && file[i + 3] == 2 && file.AsSpan(i + 46, name.Length).SequenceEqual(name)) { at = i; break; }
        Assert.True(at > 0, "the central directory record of model.json was not found");
        BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan(at + 24), 3_000_000_000u);
        var e = Refused(file);
        Assert.Equal(ErrorIds.ModelFileCorrupt, e.ErrorId);
        Assert.Contains("3000000000", e.Message);
    }

    [Fact]
    public void TheDescriptionIsCheckedForSense()
    {
        using var model = Small();
        var good = ModelFile.Serialise(model.Artifact);
        var cases = new (string What, Action<JsonNode> Edit)[]
        {
            ("null spec", m => m["spec"] = null),
            ("null schema", m => m["schema"] = null),
            ("no classes", m => m["schema"]!["classes"] = new JsonArray()),
            ("three classes for two outputs", m => m["schema"]!["classes"] = new JsonArray("a", "b", "c")),
            ("a class twice", m => m["schema"]!["classes"] = new JsonArray("a", "a")),
            ("a feature list shorter than the input", m => m["schema"]!["features"]!.AsArray().RemoveAt(0)),
            ("a spec of the wrong JSON type", m => m["spec"] = "Sequential"),
            ("a layer count as a string", m => m["spec"]!["layers"]![1]!["outFeatures"] = "five"),
        };
        foreach (var (what, edit) in cases)
        {
            var e = Refused(EditModel(good, edit));
            Assert.True(e.ErrorId == ErrorIds.ModelFileCorrupt, $"{what}: {e.ErrorId} {e.Message}");
        }
        // a standardizer centre of NaN or a negative scale (the default standardizer is the model's last step)
        foreach (var (center, scale) in new[] { ("NaN", 1.0), ("0", -1.0) })
        {
            var e = Refused(EditModel(good, m =>
            {
                var p = m["transforms"]!.AsArray().Last()!["parameters"]![0]!;
                p["center"] = center == "NaN" ? JsonValue.Create("NaN") : JsonValue.Create(0.0);
                p["scale"] = scale;
            }));
            Assert.Equal(ErrorIds.ModelFileCorrupt, e.ErrorId);
            Assert.Contains("standardizer", e.Message);
        }
        // a folder given as the file
        var dir = Directory.CreateTempSubdirectory("ds-hostile-").FullName;
        try { Assert.Equal(ErrorIds.PathIsAFolder, Assert.Throws<DeepStatsException>(() => ModelFile.Load(dir)).ErrorId); }
        finally { Directory.Delete(dir); }
    }

    // ---- checkpoints ----

    private static readonly ModelSpec Net = NetworkFactory.FeedForward(new FeedForwardOptions { Hidden = new[] { 8 } });
    private static readonly TrainingOptions Run3 = new() { Epochs = 3, BatchSize = 16, Seed = 4, LearningRate = 0.01 };

    [Fact]
    public void AFlippedCheckpointIsRefusedOnResume()
    {
        var data = Data(80, 2);
        string path = Temp(".ckpt");
        try
        {
            using (new Trainer(Run3) { CheckpointPath = path }.Fit(data, Net)) { }
            var good = File.ReadAllBytes(path);
            var rng = new Random(18);
            var bad = (byte[])good.Clone();
            for (int i = 0; i < 16; i++) bad[rng.Next(good.Length / 4, good.Length)] ^= (byte)(1 + rng.Next(255));
            File.WriteAllBytes(path, bad);
            var e = Assert.Throws<DeepStatsException>(() => new Trainer(Run3 with { Epochs = 4 }) { CheckpointPath = path, Resume = true }.Fit(data, Net));
            Assert.Equal(ErrorIds.CheckpointCorrupt, e.ErrorId);
            // the intact checkpoint resumes
            File.WriteAllBytes(path, good);
            using var resumed = new Trainer(Run3 with { Epochs = 4 }) { CheckpointPath = path, Resume = true }.Fit(data, Net);
            Assert.Equal(4, resumed.History.Count);
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void StaleTempFilesOfDeadWritersAreRemovedByTheNextWrite()
    {
        string target = Temp(".png");
        string dir = Path.GetDirectoryName(target)!;
        // pid 2^31-2 is above any Linux pid_max (at most 2^22), so its writer is gone
        string dead = $"{target}.2147483646-000000000000{AtomicFile.TempSuffix}";
        string deadRecent = $"{target}.2147483646-111111111111{AtomicFile.TempSuffix}";
        string mine = $"{target}.{Environment.ProcessId}-222222222222{AtomicFile.TempSuffix}";
        string ancient = $"{target}.333333333333{AtomicFile.TempSuffix}"; // the earlier name, no pid
        string young = $"{target}.444444444444{AtomicFile.TempSuffix}";
        try
        {
            foreach (var f in new[] { dead, deadRecent, mine, ancient, young }) File.WriteAllBytes(f, new byte[] { 1 });
            File.SetLastWriteTimeUtc(dead, DateTime.UtcNow - AtomicFile.DeadWriterAge - TimeSpan.FromMinutes(1));
            File.SetLastWriteTimeUtc(mine, DateTime.UtcNow - TimeSpan.FromHours(1));
            File.SetLastWriteTimeUtc(ancient, DateTime.UtcNow - AtomicFile.StaleAge - TimeSpan.FromHours(1));
            AtomicFile.Write(target, new byte[] { 7 });
            Assert.Equal(new byte[] { 7 }, File.ReadAllBytes(target));
            Assert.False(File.Exists(dead));
            Assert.False(File.Exists(ancient));
            Assert.True(File.Exists(deadRecent)); // a writer elsewhere with that pid may still be writing
            Assert.True(File.Exists(mine));       // this process is alive
            Assert.True(File.Exists(young));
        }
        finally
        {
            foreach (var f in Directory.GetFiles(dir, Path.GetFileName(target) + "*")) File.Delete(f);
        }
    }
}
