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

public class ModelFileTests
{
    /// <summary>A small mixed table: two numbers (one with missing values), a category, a class target.</summary>
    internal static Dataset Mixed(int n, int seed)
    {
        var rng = new Random(seed);
        var x = new double[n];
        var z = new double[n];
        var colour = new string[n];
        var y = new string[n];
        for (int i = 0; i < n; i++)
        {
            bool b = i % 2 == 0;
            x[i] = i % 17 == 3 ? double.NaN : (b ? 2 : -2) + rng.NextDouble();
            z[i] = (b ? 1 : -1) + rng.NextDouble();
            colour[i] = new[] { "red", "green", "blue" }[i % 3];
            y[i] = b ? "pos" : "neg";
        }
        return Dataset.Tabular("mixed", "generated", new DataColumn[]
        {
            new NumericColumn("x", x), new NumericColumn("z", z), CategoricalColumn.FromLabels("colour", colour),
        }, CsvDatasetReader.BuildTarget("y", y));
    }

    private static string Temp() => Path.Combine(Path.GetTempPath(), "deepstats-modelfile-" + Guid.NewGuid().ToString("N") + ".dsmodel");

    private static TrainedModel TrainMixed(int epochs = 2)
    {
        var raw = Mixed(120, 1);
        var imputed = Imputer.Fit(raw, ImputeStrategy.Median, addIndicators: true).Apply(raw);
        return Trainer.Train(imputed, NetworkFactory.FeedForward(new FeedForwardOptions { Hidden = new[] { 6 }, Dropout = 0.1 }),
            new TrainingOptions { Epochs = epochs, BatchSize = 16, Seed = 3, LearningRate = 0.01, WeightDecay = 1e-4 });
    }

    [Fact]
    public void SaveLoadPredictIsBitIdentical()
    {
        using var model = TrainMixed();
        string path = Temp();
        try
        {
            ModelFile.Save(model, path, overwrite: false);
            using var loaded = ModelFile.Load(path);
            var test = Mixed(50, 9);
            var (p1, prob1) = Predict(model, test);
            var (p2, prob2) = Predict(loaded, test);
            Assert.Equal(p1, p2);
            for (int i = 0; i < prob1.Length; i++)
                for (int c = 0; c < prob1[i].Length; c++)
                    Assert.Equal(BitConverter.SingleToInt32Bits(prob1[i][c]), BitConverter.SingleToInt32Bits(prob2[i][c]));
            // every weight, bit for bit, and the whole description (JSON) unchanged
            Assert.Equal(model.Artifact.Weights.Count, loaded.Artifact.Weights.Count);
            for (int i = 0; i < model.Artifact.Weights.Count; i++) Assert.True(model.Artifact.Weights[i].SameBits(loaded.Artifact.Weights[i]));
            Assert.Equal(model.Artifact.ToJson(), loaded.Artifact.ToJson());
            Assert.Equal(model.Transforms.Select(t => (t.Kind, t.Id)), loaded.Transforms.Select(t => (t.Kind, t.Id)));
            Assert.Equal(new[] { "Impute", "Standardize" }, loaded.Transforms.Select(t => t.Kind));
            // saving the loaded model again gives the same bytes
            Assert.Equal(ModelFile.Serialise(model.Artifact), ModelFile.Serialise(loaded.Artifact));
            // the loaded model accepts data carrying its own transforms (same fit identities)
            var imputer = loaded.Transforms[0];
            Assert.Equal(p1, Predict(loaded, imputer.Apply(test)).Predicted);
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void OptionsHistoryAndSchemaRoundTripThroughJson()
    {
        using var model = TrainMixed(3);
        var back = ModelArtifact.FromJson(model.Artifact.ToJson());
        Assert.Equal(model.Options, back.Options);          // record equality: every member, whatever members the record gains
        Assert.Equal(model.History, back.History);
        Assert.Equal(3, back.History.Count);
        Assert.Equal(model.Schema.Classes, back.Schema.Classes);
        Assert.Equal(model.Schema.Features.Select(f => (f.Name, f.Kind, f.Derived, string.Join("|", f.Levels))),
            back.Schema.Features.Select(f => (f.Name, f.Kind, f.Derived, string.Join("|", f.Levels))));
        Assert.Equal(model.Spec.ToJson(), back.Spec.ToJson());
        Assert.Equal(model.TrainedAt, back.TrainedAt);
        Assert.Equal(model.Duration, back.Duration);
        var imp = (Imputer)back.Transforms[0];
        var orig = (Imputer)model.Transforms[0];
        Assert.Equal(orig.Parameters, imp.Parameters);      // NaN fill numbers of categorical columns survive too
        Assert.True(imp.AddIndicators);
    }

    [Fact]
    public void RegressionWithWindowsRoundTrips()
    {
        int n = 80;
        var t = Enumerable.Range(0, n).Select(i => Math.Sin(i / 5.0) * 10 + 50).ToArray();
        var series = Dataset.Tabular("s", "generated", new DataColumn[] { new NumericColumn("v", t) }, null);
        var windows = SequenceWindows.For(series, 6, 1, null, "v");
        var data = windows.Apply(series);
        using var model = Trainer.Train(data, null,
            new TrainingOptions { Epochs = 2, BatchSize = 16, Seed = 1 });
        string path = Temp();
        try
        {
            ModelFile.Save(model, path, overwrite: false);
            using var loaded = ModelFile.Load(path);
            Assert.Equal(model.TargetMean, loaded.TargetMean);
            Assert.Equal(model.TargetScale, loaded.TargetScale);
            Assert.Equal(Evaluation.Predictor.Predict(model, series).PredictedValues, Evaluation.Predictor.Predict(loaded, series).PredictedValues); // raw series in: the loaded model windows it itself
            var w = Assert.IsType<SequenceWindows>(loaded.Transforms[0]);
            Assert.Equal(("v", 6, 1), (w.ForecastColumn, w.Window, w.Horizon));
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void AnExistingFileNeedsOverwrite()
    {
        using var model = TrainMixed(1);
        string path = Temp();
        File.WriteAllText(path, "keep me");
        try
        {
            var e = Assert.Throws<DeepStatsException>(() => ModelFile.Save(model, path, overwrite: false));
            Assert.Equal(ErrorIds.ModelFileExists, e.ErrorId);
            Assert.Equal("keep me", File.ReadAllText(path));
            ModelFile.Save(model, path, overwrite: true);
            Assert.Equal(model.Classes, ModelFile.Load(path).Classes);
            Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(path)!, Path.GetFileName(path) + "*" + AtomicFile.TempSuffix));
        }
        finally { File.Delete(path); }
    }

    private static string Fail(byte[] bytes)
    {
        string path = Temp();
        File.WriteAllBytes(path, bytes);
        try { return Assert.Throws<DeepStatsException>(() => ModelFile.Load(path)).ErrorId; }
        finally { File.Delete(path); }
    }

    /// <summary>Rewrites a model file's entries (name -> new bytes, or null to drop), keeping the manifest as it was unless it is among them.</summary>
    private static byte[] Rewrite(byte[] file, Func<string, byte[], byte[]?> edit, (string Name, byte[] Bytes)? extra = null)
    {
        using var src = new ZipArchive(new MemoryStream(file), ZipArchiveMode.Read);
        using var ms = new MemoryStream();
        using (var dst = new ZipArchive(ms, ZipArchiveMode.Create, true))
        {
            foreach (var e in src.Entries)
            {
                using var s = e.Open();
                using var buf = new MemoryStream();
                s.CopyTo(buf);
                var b = edit(e.FullName, buf.ToArray());
                if (b is null) continue;
                using var o = dst.CreateEntry(e.FullName).Open();
                o.Write(b);
            }
            if (extra is { } x) { using var o = dst.CreateEntry(x.Name).Open(); o.Write(x.Bytes); }
        }
        return ms.ToArray();
    }

    private static byte[] WithManifestHash(byte[] file, string entry, byte[] content) => Rewrite(file, (name, b) =>
    {
        if (name == entry) return content;
        if (name != ModelFile.ManifestEntry) return b;
        var m = JsonNode.Parse(b)!;
        m["entries"]![entry]!["sha256"] = Convert.ToHexString(SHA256.HashData(content));
        m["entries"]![entry]!["length"] = content.Length;
        return Encoding.UTF8.GetBytes(m.ToJsonString());
    });

    [Fact]
    public void DamagedFilesGiveOneClearErrorEach()
    {
        using var model = TrainMixed(1);
        var good = ModelFile.Serialise(model.Artifact);
        // truncated anywhere: the zip's central directory (at the end) is gone or cut
        foreach (int len in new[] { 4, 30, good.Length / 3, good.Length / 2, good.Length - 10, good.Length - 1 })
            Assert.Equal(ErrorIds.ModelFileCorrupt, Fail(good[..len]));
        // one flipped byte inside the compressed weights: deflate or CRC error, or a hash mismatch
        var flipped = (byte[])good.Clone();
        flipped[good.Length / 2] ^= 0x5A;
        Assert.Contains(Fail(flipped), new[] { ErrorIds.ModelFileCorrupt, ErrorIds.ModelFileTampered });
        // not a model at all
        Assert.Equal(ErrorIds.NotAModelFile, Fail(Encoding.UTF8.GetBytes("x,y\n1,2\n")));
        Assert.Equal(ErrorIds.NotAModelFile, Fail(Array.Empty<byte>()));
        Assert.Equal(ErrorIds.NotAModelFile, Fail(Rewrite(good, (n, b) => n == ModelFile.ManifestEntry ? null : b)));
        // an entry edited after saving (manifest untouched), removed, or added
        Assert.Equal(ErrorIds.ModelFileTampered, Fail(Rewrite(good, (n, b) => n == ModelFile.ModelEntry ? Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(b).Replace("\"pos\"", "\"POS\"")) : b)));
        Assert.Equal(ErrorIds.ModelFileTampered, Fail(Rewrite(good, (n, b) => n == ModelFile.WeightsEntry ? null : b)));
        Assert.Equal(ErrorIds.ModelFileTampered, Fail(Rewrite(good, (n, b) => b, ("run.ps1", Encoding.UTF8.GetBytes("Remove-Item -Recurse /")))));
        // a newer format version
        Assert.Equal(ErrorIds.ModelFormatTooNew, Fail(Rewrite(good, (n, b) =>
        {
            if (n != ModelFile.ManifestEntry) return b;
            var m = JsonNode.Parse(b)!;
            m["formatVersion"] = ModelArtifact.CurrentFormatVersion + 1;
            return Encoding.UTF8.GetBytes(m.ToJsonString());
        })));
        // consistent hashes but content that does not fit: weights of another shape, a transform kind naming a .NET type
        var weights = SafeTensors.Read(ReadEntry(good, ModelFile.WeightsEntry), "w").Tensors.ToList();
        weights[0] = weights[0] with { Shape = new[] { 1L, weights[0].Data.Length / 4 } };
        Assert.Equal(ErrorIds.ModelWeightsMismatch, Fail(WithManifestHash(good, ModelFile.WeightsEntry, SafeTensors.Write(weights))));
        var json = Encoding.UTF8.GetString(ReadEntry(good, ModelFile.ModelEntry)).Replace("\"kind\": \"impute\"", "\"kind\": \"System.Diagnostics.Process\"");
        Assert.Contains("System.Diagnostics.Process", json); // the edit took: the file names a .NET type as its kind
        Assert.Equal(ErrorIds.UnknownTransformKind, Fail(WithManifestHash(good, ModelFile.ModelEntry, Encoding.UTF8.GetBytes(json))));
        Assert.Equal(ErrorIds.ModelFileCorrupt, Fail(WithManifestHash(good, ModelFile.ModelEntry, Encoding.UTF8.GetBytes("{ not json"))));
        Assert.Equal(ErrorIds.ModelFileCorrupt, Fail(WithManifestHash(good, ModelFile.WeightsEntry, new byte[] { 200, 0, 0, 0, 0, 0, 0, 0, (byte)'{' })));
    }

    private static byte[] ReadEntry(byte[] file, string name)
    {
        using var z = new ZipArchive(new MemoryStream(file), ZipArchiveMode.Read);
        using var s = z.GetEntry(name)!.Open();
        using var m = new MemoryStream();
        s.CopyTo(m);
        return m.ToArray();
    }

    [Fact]
    public void SafeTensorsLayoutMatchesTheSpecification()
    {
        // Expected bytes worked by hand from the format description (huggingface/safetensors README, "Format"):
        // u64 LE header length, JSON header, data. One F32 tensor [2] = {1.0, -2.0}: 0x3F800000, 0xC0000000 little-endian.
        var t = new TensorData("w", "F32", new long[] { 2 }, new byte[] { 0, 0, 0x80, 0x3F, 0, 0, 0, 0xC0 });
        var bytes = SafeTensors.Write(new[] { t });
        string header = "{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}";
        int padded = (header.Length + 7) / 8 * 8;
        Assert.Equal((ulong)padded, BinaryPrimitives.ReadUInt64LittleEndian(bytes));
        Assert.Equal(header.PadRight(padded), Encoding.UTF8.GetString(bytes, 8, padded));
        Assert.Equal(t.Data, bytes[(8 + padded)..]);
        Assert.Equal(8 + padded + 8, bytes.Length);
        var back = SafeTensors.Read(bytes, "x").Tensors.Single();
        Assert.True(t.SameBits(back));
        // a header written by another producer: unordered keys, metadata, two tensors in reverse offset order
        string h2 = "{\"__metadata__\":{\"format\":\"pt\"},\"b\":{\"dtype\":\"I64\",\"shape\":[],\"data_offsets\":[4,12]},\"a\":{\"dtype\":\"U8\",\"shape\":[2,2],\"data_offsets\":[0,4]}}";
        var buf = new byte[8 + h2.Length + 12];
        BinaryPrimitives.WriteUInt64LittleEndian(buf, (ulong)h2.Length);
        Encoding.UTF8.GetBytes(h2).CopyTo(buf, 8);
        BinaryPrimitives.WriteInt64LittleEndian(buf.AsSpan(8 + h2.Length + 4), -7);
        var (two, meta) = SafeTensors.Read(buf, "y");
        Assert.Equal(new[] { "a", "b" }, two.Select(x => x.Name));
        Assert.Equal(-7, BinaryPrimitives.ReadInt64LittleEndian(two[1].Data));
        Assert.Equal("pt", meta["format"]);
        // overlapping offsets are refused
        var bad = Encoding.UTF8.GetBytes(h2.Replace("[4,12]", "[2,10]"));
        var buf2 = new byte[8 + bad.Length + 12];
        BinaryPrimitives.WriteUInt64LittleEndian(buf2, (ulong)bad.Length);
        bad.CopyTo(buf2, 8);
        Assert.Equal(ErrorIds.ModelFileCorrupt, Assert.Throws<DeepStatsException>(() => SafeTensors.Read(buf2, "z")).ErrorId);
    }

    private static (int[] Predicted, float[][] Probabilities) Predict(Training.TrainedModel m, Data.Dataset d)
    {
        var set = Evaluation.Predictor.Predict(m, d);
        return (set.PredictedLabels!, set.Probabilities!);
    }
}
