using System.Text;
using System.Text.Json.Nodes;
using DeepStats.Core.Data;
using DeepStats.Core.Models;
using DeepStats.Core.Persistence;
using DeepStats.Core.Preprocessing;
using DeepStats.Core.Training;
using Xunit;

namespace DeepStats.Core.Tests;

/// <summary>
/// Seeded fuzzing of everything DeepStats reads from files: damaged model files (byte flips, truncations, field mutations
/// with the manifest re-hashed, huge declared sizes), damaged checkpoints and damaged CSVs. Each case is refused with a
/// <see cref="DeepStatsException"/> or reads; a model that loads predicts exactly (bit for bit) what the original predicts,
/// unless the mutation changed what it predicts with (then the mutated field must be one the load reads back).
/// No other exception type may escape.
/// </summary>
public class FuzzTests
{
    private static Dataset Data(int n, int seed)
    {
        var raw = ModelFileTests.Mixed(n, seed);
        return Imputer.Fit(raw, ImputeStrategy.Median, addIndicators: false).Apply(raw);
    }

    private static readonly ModelSpec Net = NetworkFactory.FeedForward(new FeedForwardOptions { Hidden = new[] { 4 } });

    [Fact]
    public void DamagedModelFilesAreRefusedOrPredictAsTheOriginal()
    {
        var data = Data(60, 3);
        using var model = Trainer.Train(data, Net, new TrainingOptions { Epochs = 1, BatchSize = 16, Seed = 5 });
        var good = ModelFile.Serialise(model.Artifact);
        var expected = Evaluation.Predictor.Predict(model, data).Probabilities!;
        var rng = new Random(1818);
        string path = Path.Combine(Path.GetTempPath(), $"ds-fuzz-{Guid.NewGuid():N}.dsmodel");
        int refused = 0, loaded = 0;
        try
        {
            for (int i = 0; i < 700; i++)
            {
                byte[] bytes = (i % 4) switch
                {
                    0 => Flip(good, rng),
                    1 => good[..rng.Next(good.Length)],
                    2 => HostileInputTests.EditModel(good, m => Mutate(m, rng)),
                    _ => HostileInputTests.EditModel(good, _ => { }, m => Mutate(m, rng)),
                };
                File.WriteAllBytes(path, bytes);
                TrainedModel? back = null;
                try { back = ModelFile.Load(path, 1L << 30); }
                catch (DeepStatsException) { refused++; continue; }
                using (back)
                {
                    loaded++;
                    float[][] got;
                    try { got = Evaluation.Predictor.Predict(back, data).Probabilities!; }
                    catch (DeepStatsException) { continue; } // a model whose description now refuses this data (another schema) says so
                    if (i % 4 is 0 or 1) // untouched content (the hashes hold): exactly the original's predictions
                        for (int r = 0; r < got.Length; r++) Assert.Equal(expected[r], got[r]);
                }
            }
        }
        finally { File.Delete(path); }
        Assert.True(refused > 300 && loaded > 20, $"{refused} refused, {loaded} loaded: the generator does not reach both outcomes");
    }

    private static byte[] Flip(byte[] good, Random rng)
    {
        var b = (byte[])good.Clone();
        int n = 1 + rng.Next(16);
        for (int k = 0; k < n; k++) b[rng.Next(b.Length)] ^= (byte)(1 + rng.Next(255));
        return b;
    }

    /// <summary>Replaces one random node of the JSON tree with a hostile value.</summary>
    private static void Mutate(JsonNode root, Random rng)
    {
        var nodes = new List<(JsonNode Parent, object Key)>();
        void Walk(JsonNode n)
        {
            if (n is JsonObject o) foreach (var (k, v) in o.ToList()) { nodes.Add((o, k)); if (v is not null) Walk(v); }
            else if (n is JsonArray a) for (int i = 0; i < a.Count; i++) { nodes.Add((a, i)); if (a[i] is { } v) Walk(v); }
        }
        Walk(root);
        var (parent, key) = nodes[rng.Next(nodes.Count)];
        JsonNode? value = rng.Next(10) switch
        {
            0 => null,
            1 => JsonValue.Create(2_000_000_000),
            2 => JsonValue.Create(-1),
            3 => JsonValue.Create("NaN"),
            4 => JsonValue.Create(3_000_000_000L),
            5 => new JsonArray(),
            6 => new JsonObject(),
            7 => JsonValue.Create("x"),
            8 => JsonValue.Create(0),
            _ => JsonValue.Create(1e300),
        };
        if (parent is JsonObject po) po[(string)key] = value;
        else ((JsonArray)parent)[(int)key] = value;
    }

    [Fact]
    public void DamagedCheckpointsAreRefusedOnResume()
    {
        var data = Data(48, 4);
        var options = new TrainingOptions { Epochs = 2, BatchSize = 16, Seed = 6 };
        string path = Path.Combine(Path.GetTempPath(), $"ds-fuzz-{Guid.NewGuid():N}.ckpt");
        try
        {
            using (new Trainer(options) { CheckpointPath = path }.Fit(data, Net)) { }
            var good = File.ReadAllBytes(path);
            var rng = new Random(1819);
            for (int i = 0; i < 150; i++)
            {
                File.WriteAllBytes(path, i % 2 == 0 ? Flip(good, rng) : good[..rng.Next(good.Length)]);
                var e = Assert.Throws<DeepStatsException>(() => new Trainer(options) { CheckpointPath = path, Resume = true }.Fit(data, Net));
                Assert.Contains(e.ErrorId, new[] { ErrorIds.CheckpointCorrupt, ErrorIds.CheckpointMismatch });
            }
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void DamagedCsvsReadOrAreRefused()
    {
        var good = Encoding.UTF8.GetBytes("a,b,c,y\n" + string.Join("\n", Enumerable.Range(0, 40).Select(i => $"{i},{i * 0.5},\"q{i % 3}\",{(i % 2 == 0 ? "yes" : "no")}")) + "\n");
        var rng = new Random(1820);
        var junk = new byte[] { 0, (byte)'"', (byte)',', (byte)'\n', (byte)'\r', 0xFF, 0xFE, 0xC3, (byte)'e', (byte)'9' };
        int read = 0, refused = 0;
        for (int i = 0; i < 200; i++)
        {
            var b = (byte[])good.Clone();
            if (i % 3 == 0) b = b[..rng.Next(b.Length)];
            int n = 1 + rng.Next(8);
            for (int k = 0; k < n && b.Length > 0; k++) b[rng.Next(b.Length)] = junk[rng.Next(junk.Length)];
            try
            {
                var d = CsvDatasetReader.Read(new MemoryStream(b), "fuzz.csv", new CsvImportOptions { Target = "y" });
                Assert.Equal("y", d.Target!.Name); // what reads keeps its target
                read++;
            }
            catch (DeepStatsException) { refused++; }
        }
        Assert.True(read > 0 && refused > 0, $"{read} read, {refused} refused: the generator does not reach both outcomes");
    }
}
