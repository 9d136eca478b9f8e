using static TorchSharp.torch;

namespace DeepStats.Core.Training;

/// <summary>Keeps a copy of the weights of the best complete epoch (by the monitored metric) and, at the end of a run
/// that stopped before its last epoch (early stopping, cancellation, divergence) or ran with early stopping, puts them
/// back into the network (<see cref="TrainingContext.KeptEpoch"/> says which epoch the weights are from).</summary>
public sealed class BestWeights : TrainingCallback, IDisposable
{
    private readonly MonitorMetric _metric;
    private List<(string Name, Tensor Value)>? _copy;

    public BestWeights(MonitorMetric metric) => _metric = metric;

    /// <summary>The epoch whose weights are kept (0 before the first epoch ends).</summary>
    public int BestEpoch { get; private set; }
    public double BestValue { get; private set; } = double.NaN;

    public override void OnEpochEnd(TrainingContext context, EpochRecord record)
    {
        double v = Monitor.Value(_metric, record);
        if (!Monitor.Improves(_metric, v, BestValue, 0)) return;
        BestValue = v;
        BestEpoch = record.Epoch;
        Keep(context.Module);
    }

    private void Keep(nn.Module<Tensor, Tensor> module)
    {
        Release();
        using var _ = no_grad();
        _copy = module.state_dict().Select(kv => (kv.Key, kv.Value.detach().clone().DetachFromDisposeScope())).ToList();
    }

    public override void OnTrainEnd(TrainingContext context)
    {
        if ((context.StopRequested is not null || context.Options.EarlyStopping is not null) && Restore(context.Module))
            context.KeptEpoch = BestEpoch;
    }

    /// <summary>Copies the kept weights (the initial ones when no epoch completed) into <paramref name="module"/>.</summary>
    public bool Restore(nn.Module<Tensor, Tensor> module)
    {
        if (_copy is null) return false;
        using var _ = no_grad();
        var state = module.state_dict();
        foreach (var (name, value) in _copy) state[name].copy_(value);
        return true;
    }

    public override void SaveState(BinaryWriter w)
    {
        w.Write(BestEpoch);
        w.Write(BestValue);
        w.Write(_copy?.Count ?? 0);
        foreach (var (name, value) in _copy ?? new())
        {
            w.Write(name);
            var bytes = value.contiguous().bytes;
            w.Write(bytes.Length);
            w.Write(bytes);
        }
    }

    public override void LoadState(BinaryReader r)
    {
        BestEpoch = r.ReadInt32();
        BestValue = r.ReadDouble();
        int count = r.ReadInt32();
        if (count == 0) return;
        Release();
        _copy = new();
        var state = new Dictionary<string, Tensor>();
        foreach (var (k, v) in Context!.Module.state_dict()) state[k] = v;
        for (int i = 0; i < count; i++)
        {
            string name = r.ReadString();
            var bytes = r.ReadBytes(r.ReadInt32());
            var t = state[name].detach().clone().DetachFromDisposeScope();
            t.bytes = bytes;
            _copy.Add((name, t));
        }
    }

    internal TrainingContext? Context { get; private set; }
    /// <summary>Keeps the initial weights as "epoch 0", so a run that diverges or is cancelled in its first epoch returns them.</summary>
    public override void OnTrainBegin(TrainingContext context)
    {
        Context = context;
        Keep(context.Module);
    }

    private void Release()
    {
        foreach (var (_, t) in _copy ?? new()) t.Dispose();
        _copy = null;
    }

    public void Dispose() => Release();
}
