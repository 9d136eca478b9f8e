using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DeepStats.Core.Training;

/// <summary>
/// A checkpoint after a complete epoch: a header (format, epoch, seed, data fingerprint, options,
/// parameter shapes, history), the weights, the optimiser state, the state of the run's generator and
/// of torch's global generator (dropout), and every callback's own state. Written through
/// <see cref="Persistence.AtomicFile"/> (a temp file of its own in the same folder, flushed, renamed over
/// the previous one), so a crash never leaves half a checkpoint. Read back (by the <see cref="Checkpoint"/> callback when the run resumes) only into a run with
/// the same data, network and configuration (<see cref="TrainingOptions.DifferenceFrom"/>: -ThreadCount is not part
/// of it, and -Epochs may change, to no fewer than the epochs done, unless the schedule's shape depends on it).
/// </summary>
public static class TrainingCheckpoint
{
    private const string Magic = "DeepStats.TrainingCheckpoint";
    /// <summary>3: the content ends with its SHA-256, checked before anything is read (2: the header in the one JSON convention;
    /// earlier formats are refused as another version).</summary>
    private const int Format = 3;
    private const int HashBytes = 32;


    internal static void Write(string path, TrainingContext context, IReadOnlyList<TrainingCallback> callbacks, string fingerprint)
    {
        var header = new JsonObject
        {
            ["epoch"] = context.History.Count,
            ["fingerprint"] = fingerprint,
            ["options"] = JsonNode.Parse(context.Options.ConfigurationJson()),
            ["parameters"] = Shapes(context.Module),
            ["stop"] = context.StopRequested is StopReason.EarlyStopping ? nameof(StopReason.EarlyStopping) : null,
            ["history"] = JsonSerializer.SerializeToNode(context.History.ToList(), Persistence.JsonConvention.Options),
        };
        string full = Path.GetFullPath(path);
        // a folder that cannot be created is reported by the writer (folder missing), with the path
        try { Directory.CreateDirectory(Path.GetDirectoryName(full)!); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
        Persistence.AtomicFile.Write(full, file =>
        {
            using var fs = new HashingStream(file);
            using var w = new BinaryWriter(fs, System.Text.Encoding.UTF8, leaveOpen: true);
            w.Write(Magic);
            w.Write(Format);
            w.Write(header.ToJsonString());
            context.Module.save(w);
            ((OptimizerHelper)context.Optimizer).save_state_dict(w);
            WriteTensor(w, context.Generator.get_state());
            WriteTensor(w, get_rng_state());
            w.Write(callbacks.Count);
            foreach (var cb in callbacks)
            {
                using var ms = new MemoryStream();
                using (var cw = new BinaryWriter(ms, System.Text.Encoding.UTF8, leaveOpen: true)) cb.SaveState(cw);
                w.Write(cb.Name);
                w.Write((int)ms.Length);
                w.Write(ms.GetBuffer(), 0, (int)ms.Length);
            }
            w.Flush();
            file.Write(fs.Hash());
        }, "the checkpoint", ErrorIds.CheckpointWriteFailed);
    }

    /// <summary>Restores a run from <paramref name="path"/> into a freshly built context; returns the epochs already complete.</summary>
    internal static int Read(string path, TrainingContext context, IReadOnlyList<TrainingCallback> callbacks, string fingerprint)
    {
        string full = Path.GetFullPath(path);
        try
        {
            using var file = File.OpenRead(full);
            using (var probe = new BinaryReader(file, System.Text.Encoding.UTF8, leaveOpen: true))
                if (file.Length < 8 || probe.ReadString() != Magic || probe.ReadInt32() != Format) throw Mismatch(full, "it is not a DeepStats training checkpoint of this version.");
            Verify(file, full);
            file.Position = 0;
            using var fs = new BoundedStream(file, file.Length - HashBytes);
            using var r = new BinaryReader(fs);
            r.ReadString();
            r.ReadInt32();
            var header = JsonNode.Parse(r.ReadString())!.AsObject();
            if ((string?)header["fingerprint"] != fingerprint)
                throw Mismatch(full, $"it was written for other data (fingerprint {(string?)header["fingerprint"]}, this data has {fingerprint}).");
            var saved = header["options"].Deserialize<TrainingOptions>(Persistence.JsonConvention.Options)!;
            if (saved.DifferenceFrom(context.Options, epochsMayChange: true) is { } why)
            {
                if (saved.DifferenceFrom(context.Options with { Epochs = saved.Epochs }) is null)
                    throw new DeepStatsException(ErrorIds.ResumeChangesSchedule, FailureKind.InvalidArgument,
                        $"Cannot resume from checkpoint '{full}' with -Epochs {context.Options.Epochs}: it was written by a run of {saved.Epochs} epochs under the " +
                        $"{saved.Schedule.Kind} schedule, whose learning rates depend on the number of epochs, so the epochs already run would not be those of a " +
                        $"{context.Options.Epochs}-epoch run. Resume with -Epochs {saved.Epochs}, or start again without -Resume.", path);
                throw Mismatch(full, $"it was written with other training options ({why}); only -Epochs (and -ThreadCount) may change when resuming.");
            }
            if ((string?)header["parameters"] != Shapes(context.Module))
                throw Mismatch(full, "it was written for another network (parameter names or shapes differ).");
            int epoch = (int)header["epoch"]!;
            if (epoch > context.Options.Epochs)
                throw Mismatch(full, $"it already holds {epoch} epochs, more than -Epochs {context.Options.Epochs}.");
            context.Module.load(r);
            ((OptimizerHelper)context.Optimizer).load_state_dict(r);
            context.Generator.set_state(ReadTensor(r, context.Generator.get_state()));
            set_rng_state(ReadTensor(r, get_rng_state()));
            var states = new Dictionary<string, byte[]>();
            int count = r.ReadInt32();
            for (int i = 0; i < count; i++) { string name = r.ReadString(); states[name] = ReadBlob(r, fs, full); }
            context.HistoryList.Clear();
            context.HistoryList.AddRange(header["history"].Deserialize<List<EpochRecord>>(Persistence.JsonConvention.Options)!);
            foreach (var cb in callbacks)
            {
                if (!states.TryGetValue(cb.Name, out var blob)) continue;
                using var cr = new BinaryReader(new MemoryStream(blob));
                cb.LoadState(cr);
            }
            if ((string?)header["stop"] is { } stop) context.Stop(Enum.Parse<StopReason>(stop));
            return epoch;
        }
        catch (Exception e) when (e is not DeepStatsException)
        {
            throw Mismatch(full, $"it cannot be read ({e.Message.Split('\n')[0]}).");
        }
    }

    private static string Shapes(nn.Module<Tensor, Tensor> module) =>
        string.Join(";", module.state_dict().Select(kv => $"{kv.Key}:{string.Join("x", kv.Value.shape)}"));

    private static void WriteTensor(BinaryWriter w, Tensor t)
    {
        using (t)
        {
            var bytes = t.contiguous().bytes;
            w.Write(bytes.Length);
            w.Write(bytes);
        }
    }

    private static Tensor ReadTensor(BinaryReader r, Tensor like)
    {
        long size = like.bytes.Length;
        if (r.ReadInt32() != size) throw new InvalidDataException($"a generator state is not the {size} bytes this build's generator holds");
        like.bytes = r.ReadBytes((int)size);
        return like;
    }

    /// <summary>A length-prefixed block, refused when the length claims more than the rest of the file holds (nothing allocated).</summary>
    private static byte[] ReadBlob(BinaryReader r, Stream s, string path)
    {
        int n = r.ReadInt32();
        if (n < 0 || n > s.Length - s.Position) throw new InvalidDataException($"a callback state claims {n} bytes, more than the {s.Length - s.Position} left");
        return r.ReadBytes(n);
    }

    /// <summary>The file's last 32 bytes are the SHA-256 of the rest, checked while streaming (nothing kept): a damaged or
    /// edited checkpoint is <c>CheckpointCorrupt</c> before any of it is used.</summary>
    private static void Verify(FileStream file, string path)
    {
        if (file.Length < HashBytes + 8) throw Corrupt(path, "it is shorter than its hash");
        file.Position = 0;
        using var sha = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);
        var block = new byte[1 << 16];
        for (long left = file.Length - HashBytes; left > 0;)
        {
            int read = file.Read(block, 0, (int)Math.Min(block.Length, left));
            if (read == 0) throw new EndOfStreamException();
            sha.AppendData(block, 0, read);
            left -= read;
        }
        var stored = new byte[HashBytes];
        file.ReadExactly(stored);
        if (!sha.GetHashAndReset().AsSpan().SequenceEqual(stored)) throw Corrupt(path, "its content does not have the SHA-256 it was written with; it was damaged or edited after it was written");
    }

    private static DeepStatsException Corrupt(string path, string why) =>
        new(ErrorIds.CheckpointCorrupt, FailureKind.InvalidData, $"Cannot resume from checkpoint '{path}': {why}. Nothing of it was used; start again without -Resume (or delete the file).", path);

    /// <summary>Writes through to a stream and hashes what it writes (SHA-256).</summary>
    private sealed class HashingStream(Stream inner) : Stream
    {
        private readonly System.Security.Cryptography.IncrementalHash _sha = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);
        public byte[] Hash() => _sha.GetHashAndReset();
        public override void Write(byte[] buffer, int offset, int count) { _sha.AppendData(buffer, offset, count); inner.Write(buffer, offset, count); }
        public override void Write(ReadOnlySpan<byte> buffer) { _sha.AppendData(buffer); inner.Write(buffer); }
        public override void Flush() => inner.Flush();
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        protected override void Dispose(bool disposing) { if (disposing) _sha.Dispose(); base.Dispose(disposing); }
    }

    /// <summary>A read-only view of the first <c>length</c> bytes of a seekable stream (the content before the hash).</summary>
    private sealed class BoundedStream(Stream inner, long length) : Stream
    {
        public override int Read(byte[] buffer, int offset, int count) =>
            inner.Read(buffer, offset, (int)Math.Min(count, Math.Max(0, length - inner.Position)));
        public override bool CanRead => true;
        public override bool CanSeek => true;
        public override bool CanWrite => false;
        public override long Length => length;
        public override long Position { get => inner.Position; set => inner.Position = value; }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => Position = origin switch
        {
            SeekOrigin.Begin => offset, SeekOrigin.Current => inner.Position + offset, _ => length + offset,
        };
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    private static DeepStatsException Mismatch(string path, string why) =>
        new(ErrorIds.CheckpointMismatch, FailureKind.InvalidData, $"Cannot resume from checkpoint '{path}': {why} Start without -Resume, or pass the same data, model and options.", path);
}

/// <summary>Writes a checkpoint at the end of every epoch (last among the callbacks, so their states are current) and,
/// when the run resumes, reads it back at the start of training (after every other callback began, so each can load
/// its state): weights, optimiser, generators, history and callback states, and the epochs already done
/// (<see cref="TrainingContext.FirstEpoch"/>).</summary>
public sealed class Checkpoint : TrainingCallback
{
    private readonly string _path;
    private readonly Func<IReadOnlyList<TrainingCallback>> _callbacks;
    private readonly string _fingerprint;
    private readonly bool _resume;

    internal Checkpoint(string path, Func<IReadOnlyList<TrainingCallback>> callbacks, string fingerprint, bool resume)
    {
        _path = path;
        _callbacks = callbacks;
        _fingerprint = fingerprint;
        _resume = resume;
    }

    public string Path => _path;

    public override void OnTrainBegin(TrainingContext context)
    {
        if (_resume && File.Exists(_path))
            context.FirstEpoch = TrainingCheckpoint.Read(_path, context, _callbacks(), _fingerprint) + 1;
    }

    public override void OnEpochEnd(TrainingContext context, EpochRecord record) =>
        TrainingCheckpoint.Write(_path, context, _callbacks(), _fingerprint);
}
