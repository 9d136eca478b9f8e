using DeepStats.Core.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace DeepStats.Core.Training;

/// <summary>A numeric target, learnt as z-scores of the training rows' values (target scaling) with MSE, MAE or Huber;
/// MSE and MAE are reported in the target's units.</summary>
public sealed class RegressionTask : TrainingTask
{
    private readonly Loss<Tensor, Tensor, Tensor> _loss;
    private readonly LossKind _kind;
    private readonly double _mean, _sd;

    public RegressionTask(DatasetView train, LossOptions options)
    {
        var target = train.Data.Target!;
        _kind = options.Kind == LossKind.Auto ? LossKind.MSE : options.Kind;
        if (_kind == LossKind.CrossEntropy)
            throw new DeepStatsException(ErrorIds.LossNotForTarget, FailureKind.InvalidArgument,
                $"Target '{target.Name}' holds numbers; cross-entropy is for classes. Use MSE (the default), MAE or Huber.", options.Kind);
        if (options.BalancedClassWeights || options.ClassWeights is { Count: > 0 } || options.LabelSmoothing > 0)
            throw new DeepStatsException(ErrorIds.LossNotForTarget, FailureKind.InvalidArgument,
                $"Target '{target.Name}' holds numbers; class weights and label smoothing apply to class targets only.", options);
        var m = Statistics.Moments.Compute(train.Rows is null ? target.Values! : train.Rows.Select(r => target.Values![r]).ToArray());
        _mean = m.Mean;
        _sd = m.Count > 1 && m.SampleVariance > 0 ? Math.Sqrt(m.SampleVariance) : 1;
        _loss = _kind switch
        {
            LossKind.MAE => nn.L1Loss(),
            LossKind.Huber => nn.HuberLoss(delta: 1.0),
            _ => nn.MSELoss(),
        };
    }

    public override int Outputs => 1;

    public override (double Mean, double Scale) TargetScaling => (_mean, _sd);

    public override Tensor Targets(DatasetView rows) => TensorFactory.Values(rows, _mean, _sd);

    public override Tensor Loss(Tensor output, Tensor target) => _loss.call(output.squeeze(1), target);

    public override void Observe(Tensor output, Tensor target) { }

    public override IReadOnlyDictionary<string, double> Collect() => new Dictionary<string, double>();

    public override double ReportLoss(double loss) => _kind switch
    {
        LossKind.MSE => loss * _sd * _sd,
        LossKind.MAE => loss * _sd,
        _ => loss,
    };

    public override void Dispose() => _loss.Dispose();
}
