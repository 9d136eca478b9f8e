namespace DeepStats.Core.Training;

/// <summary>Stops the run when the monitored metric has not improved by more than MinDelta for Patience epochs
/// (the trainer then restores the best epoch's weights).</summary>
public sealed class EarlyStopping : TrainingCallback
{
    private readonly EarlyStoppingOptions _options;
    private double _best = double.NaN;
    private int _wait;

    public EarlyStopping(EarlyStoppingOptions options) => _options = options;

    public override void OnEpochEnd(TrainingContext context, EpochRecord record)
    {
        double v = Monitor.Value(_options.Monitor, record);
        if (Monitor.Improves(_options.Monitor, v, _best, _options.MinDelta))
        {
            _best = v;
            _wait = 0;
            return;
        }
        if (++_wait >= _options.Patience) context.Stop(StopReason.EarlyStopping);
    }

    public override void SaveState(BinaryWriter w)
    {
        w.Write(_best);
        w.Write(_wait);
    }

    public override void LoadState(BinaryReader r)
    {
        _best = r.ReadDouble();
        _wait = r.ReadInt32();
    }
}
