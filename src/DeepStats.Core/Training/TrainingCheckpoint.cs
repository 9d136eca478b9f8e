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
    /// <summary>2: the header in the one JSON convention (camelCase); a format 1 checkpoint (PascalCase header) is refused as another version.</summary>
    private const int Format = 2;


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
        Persistence.AtomicFile.Write(full, fs =>
        {
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
        }, "the checkpoint", ErrorIds.CheckpointWriteFailed);
    }

    /// <summary>Restores a run from <paramref name="path"/> into a freshly built context; returns the epochs already complete.</summary>
    internal static int Read(string path, TrainingContext context, IReadOnlyList<TrainingCallback> callbacks, string fingerprint)
    {
        string full = Path.GetFullPath(path);
        try
        {
            using var fs = File.OpenRead(full);
            using var r = new BinaryReader(fs);
            if (r.ReadString() != Magic || r.ReadInt32() != Format) throw Mismatch(full, "it is not a DeepStats training checkpoint of this version.");
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
            for (int i = 0; i < count; i++) { string name = r.ReadString(); states[name] = r.ReadBytes(r.ReadInt32()); }
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
        catch (Exception e) when (e is IOException or EndOfStreamException or JsonException or InvalidOperationException or FormatException or ArgumentException)
        {
            throw Mismatch(full, $"it cannot be read ({e.Message}).");
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
        var bytes = r.ReadBytes(r.ReadInt32());
        like.bytes = bytes;
        return like;
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
