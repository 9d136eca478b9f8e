using TorchSharp;
using static TorchSharp.torch;

namespace DeepStats.Core.Models;

/// <summary>Turns a checked <see cref="ModelSpec"/> into a TorchSharp module.</summary>
public static class ModelBuilder
{
    /// <summary>Builds the network for the given input shape and output count. Weights are drawn from
    /// torch's generator: seed it first (<c>torch.manual_seed</c>) for reproducible initialisation.</summary>
    public static nn.Module<Tensor, Tensor> Build(ModelSpec spec, int[] inputShape, int outputs)
    {
        lock (TorchRandom.Sync) return BuildUnlocked(spec, inputShape, outputs);
    }

    private static nn.Module<Tensor, Tensor> BuildUnlocked(ModelSpec spec, int[] inputShape, int outputs)
    {
        var summary = ShapeInference.Infer(spec, inputShape, outputs);
        var modules = new List<(string, nn.Module<Tensor, Tensor>)>();
        for (int i = 0; i < spec.Layers.Count; i++)
        {
            var l = spec.Layers[i];
            var input = summary[i].Input;
            var output = summary[i].Output;
            nn.Module<Tensor, Tensor> m = l.Type switch
            {
                LayerType.Conv2d => nn.Conv2d(input[0], l.OutChannels!.Value, l.Kernel!.Value, stride: l.Stride ?? 1, padding: l.Padding ?? 0),
                LayerType.BatchNorm2d => nn.BatchNorm2d(input[0]),
                LayerType.BatchNorm1d => nn.BatchNorm1d(input[0]),
                LayerType.ReLU => nn.ReLU(),
                LayerType.LeakyReLU => nn.LeakyReLU(0.01),
                LayerType.ELU => nn.ELU(),
                LayerType.GELU => nn.GELU(),
                LayerType.Tanh => nn.Tanh(),
                LayerType.MaxPool2d => nn.MaxPool2d(l.Kernel!.Value, l.Stride ?? l.Kernel.Value),
                LayerType.AvgPool2d => nn.AvgPool2d(l.Kernel!.Value, l.Stride ?? l.Kernel.Value),
                LayerType.GlobalAvgPool2d => nn.Sequential(nn.AdaptiveAvgPool2d(1), nn.Flatten()),
                LayerType.Dropout => nn.Dropout(l.Probability!.Value),
                LayerType.Flatten => nn.Flatten(),
                LayerType.Linear => nn.Linear(input[0], output[0]),
                _ => throw new DeepStatsException("UnknownLayer", FailureKind.NotSupported, $"Layer {i + 1}: type '{l.Type}' cannot be built.", l),
            };
            modules.Add(($"{i + 1:D2}_{l.Type.ToString().ToLowerInvariant()}", m));
        }
        return nn.Sequential(modules);
    }

    /// <summary>Trainable parameters of a built module, counted by torch.</summary>
    public static long CountParameters(nn.Module module) => module.parameters().Sum(p => p.numel());
}
