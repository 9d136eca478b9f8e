using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DeepStats.Core.Training;

/// <summary>Builds the TorchSharp optimiser an <see cref="OptimizerOptions"/> record names.</summary>
public static class OptimizerFactory
{
    public static optim.Optimizer Create(IEnumerable<Parameter> parameters, TrainingOptions options)
    {
        var o = options.Optimizer;
        double lr = options.LearningRate, wd = options.WeightDecay;
        return o.Kind switch
        {
            OptimizerKind.AdamW => optim.AdamW(parameters, lr, o.Beta1, o.Beta2, o.Epsilon, wd),
            OptimizerKind.SGD => optim.SGD(parameters, lr, o.Momentum, 0, wd, o.Nesterov),
            OptimizerKind.RMSprop => optim.RMSProp(parameters, lr, 0.99, o.Epsilon, wd, o.Momentum),
            _ => optim.Adam(parameters, lr, o.Beta1, o.Beta2, o.Epsilon, wd),
        };
    }
}
