using static TorchSharp.torch;

namespace DeepStats.Core.Training;

/// <summary>Rescales all gradients together so their joint L2 norm is at most MaxNorm (torch.nn.utils.clip_grad_norm_).</summary>
public sealed class GradientClipping : TrainingCallback
{
    private readonly double _maxNorm;
    public GradientClipping(double maxNorm) => _maxNorm = maxNorm;

    public override void BeforeOptimizerStep(TrainingContext context) =>
        nn.utils.clip_grad_norm_(context.Module.parameters(), _maxNorm);
}
