using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DeepStats.Core.Models;

/// <summary>Turns a checked <see cref="ModelSpec"/> into a TorchSharp module.</summary>
public static class ModelBuilder
{
    /// <summary>Builds the network for the given input shape and output count. Weights are drawn from
    /// torch's generator: seed it first (<c>torch.manual_seed</c>) for reproducible initialisation.</summary>
    public static nn.Module<Tensor, Tensor> Build(ModelSpec spec, int[] inputShape, int outputs)
    {
        lock (TorchRandom.Sync)
        {
            ShapeInference.Infer(spec, inputShape, outputs);
            var module = BuildLayers(spec.Layers, inputShape, outputs, "");
            Initialise(module, spec.Init);
            return module;
        }
    }

    private static nn.Module<Tensor, Tensor> BuildLayers(IReadOnlyList<LayerSpec> layers, int[] inputShape, int outputs, string prefix)
    {
        var rows = ShapeInference.WalkRows(layers, inputShape, outputs, prefix);
        var modules = new List<(string, nn.Module<Tensor, Tensor>)>();
        for (int i = 0; i < layers.Count; i++)
        {
            var l = layers[i];
            var input = rows[i].Input;
            var output = rows[i].Output;
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
                LayerType.Residual => new ResidualBlock($"residual{rows[i].Path}",
                    BuildLayers(l.Body!, input, outputs, rows[i].Path + "."), Shortcut(input, output, rows[i].Path, l)),
                LayerType.LSTM or LayerType.GRU => new RecurrentEncoder($"recurrent{rows[i].Path}", l, input[1]),
                _ => throw new DeepStatsException(ErrorIds.UnknownLayer, FailureKind.NotSupported, $"Layer {prefix}{i + 1}: type '{l.Type}' cannot be built.", l),
            };
            modules.Add(($"{i + 1:D2}_{l.Type.ToString().ToLowerInvariant()}", m));
        }
        return nn.Sequential(modules);
    }

    private static nn.Module<Tensor, Tensor>? Shortcut(int[] input, int[] output, string path, LayerSpec l)
    {
        var (stride, needed) = ShapeInference.Projection(input, output, path, l.Describe());
        return needed ? nn.Sequential(nn.Conv2d(input[0], output[0], 1, stride: stride), nn.BatchNorm2d(output[0])) : null;
    }

    private static void Initialise(nn.Module module, WeightInit init)
    {
        if (init == WeightInit.Default) return;
        using var _ = no_grad();
        foreach (var m in module.modules())
        {
            Parameter? weight = m switch { Conv2d c => c.weight, Linear lin => lin.weight, _ => null };
            Parameter? bias = m switch { Conv2d c => c.bias, Linear lin => lin.bias, _ => null };
            if (weight is null) continue;
            if (init == WeightInit.He) nn.init.kaiming_normal_(weight, 0, nn.init.FanInOut.FanIn, nn.init.NonlinearityType.ReLU);
            else nn.init.xavier_uniform_(weight, 1.0);
            if (bias is not null) nn.init.zeros_(bias);
        }
    }

    /// <summary>Trainable parameters of a built module, counted by torch.</summary>
    public static long CountParameters(nn.Module module) => module.parameters().Sum(p => p.numel());
}

/// <summary>y = body(x) + shortcut(x), the shortcut being the identity or a 1x1 projection.</summary>
internal sealed class ResidualBlock : nn.Module<Tensor, Tensor>
{
    private readonly nn.Module<Tensor, Tensor> body;
    private readonly nn.Module<Tensor, Tensor>? shortcut;

    public ResidualBlock(string name, nn.Module<Tensor, Tensor> body, nn.Module<Tensor, Tensor>? shortcut) : base(name)
    {
        this.body = body;
        this.shortcut = shortcut;
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        using var y = body.call(x);
        if (shortcut is null) return y + x;
        using var s = shortcut.call(x);
        return y + s;
    }
}

/// <summary>An LSTM or GRU over [batch, steps, features]; returns the last layer's final hidden state
/// (forward and backward concatenated when bidirectional): [batch, hidden x directions].</summary>
internal sealed class RecurrentEncoder : nn.Module<Tensor, Tensor>
{
    private readonly LSTM? lstm;
    private readonly GRU? gru;
    private readonly bool bidirectional;

    public RecurrentEncoder(string name, LayerSpec spec, int features) : base(name)
    {
        int hidden = spec.HiddenSize!.Value, layers = spec.NumLayers ?? 1;
        bidirectional = spec.Bidirectional == true;
        double dropout = spec.Probability ?? 0;
        if (spec.Type == LayerType.LSTM) lstm = nn.LSTM(features, hidden, layers, true, true, dropout, bidirectional);
        else gru = nn.GRU(features, hidden, layers, true, true, dropout, bidirectional);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        Tensor output, h;
        if (lstm is not null)
        {
            var (o, hn, cn) = lstm.call(x, null);
            cn.Dispose();
            output = o;
            h = hn;
        }
        else
        {
            var (o, hn) = gru!.call(x, null);
            output = o;
            h = hn;
        }
        output.Dispose();
        using (h)
        {
            // h: [layers x directions, batch, hidden]; the last layer's states are the last one or two
            long n = h.shape[0];
            return bidirectional ? cat(new[] { h[n - 2], h[n - 1] }, 1) : h[n - 1].clone();
        }
    }
}
