using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
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
    /// <summary>Largest entry read (guards against zip bombs): 4 GB of weights, 256 MB of JSON.</summary>
    private const long MaxWeightsBytes = 4L << 30, MaxJsonBytes = 256L << 20;

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

    /// <summary>Reads and checks a model file; returns the model (its network is built and its weights checked).</summary>
    public static TrainedModel Load(string path)
    {
        var artifact = ReadArtifact(path);
        var model = new TrainedModel(artifact);
        _ = model.Module; // builds the network now, so weights that do not fit the spec fail the load, not a later prediction
        return model;
    }

    public static ModelArtifact ReadArtifact(string path)
    {
        string what = $"'{path}'";
        byte[] head = new byte[4];
        using var fs = OpenRead(path);
        int got = fs.Read(head, 0, 4);
        if (got < 4 || head[0] != (byte)'P' || head[1] != (byte)'K' || head[2] != 3 || head[3] != 4)
            throw new DeepStatsException(ErrorIds.NotAModelFile, FailureKind.InvalidData,
                $"{what} is not a DeepStats model file ({(fs.Length == 0 ? "it is empty" : "it is not a zip archive")}). Model files are written by Save-Model.", path);
        fs.Position = 0;
        ZipArchive zip;
        try { zip = new ZipArchive(fs, ZipArchiveMode.Read, leaveOpen: true); }
        catch (InvalidDataException e) { throw Corrupt(what, $"its zip structure cannot be read ({e.Message}); the file is probably truncated", e); }
        using (zip)
        {
            var manifestEntry = zip.GetEntry(ManifestEntry) ?? throw new DeepStatsException(ErrorIds.NotAModelFile, FailureKind.InvalidData,
                $"{what} is a zip archive but not a DeepStats model file (it has no {ManifestEntry}). Model files are written by Save-Model.", path);
            JsonObject manifest;
            try { manifest = JsonNode.Parse(ReadEntry(manifestEntry, MaxJsonBytes, what))!.AsObject(); }
            catch (Exception e) when (e is JsonException or InvalidOperationException or NullReferenceException)
            { throw Corrupt(what, $"its manifest is not valid JSON ({e.Message})", e); }
            if (manifest["format"] is not JsonValue f || f.GetValueKind() != JsonValueKind.String || f.GetValue<string>() != FormatName)
                throw new DeepStatsException(ErrorIds.NotAModelFile, FailureKind.InvalidData,
                    $"{what} is a zip archive with a manifest, but not a DeepStats model file (its format is not '{FormatName}').", path);
            int version = manifest["formatVersion"] is JsonValue v && v.GetValueKind() == JsonValueKind.Number ? v.GetValue<int>() : 0;
            if (version > ModelArtifact.CurrentFormatVersion)
                throw new DeepStatsException(ErrorIds.ModelFormatTooNew, FailureKind.NotSupported,
                    $"{what} uses model-file format version {version}, written by DeepStats {manifest["libraries"]?["DeepStats"]}; this DeepStats reads versions up to {ModelArtifact.CurrentFormatVersion}. Update DeepStats to load it.", path);
            if (version < 1) throw Corrupt(what, "its manifest has no valid format version", null);
            var listed = manifest["entries"] as JsonObject ?? throw Corrupt(what, "its manifest lists no entries", null);
            foreach (var e in zip.Entries)
                if (e.FullName != ManifestEntry && !listed.ContainsKey(e.FullName))
                    throw Tampered(what, $"it holds the entry '{e.FullName}', which its manifest does not list");
            var contents = new Dictionary<string, byte[]>();
            foreach (var (name, info) in listed)
            {
                var entry = zip.GetEntry(name) ?? throw Tampered(what, $"its manifest lists '{name}', which is not in the archive");
                long length = info?["length"]?.GetValue<long>() ?? -1;
                string sha = info?["sha256"]?.GetValue<string>() ?? "";
                if (entry.Length != length) throw Tampered(what, $"entry '{name}' is {entry.Length} bytes but the manifest says {length}");
                var bytes = ReadEntry(entry, name == WeightsEntry ? MaxWeightsBytes : MaxJsonBytes, what);
                if (!string.Equals(Convert.ToHexString(SHA256.HashData(bytes)), sha, StringComparison.OrdinalIgnoreCase))
                    throw Tampered(what, $"entry '{name}' does not have the SHA-256 its manifest records");
                contents[name] = bytes;
            }
            if (!contents.TryGetValue(ModelEntry, out var modelJson) || !contents.TryGetValue(WeightsEntry, out var weightBytes))
                throw Tampered(what, $"it lacks {(contents.ContainsKey(ModelEntry) ? WeightsEntry : ModelEntry)}");
            ModelArtifact artifact;
            try { artifact = ModelArtifact.FromJson(Encoding.UTF8.GetString(modelJson)); }
            catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException or NullReferenceException or ArgumentException)
            { throw Corrupt(what, $"its model description ({ModelEntry}) is not valid ({e.Message})", e); }
            var (weights, _) = SafeTensors.Read(weightBytes, $"{what} ({WeightsEntry})");
            return artifact with { Weights = weights };
        }
    }

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
        if (entry.Length > limit) throw Corrupt(what, $"entry '{entry.FullName}' claims {entry.Length} bytes, more than the {limit} allowed", null);
        try
        {
            using var s = entry.Open();
            var buf = new byte[entry.Length];
            s.ReadExactly(buf);
            if (s.ReadByte() != -1) throw Corrupt(what, $"entry '{entry.FullName}' holds more bytes than its header says", null);
            return buf;
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException or IOException)
        {
            throw Corrupt(what, $"entry '{entry.FullName}' cannot be decompressed ({e.Message}); the file is truncated or damaged", e);
        }
    }

    private static DeepStatsException Corrupt(string what, string detail, Exception? inner) => new(ErrorIds.ModelFileCorrupt, FailureKind.InvalidData,
        $"{what} is a damaged model file: {detail}. Nothing was loaded; restore the file from a backup or save the model again.", what, inner);

    private static DeepStatsException Tampered(string what, string detail) => new(ErrorIds.ModelFileTampered, FailureKind.InvalidData,
        $"{what} does not match its manifest: {detail}. The file was modified after it was saved; nothing was loaded.", what);
}
