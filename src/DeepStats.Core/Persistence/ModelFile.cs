using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using DeepStats.Core.Data;
using DeepStats.Core.Models;
using DeepStats.Core.Training;

namespace DeepStats.Core.Persistence;

/// <summary>
/// The model file: one zip archive holding
/// <list type="bullet">
/// <item><c>manifest.json</c>: the format name and version, the library versions that wrote it and the SHA-256 and length of every other entry;</item>
/// <item><c>model.json</c>: the <see cref="ModelArtifact"/> without its weights;</item>
/// <item><c>weights.safetensors</c>: the weights in the safetensors layout (readable by PyTorch's safetensors, no pickle).</item>
/// </list>
/// Writing goes through <see cref="AtomicFile"/>: the archive goes to a temp file of its own in the same folder
/// (<c>&lt;name&gt;.&lt;hex&gt;.saving</c>), is flushed to disk, then renamed over the target, so a crash leaves the previous
/// file intact and concurrent saves to one path all succeed (the last rename wins). Reading checks the
/// archive, the manifest, every hash, the JSON and the weights against the spec before anything is returned; every failure
/// is one <see cref="DeepStatsException"/> with a stable id. Nothing in a file is executed or names a type to create.
/// </summary>
public static class ModelFile
{
    public const string FormatName = "DeepStats.Model";
    public const string ManifestEntry = "manifest.json", ModelEntry = "model.json", WeightsEntry = "weights.safetensors";
    /// <summary>Largest JSON entry (manifest, model.json): 8 MiB, far above what a model holds (its largest members, the row
    /// filters, are at most 2 MiB of bits each, 2.7 MiB in base64) and far below .NET's array limit.</summary>
    public const long MaxJsonBytes = 8L << 20;
    /// <summary>Largest safetensors header in a weights entry (names, dtypes, shapes and offsets of the tensors).</summary>
    public const long MaxWeightsHeaderBytes = 1L << 20;

    /// <summary>The entries besides the manifest that a file of each format version holds: exactly these, no others.</summary>
    public static IReadOnlySet<string> EntriesOf(int version) => new HashSet<string>(StringComparer.Ordinal) { ModelEntry, WeightsEntry };

    public static void Save(TrainedModel model, string path, bool overwrite) => Save(model.Artifact, path, overwrite);

    public static void Save(ModelArtifact artifact, string path, bool overwrite)
    {
        string full = Path.GetFullPath(path);
        if (File.Exists(full) && !overwrite)
            throw new DeepStatsException(ErrorIds.ModelFileExists, FailureKind.ResourceUnavailable, $"File '{full}' already exists. Use -Force to replace it (the replacement is atomic).", path);
        byte[] bytes = Serialise(artifact);
        AtomicFile.Write(full, bytes, "the model", ErrorIds.ModelFileWriteFailed);
    }

    /// <summary>The model file's bytes: a zip (entries in a fixed order, fixed timestamps) so equal artifacts give equal files.</summary>
    public static byte[] Serialise(ModelArtifact artifact)
    {
        var entries = new List<(string Name, byte[] Bytes)>
        {
            (ModelEntry, Encoding.UTF8.GetBytes(artifact.ToJson())),
            (WeightsEntry, SafeTensors.Write(artifact.Weights, new Dictionary<string, string> { ["format"] = "pt", ["producer"] = "DeepStats" })),
        };
        var manifest = new JsonObject
        {
            ["format"] = FormatName,
            ["formatVersion"] = ModelArtifact.CurrentFormatVersion,
            ["libraries"] = JsonSerializer.SerializeToNode(LibraryVersions.Current(), JsonConvention.Options),
            ["entries"] = new JsonObject(entries.Select(e => KeyValuePair.Create(e.Name, (JsonNode?)new JsonObject
            {
                ["sha256"] = Convert.ToHexString(SHA256.HashData(e.Bytes)).ToLowerInvariant(),
                ["length"] = e.Bytes.LongLength,
            }))),
        };
        entries.Insert(0, (ManifestEntry, Encoding.UTF8.GetBytes(manifest.ToJsonString(JsonConvention.Options))));
        using var ms = new MemoryStream();
        using (var zip = new ZipArchive(ms, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, data) in entries)
            {
                var entry = zip.CreateEntry(name, CompressionLevel.Optimal);
                entry.LastWriteTime = new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);
                using var s = entry.Open();
                s.Write(data);
            }
        }
        return ms.ToArray();
    }

    /// <summary>Reads and checks a model file; returns the model (its network is built and its weights checked).
    /// <paramref name="memoryLimit"/> is the memory budget of the network (<see cref="MemoryFootprint"/>; null: the default).</summary>
    public static TrainedModel Load(string path, long? memoryLimit = null)
    {
        var artifact = ReadArtifact(path, memoryLimit);
        var model = new TrainedModel(artifact);
        _ = model.Module; // builds the network now, so weights that do not fit the spec fail the load, not a later prediction
        return model;
    }

    /// <summary>
    /// Reads a model file, checking everything before anything proportional to a size the file claims is allocated: the
    /// archive's entries are exactly its manifest's, the manifest's list is exactly its format version's
    /// (<see cref="EntriesOf"/>), no name twice and none with a path separator; JSON entries at most <see cref="MaxJsonBytes"/>;
    /// the description makes sense (shapes infer, the network fits the memory budget, classes match the output layer, features
    /// the input, fitted states finite); the weights entry is exactly the spec's tensor bytes plus a header, and its hash is
    /// checked while it streams (nothing kept) before it is read. Peak memory while refusing a file stays near its JSON.
    /// </summary>
    public static ModelArtifact ReadArtifact(string path, long? memoryLimit = null)
    {
        string what = $"'{path}'";
        if (Directory.Exists(path))
            throw new DeepStatsException(ErrorIds.PathIsAFolder, FailureKind.InvalidArgument,
                $"{what} is a folder, not a model file. Give the path of a file written by Save-Model (Get-ChildItem {path} -Filter *.dsmodel | Import-Model loads the models in it).", path);
        byte[] head = new byte[4];
        using var fs = OpenRead(path);
        int got = fs.Read(head, 0, 4);
        if (got < 4 || head[0] != (byte)'P' || head[1] != (byte)'K' || head[2] != 3 || head[3] != 4)
            throw new DeepStatsException(ErrorIds.NotAModelFile, FailureKind.InvalidData,
                $"{what} is not a DeepStats model file ({(fs.Length == 0 ? "it is empty" : "it is not a zip archive")}). Model files are written by Save-Model.", path);
        fs.Position = 0;
        ZipArchive zip;
        try { zip = new ZipArchive(fs, ZipArchiveMode.Read, leaveOpen: true); }
        catch (Exception e) when (e is not DeepStatsException)
        { throw Corrupt(what, $"its zip structure cannot be read ({e.Message}); the file is truncated or damaged", e); }
        using (zip)
        {
            var byName = new Dictionary<string, ZipArchiveEntry>(StringComparer.Ordinal);
            IReadOnlyCollection<ZipArchiveEntry> entries;
            try { entries = zip.Entries; } // read on first use: a damaged central directory fails here
            catch (Exception e) when (e is not DeepStatsException)
            { throw Corrupt(what, $"its zip directory cannot be read ({e.Message}); the file is truncated or damaged", e); }
            foreach (var e in entries)
            {
                if (e.FullName.IndexOfAny(new[] { '/', '\\' }) >= 0 || e.FullName.Length == 0)
                    throw Tampered(what, $"it holds the entry '{e.FullName}', whose name is a path (model files hold no folders)");
                if (!byName.TryAdd(e.FullName, e))
                    throw Tampered(what, $"it holds two entries named '{e.FullName}' (zip readers differ in which one they take)");
            }
            var manifestEntry = byName.GetValueOrDefault(ManifestEntry) ?? throw new DeepStatsException(ErrorIds.NotAModelFile, FailureKind.InvalidData,
                $"{what} is a zip archive but not a DeepStats model file (it has no {ManifestEntry}). Model files are written by Save-Model.", path);
            JsonObject manifest;
            try { manifest = JsonNode.Parse(ReadEntry(manifestEntry, MaxJsonBytes, what)) as JsonObject ?? throw new JsonException("the manifest is not a JSON object"); }
            catch (Exception e) when (e is not DeepStatsException)
            { throw Corrupt(what, $"its manifest is not valid JSON ({e.Message})", e); }
            if (manifest["format"] is not JsonValue f || f.GetValueKind() != JsonValueKind.String || f.GetValue<string>() != FormatName)
                throw new DeepStatsException(ErrorIds.NotAModelFile, FailureKind.InvalidData,
                    $"{what} is a zip archive with a manifest, but not a DeepStats model file (its format is not '{FormatName}').", path);
            int version = manifest["formatVersion"] is JsonValue v && v.GetValueKind() == JsonValueKind.Number && v.TryGetValue<int>(out int n) ? n : 0;
            if (version > ModelArtifact.CurrentFormatVersion)
                throw new DeepStatsException(ErrorIds.ModelFormatTooNew, FailureKind.NotSupported,
                    $"{what} uses model-file format version {version}, written by DeepStats {Text(manifest["libraries"]?["DeepStats"])}; this DeepStats reads versions up to {ModelArtifact.CurrentFormatVersion}. Update DeepStats to load it.", path);
            if (version < 1) throw Corrupt(what, "its manifest has no valid format version", null);
            var listed = ListedEntries(manifest, what);
            var expected = EntriesOf(version);
            foreach (var name in byName.Keys.Where(k => k != ManifestEntry).Concat(listed.Keys))
            {
                if (!listed.ContainsKey(name)) throw Tampered(what, $"it holds the entry '{name}', which its manifest does not list");
                if (!byName.ContainsKey(name)) throw Tampered(what, $"its manifest lists '{name}', which is not in the archive");
                if (!expected.Contains(name)) throw Tampered(what, $"its manifest lists '{name}', which a version {version} model file does not hold");
            }
            if (expected.FirstOrDefault(e => !listed.ContainsKey(e)) is { } absent) throw Tampered(what, $"it lacks {absent}");
            foreach (var (name, (length, _)) in listed)
                if (byName[name].Length != length) throw Tampered(what, $"entry '{name}' is {byName[name].Length} bytes but the manifest says {length}");

            var contents = new Dictionary<string, byte[]>(StringComparer.Ordinal);
            foreach (var (name, (_, sha)) in listed.Where(e => e.Key != WeightsEntry))
            {
                var bytes = ReadEntry(byName[name], MaxJsonBytes, what);
                if (!Convert.ToHexString(SHA256.HashData(bytes)).Equals(sha, StringComparison.OrdinalIgnoreCase))
                    throw Tampered(what, $"entry '{name}' does not have the SHA-256 its manifest records");
                contents[name] = bytes;
            }
            ModelArtifact artifact;
            try { artifact = ModelArtifact.FromJson(Encoding.UTF8.GetString(contents[ModelEntry])); }
            catch (Exception e) when (e is not DeepStatsException)
            { throw Corrupt(what, $"its model description ({ModelEntry}) is not valid ({e.Message})", e); }
            var footprint = Check(artifact, what, memoryLimit);

            // the weights: exactly the spec's tensors plus a header; hashed while streaming, then read
            var weightsEntry = byName[WeightsEntry];
            long data = (long)footprint.WeightBytes;
            if (weightsEntry.Length < 8 + data || weightsEntry.Length > 8 + MaxWeightsHeaderBytes + data)
                throw Corrupt(what, $"entry '{WeightsEntry}' is {weightsEntry.Length} bytes, but the network its spec describes has {data} bytes of " +
                    $"weights (with a header of at most {MaxWeightsHeaderBytes} bytes)", null);
            if (!Convert.ToHexString(StreamHash(weightsEntry, what)).Equals(listed[WeightsEntry].Sha256, StringComparison.OrdinalIgnoreCase))
                throw Tampered(what, $"entry '{WeightsEntry}' does not have the SHA-256 its manifest records");
            var (weights, _) = SafeTensors.Read(ReadEntry(weightsEntry, weightsEntry.Length, what), $"{what} ({WeightsEntry})");
            long held = weights.Sum(t => (long)t.Data.Length);
            if (held != data)
                throw new DeepStatsException(ErrorIds.ModelWeightsMismatch, FailureKind.InvalidData,
                    $"The weights in {what} do not fit the network its spec describes: they hold {held} bytes, the network {data}. The file is damaged or was edited; save the model again.", what);
            return artifact with { Weights = weights };
        }
    }

    /// <summary>The manifest's entry list: name -> (length, SHA-256 hex), every field of the right JSON type.</summary>
    private static Dictionary<string, (long Length, string Sha256)> ListedEntries(JsonObject manifest, string what)
    {
        if (manifest["entries"] is not JsonObject listed) throw Corrupt(what, "its manifest lists no entries", null);
        var result = new Dictionary<string, (long, string)>(StringComparer.Ordinal);
        foreach (var (name, info) in listed)
        {
            if (info is not JsonObject o || o["length"] is not JsonValue l || l.GetValueKind() != JsonValueKind.Number || !l.TryGetValue<long>(out long length) || length < 0
                || o["sha256"] is not JsonValue h || h.GetValueKind() != JsonValueKind.String || h.GetValue<string>() is not { Length: 64 } sha)
                throw Corrupt(what, $"its manifest's record of '{name}' is not a length (a whole number) and a SHA-256 (64 hex digits)", null);
            result[name] = (length, sha);
        }
        return result;
    }

    /// <summary>Checks a model description for sense before anything is built from it; returns the network's footprint.</summary>
    private static MemoryFootprint Check(ModelArtifact a, string what, long? memoryLimit)
    {
        // members the JSON may set to null despite their types
        if (a.Spec is null || a.Schema is null || a.Options is null || a.Spec.Layers is null || a.Schema.Features is null || a.Schema.Classes is null
            || a.Transforms.Any(t => t is null) || a.Recipes.Any(r => r is null) || a.History is null || a.Metadata is null
            || new[] { a.Schema, a.InputSchema }.Any(s => s is not null && (s.Features is null || s.Classes is null || s.Features.Any(f => f?.Name is null || f.Levels is null))))
            throw Corrupt(what, $"its model description ({ModelEntry}) has a member that is null (spec, schema, options, layers, features, classes or a step)", null);
        var spec = a.Spec;
        if (spec.InputShape is not { Length: > 0 } input || spec.Outputs is not { } outputs || outputs < 1)
            throw Corrupt(what, "its spec has no input shape or output count", null);
        MemoryFootprint footprint;
        try { footprint = MemoryFootprint.Of(spec, input, outputs); }
        catch (DeepStatsException e) when (e.ErrorId == ErrorIds.ModelShapeMismatch)
        { throw Corrupt(what, $"its spec describes no network that can be built ({e.Message})", e); }
        footprint.CheckPrediction(memoryLimit, what);
        var schema = a.Schema;
        if (schema.TargetKind == TargetKind.Classification)
        {
            if (schema.Classes.Count < 2 || schema.Classes.Count != outputs || schema.Classes.Any(c => c is null) || schema.Classes.Distinct(StringComparer.Ordinal).Count() != schema.Classes.Count)
                throw Corrupt(what, $"it lists {schema.Classes.Count} classes ({string.Join(", ", schema.Classes.Take(5))}) for a network of {outputs} outputs " +
                    "(a classifier needs two or more distinct classes, one per output)", null);
        }
        else if (outputs != 1) throw Corrupt(what, $"it predicts a number but its network has {outputs} outputs", null);
        else if (!double.IsFinite(a.TargetMean) || !double.IsFinite(a.TargetScale) || !(a.TargetScale > 0))
            throw Corrupt(what, $"its target scaling (mean {a.TargetMean}, scale {a.TargetScale}) is not a finite mean and a positive scale", null);
        int[] fromSchema = schema.SequenceShape ?? schema.ImageShape ?? new[] { schema.Features.Sum(Width) };
        if (!fromSchema.SequenceEqual(input))
            throw Corrupt(what, $"its schema describes inputs of shape {ShapeInference.Format(fromSchema)} but its network takes {ShapeInference.Format(input)}", null);
        foreach (var f in schema.Features)
            if (f.Name is null || f.Levels is null || f.Levels.Any(l => l is null) || f.Levels.Distinct(StringComparer.Ordinal).Count() != f.Levels.Count
                || f.UnknownLevel is { } u && !f.Levels.Contains(u))
                throw Corrupt(what, $"the levels of feature '{f.Name}' are not distinct names (or its unknown level is not among them)", null);
        if (a.Transforms.Select(t => t.Problem()).FirstOrDefault(p => p is not null) is { } problem)
            throw Corrupt(what, problem, null);
        return footprint;
    }

    /// <summary>The network inputs of one feature (as <see cref="DataColumn.EncodedWidth"/>).</summary>
    private static int Width(FeatureInfo f) => f.Kind == ColumnKind.Categorical && f.Encoding != CategoryEncoding.Index ? f.Levels.Count : 1;

    private static string Text(JsonNode? node) => node is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : "(unknown)";

    private static FileStream OpenRead(string path)
    {
        // FileShare.Delete: a save may rename its new file over this one while it is read (Windows refuses the rename otherwise)
        try { return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete); }
        catch (FileNotFoundException e) { throw new DeepStatsException(ErrorIds.FileNotFound, FailureKind.ObjectNotFound, $"File '{path}' does not exist.", path, e); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        { throw new DeepStatsException(ErrorIds.NotAModelFile, FailureKind.ResourceUnavailable, $"Cannot read '{path}': {e.Message}", path, e); }
    }

    private static byte[] ReadEntry(ZipArchiveEntry entry, long limit, string what)
    {
        limit = Math.Min(limit, Array.MaxLength);
        if (entry.Length > limit) throw Corrupt(what, $"entry '{entry.FullName}' claims {entry.Length} bytes, more than the {limit} allowed", null);
        try
        {
            using var s = entry.Open();
            var buf = new byte[entry.Length];
            s.ReadExactly(buf);
            if (s.ReadByte() != -1) throw Corrupt(what, $"entry '{entry.FullName}' holds more bytes than its header says", null);
            return buf;
        }
        catch (Exception e) when (e is not DeepStatsException)
        {
            throw Corrupt(what, $"entry '{entry.FullName}' cannot be decompressed ({e.Message}); the file is truncated or damaged", e);
        }
    }

    /// <summary>The SHA-256 of an entry's content, decompressed in 64 KiB blocks (nothing of it kept).</summary>
    private static byte[] StreamHash(ZipArchiveEntry entry, string what)
    {
        try
        {
            using var s = entry.Open();
            using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            var block = new byte[1 << 16];
            long total = 0;
            for (int read; (read = s.Read(block)) > 0;)
            {
                total += read;
                if (total > entry.Length) throw Corrupt(what, $"entry '{entry.FullName}' holds more bytes than its header says", null);
                sha.AppendData(block, 0, read);
            }
            return sha.GetHashAndReset();
        }
        catch (Exception e) when (e is not DeepStatsException)
        {
            throw Corrupt(what, $"entry '{entry.FullName}' cannot be decompressed ({e.Message}); the file is truncated or damaged", e);
        }
    }

    private static DeepStatsException Corrupt(string what, string detail, Exception? inner) => new(ErrorIds.ModelFileCorrupt, FailureKind.InvalidData,
        $"{what} is a damaged model file: {detail}. Nothing was loaded; restore the file from a backup or save the model again.", what, inner);

    private static DeepStatsException Tampered(string what, string detail) => new(ErrorIds.ModelFileTampered, FailureKind.InvalidData,
        $"{what} does not match its manifest: {detail}. The file was modified after it was saved; nothing was loaded.", what);
}
