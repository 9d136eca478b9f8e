using static TorchSharp.torch;

namespace DeepStats.Core.Training;

/// <summary>L1 regularisation: adds Strength x sign(w) (the subgradient of Strength x sum |w|) to the gradient of every
/// weight tensor (two or more dimensions; biases and norm parameters are left alone).</summary>
public sealed class L1Penalty : TrainingCallback
{
    private readonly double _strength;
    public L1Penalty(double strength) => _strength = strength;

    public override void BeforeOptimizerStep(TrainingContext context)
    {
        using var _ = no_grad();
        foreach (var p in context.Module.parameters())
        {
            if (p.dim() < 2 || p.grad is not { } g) continue;
            using var s = p.sign();
            g.add_(s, alpha: _strength);
        }
    }
}
