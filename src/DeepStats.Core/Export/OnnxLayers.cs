using DeepStats.Core.Models;
using DeepStats.Core.Persistence;

namespace DeepStats.Core.Export;

/// <summary>
/// The network part of an ONNX export: one small emitter per <see cref="LayerType"/>, reading the weights by the names
/// <see cref="ModelBuilder"/> gives the modules (<c>01_conv2d.weight</c>, <c>02_residual.body.01_conv2d.weight</c>,
/// <c>02_residual.shortcut.0.weight</c>, <c>01_lstm.lstm.weight_ih_l0_reverse</c>). Inference semantics only: dropout is the
/// identity and batch norm uses its running statistics, as the network predicts in eval mode.
/// </summary>
internal sealed class OnnxLayers
{
    private readonly OnnxGraph _g;
    private readonly Dictionary<string, TensorData> _weights;

    public OnnxLayers(OnnxGraph graph, IReadOnlyList<TensorData> weights)
    {
        _g = graph;
        _weights = weights.ToDictionary(w => w.Name, StringComparer.Ordinal);
    }

    /// <summary>Emits <paramref name="layers"/> on <paramref name="x"/> (batch first) and returns the last value's name.</summary>
    public string Emit(IReadOnlyList<LayerSpec> layers, int[] inputShape, int outputs, string x, string prefix = "", string path = "")
    {
        var rows = ShapeInference.WalkRows(layers, inputShape, outputs, path);
        for (int i = 0; i < layers.Count; i++)
        {
            var l = layers[i];
            string module = $"{prefix}{i + 1:D2}_{l.Type.ToString().ToLowerInvariant()}";
            string hint = $"layer{rows[i].Path}_{l.Type.ToString().ToLowerInvariant()}";
            x = l.Type switch
            {
                LayerType.Conv2d => Conv(x, module, l.Kernel!.Value, l.Stride ?? 1, l.Padding ?? 0, hint),
                LayerType.BatchNorm2d or LayerType.BatchNorm1d => BatchNorm(x, module, hint),
                LayerType.ReLU => _g.Node("Relu", hint, new[] { x }),
                LayerType.LeakyReLU => _g.Node("LeakyRelu", hint, new[] { x }, new OnnxAttribute("alpha", 0.01f)),
                LayerType.ELU => _g.Node("Elu", hint, new[] { x }, new OnnxAttribute("alpha", 1f)),
                LayerType.GELU => Gelu(x, hint),
                LayerType.Tanh => _g.Node("Tanh", hint, new[] { x }),
                LayerType.MaxPool2d => Pool("MaxPool", x, l, hint),
                LayerType.AvgPool2d => Pool("AveragePool", x, l, hint),
                LayerType.GlobalAvgPool2d => _g.Node("Flatten", hint, new[] { _g.Node("GlobalAveragePool", hint + "_pool", new[] { x }) }, new OnnxAttribute("axis", 1L)),
                LayerType.Dropout => x, // the identity at inference
                LayerType.Flatten => _g.Node("Flatten", hint, new[] { x }, new OnnxAttribute("axis", 1L)),
                LayerType.Linear => _g.Node("Gemm", hint, new[] { x, Weight(module + ".weight"), Weight(module + ".bias") }, new OnnxAttribute("transB", 1L)),
                LayerType.Residual => Residual(x, l, rows[i].Input, rows[i].Output, outputs, module, rows[i].Path, hint),
                LayerType.LSTM or LayerType.GRU => Recurrent(x, l, module, hint),
                _ => throw OnnxExporter.Unsupported($"layer {rows[i].Path} ({l.Describe()})", "no ONNX form is defined for this layer type"),
            };
        }
        return x;
    }

    private string Conv(string x, string module, int kernel, int stride, int padding, string hint) =>
        _g.Node("Conv", hint, new[] { x, Weight(module + ".weight"), Weight(module + ".bias") },
            new OnnxAttribute("kernel_shape", new long[] { kernel, kernel }), new OnnxAttribute("strides", new long[] { stride, stride }),
            new OnnxAttribute("pads", new long[] { padding, padding, padding, padding }));

    /// <summary>Inference batch norm with libtorch's epsilon (1e-5); ONNX BatchNormalization takes [N, C] and [N, C, H, W] alike.</summary>
    private string BatchNorm(string x, string module, string hint) =>
        _g.Node("BatchNormalization", hint, new[] { x, Weight(module + ".weight"), Weight(module + ".bias"), Weight(module + ".running_mean"), Weight(module + ".running_var") },
            new OnnxAttribute("epsilon", 1e-5f));

    /// <summary>Exact GELU as libtorch computes it: x * 0.5 * (1 + erf(x / sqrt 2)) (the Gelu operator is opset 20).</summary>
    private string Gelu(string x, string hint)
    {
        var erf = _g.Node("Erf", hint + "_erf", new[] { _g.Node("Mul", hint + "_scaled", new[] { x, _g.Scalar(hint + "_rsqrt2", (float)(1 / Math.Sqrt(2))) }) });
        var half = _g.Node("Mul", hint + "_half", new[] { x, _g.Scalar(hint + "_0.5", 0.5f) });
        return _g.Node("Mul", hint, new[] { half, _g.Node("Add", hint + "_1p", new[] { erf, _g.Scalar(hint + "_one", 1f) }) });
    }

    private string Pool(string op, string x, LayerSpec l, string hint) =>
        _g.Node(op, hint, new[] { x }, new OnnxAttribute("kernel_shape", new long[] { l.Kernel!.Value, l.Kernel.Value }),
            new OnnxAttribute("strides", new long[] { l.Stride ?? l.Kernel.Value, l.Stride ?? l.Kernel.Value }));

    private string Residual(string x, LayerSpec l, int[] input, int[] output, int outputs, string module, string path, string hint)
    {
        var body = Emit(l.Body!, input, outputs, x, module + ".body.", path + ".");
        var (stride, needed) = ShapeInference.Projection(input, output, path, l.Describe());
        var shortcut = needed
            ? BatchNorm(Conv(x, module + ".shortcut.0", 1, stride, 0, hint + "_shortcut"), module + ".shortcut.1", hint + "_shortcut_bn")
            : x;
        return _g.Node("Add", hint, new[] { body, shortcut });
    }

    /// <summary>
    /// Stacked (optionally bidirectional) LSTM or GRU over [batch, steps, features], one ONNX node per layer on the
    /// time-major layout, returning the last layer's final hidden state as [batch, hidden x directions] (forward first).
    /// PyTorch stacks the LSTM gates i, f, g, o and the GRU gates r, z, n; ONNX wants i, o, f, c and z, r, h, so the
    /// weight and bias blocks are permuted. GRU's reset gate is applied after the hidden linear map in PyTorch
    /// (linear_before_reset = 1).
    /// </summary>
    private string Recurrent(string x, LayerSpec l, string module, string hint)
    {
        bool lstm = l.Type == LayerType.LSTM, bi = l.Bidirectional == true;
        int hidden = l.HiddenSize!.Value, layers = l.NumLayers ?? 1, dirs = bi ? 2 : 1, gates = lstm ? 4 : 3;
        int[] order = lstm ? new[] { 0, 3, 1, 2 } : new[] { 1, 0, 2 };
        string cell = lstm ? "lstm" : "gru";
        var seq = _g.Node("Transpose", hint + "_time_major", new[] { x }, new OnnxAttribute("perm", new long[] { 1, 0, 2 }));
        string last = "";
        for (int k = 0; k < layers; k++)
        {
            var suffixes = bi ? new[] { $"_l{k}", $"_l{k}_reverse" } : new[] { $"_l{k}" };
            var w = Stack(suffixes.Select(s => Gates(Floats($"{module}.{cell}.weight_ih{s}"), gates, order)).ToArray());
            var r = Stack(suffixes.Select(s => Gates(Floats($"{module}.{cell}.weight_hh{s}"), gates, order)).ToArray());
            var b = Stack(suffixes.Select(s => Gates(Floats($"{module}.{cell}.bias_ih{s}"), gates, order).Concat(Gates(Floats($"{module}.{cell}.bias_hh{s}"), gates, order)).ToArray()).ToArray());
            int inputSize = w.Length / (dirs * gates * hidden);
            var attrs = new List<OnnxAttribute> { new("hidden_size", (long)hidden), new("direction", bi ? "bidirectional" : "forward") };
            if (!lstm) attrs.Add(new("linear_before_reset", 1L));
            var outs = _g.Node(lstm ? "LSTM" : "GRU", $"{hint}_l{k}", new[]
            {
                seq,
                _g.Constant($"{hint}_l{k}_W", w, dirs, gates * hidden, inputSize),
                _g.Constant($"{hint}_l{k}_R", r, dirs, gates * hidden, hidden),
                _g.Constant($"{hint}_l{k}_B", b, dirs, 2 * gates * hidden),
            }, lstm ? 3 : 2, "", attrs.ToArray());
            // Y: [steps, directions, batch, hidden] -> [steps, batch, directions x hidden], the next layer's input
            var y = _g.Node("Transpose", $"{hint}_l{k}_y", new[] { outs[0] }, new OnnxAttribute("perm", new long[] { 0, 2, 1, 3 }));
            seq = _g.Node("Reshape", $"{hint}_l{k}_seq", new[] { y, _g.Constant($"{hint}_l{k}_shape", new long[] { 0, 0, -1 }, 3) });
            last = outs[1];
        }
        // Y_h of the last layer: [directions, batch, hidden] -> [batch, directions x hidden]
        var h = _g.Node("Transpose", hint + "_h", new[] { last }, new OnnxAttribute("perm", new long[] { 1, 0, 2 }));
        return _g.Node("Reshape", hint, new[] { h, _g.Constant(hint + "_hshape", new long[] { 0, -1 }, 2) });
    }

    private static float[] Gates(float[] v, int gates, int[] order)
    {
        int block = v.Length / gates;
        var result = new float[v.Length];
        for (int j = 0; j < gates; j++) Array.Copy(v, order[j] * block, result, j * block, block);
        return result;
    }

    private static float[] Stack(float[][] parts) => parts.SelectMany(p => p).ToArray();

    private TensorData Find(string name)
    {
        if (!_weights.TryGetValue(name, out var t))
            throw OnnxExporter.Unsupported($"tensor '{name}'", "the model's weights do not hold it (the spec and the weights disagree)");
        if (t.DType != "F32")
            throw OnnxExporter.Unsupported($"tensor '{name}'", $"it is {t.DType}; the export writes float32 networks");
        return t;
    }

    private float[] Floats(string name) => System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(Find(name).Data).ToArray();

    /// <summary>A stored float32 tensor as a constant of the same shape.</summary>
    private string Weight(string name)
    {
        var t = Find(name);
        return _g.Constant(name, Floats(name), t.Shape);
    }
}
