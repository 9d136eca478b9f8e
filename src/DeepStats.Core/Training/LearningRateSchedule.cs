using TorchSharp;
using static TorchSharp.torch.optim;

namespace DeepStats.Core.Training;

/// <summary>
/// Sets the learning rate of every epoch: a linear warmup (base x e / (warmup + 1) in epoch e), then one of
/// TorchSharp's schedulers, stepped once per epoch (StepLR, CosineAnnealingLR with T_max = the epochs after
/// warmup, OneCycleLR over those epochs, ReduceLROnPlateau on the monitored loss; StepLR's step size, when not given, is a
/// third of the epochs after warmup). Cosine, OneCycle and a Step schedule without a step size therefore change shape
/// with the epoch count, and a checkpoint of them resumes only with the same -Epochs. Its state is the
/// sequence of epoch losses it was stepped with; a resumed run replays it.
/// </summary>
public sealed class LearningRateSchedule : TrainingCallback, IDisposable
{
    private readonly ScheduleOptions _options;
    private readonly List<double> _seen = new();
    private lr_scheduler.LRScheduler? _scheduler;
    private TrainingContext? _context;

    public LearningRateSchedule(ScheduleOptions options) => _options = options;

    public override void OnTrainBegin(TrainingContext context)
    {
        _context = context;
        int after = context.Options.Epochs - _options.WarmupEpochs;
        if (_options.Kind == ScheduleKind.OneCycle && after < 2)
            throw new DeepStatsException(ErrorIds.InvalidTrainingOption, FailureKind.InvalidArgument,
                $"The OneCycle schedule needs at least 2 epochs after the warmup; {context.Options.Epochs} epoch(s) with {_options.WarmupEpochs} warmup epoch(s) leave {after}.");
        Start(context);
    }

    private void Start(TrainingContext context)
    {
        double baseRate = context.Options.LearningRate;
        if (_options.WarmupEpochs > 0) context.LearningRate = baseRate / (_options.WarmupEpochs + 1);
        else CreateScheduler(context);
    }

    public override void OnEpochEnd(TrainingContext context, EpochRecord record) =>
        Advance(context, record.ValidationLoss ?? record.Loss);

    private void Advance(TrainingContext context, double loss)
    {
        _seen.Add(loss);
        int done = _seen.Count;
        if (done >= context.Options.Epochs) return; // no epoch left to set a rate for (OneCycle refuses to step past its end)
        int warmup = _options.WarmupEpochs;
        if (done < warmup) context.LearningRate = context.Options.LearningRate * (done + 1) / (warmup + 1);
        else if (done == warmup) { context.LearningRate = context.Options.LearningRate; CreateScheduler(context); }
        else if (_options.Kind == ScheduleKind.ReduceOnPlateau) _scheduler!.step(loss, null);
        else _scheduler?.step();
    }

    private void CreateScheduler(TrainingContext context)
    {
        var opt = context.Optimizer;
        int after = context.Options.Epochs - _options.WarmupEpochs;
        _scheduler = _options.Kind switch
        {
            ScheduleKind.Step => lr_scheduler.StepLR(opt, _options.StepSize ?? Math.Max(1, after / 3), _options.Gamma),
            ScheduleKind.Cosine => lr_scheduler.CosineAnnealingLR(opt, after, _options.MinLearningRate),
            ScheduleKind.OneCycle => lr_scheduler.OneCycleLR(opt, context.Options.LearningRate, total_steps: after, cycle_momentum: false),
            ScheduleKind.ReduceOnPlateau => lr_scheduler.ReduceLROnPlateau(opt, "min", _options.Gamma, _options.PlateauPatience),
            _ => null,
        };
    }

    public override void SaveState(BinaryWriter w)
    {
        w.Write(_seen.Count);
        foreach (var v in _seen) w.Write(v);
    }

    public override void LoadState(BinaryReader r)
    {
        var ctx = _context ?? throw new InvalidOperationException("LoadState before OnTrainBegin.");
        int n = r.ReadInt32();
        var losses = Enumerable.Range(0, n).Select(_ => r.ReadDouble()).ToList();
        _seen.Clear();
        _scheduler = null;
        ctx.LearningRate = ctx.Options.LearningRate;
        Start(ctx);
        foreach (var v in losses) Advance(ctx, v);
    }

    public void Dispose() { }
}
