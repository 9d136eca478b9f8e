namespace DeepStats.Core.Models;

/// <summary>One row of a model summary: a layer, the shape it produces for one example, and its trainable parameters.</summary>
public sealed record LayerSummary(int Index, string Layer, string InputShape, string OutputShape, long Parameters)
{
    internal int[] Output { get; init; } = Array.Empty<int>();
    internal int[] Input { get; init; } = Array.Empty<int>();
    /// <summary>Position in the spec: "3", or "3.2" for the second layer in the body of residual block 3.</summary>
    internal string Path { get; init; } = "";
    /// <summary>Bytes of the layer's non-trainable state (batch-norm running mean and variance, F32, and its I64 step count).</summary>
    internal long BufferBytes { get; init; }
    /// <summary>Values the layer keeps per example for the backward pass: its output, plus a residual body's outputs and a
    /// recurrent layer's gate values per step.</summary>
    internal long ActivationElements { get; init; }
    /// <summary>Floating-point operations of this layer's forward pass for one example: the multiply-adds of convolutions,
    /// linear and recurrent layers (and a residual block's body and projection), two operations each. Element-wise layers
    /// (activations, batch norm, pooling, dropout) count zero: they move memory rather than compute.</summary>
    public long Flops { get; init; }
}

/// <summary>
/// Walks a <see cref="ModelSpec"/> with a concrete input shape, computing every layer's output
/// shape and parameter count, and stops at the first impossible layer with one line that names
/// the layer and the shapes (error id <c>ModelShapeMismatch</c>).
/// </summary>
public static class ShapeInference
{
    public static string Format(int[] shape) => string.Join("x", shape);

    public static IReadOnlyList<LayerSummary> Infer(ModelSpec spec, int[] inputShape, int outputs)
    {
        if (spec.InputShape is { } declared && !declared.SequenceEqual(inputShape))
            throw Fail("0", "input", $"the model was built for inputs of shape {Format(declared)} but the data has shape {Format(inputShape)}. " +
                "Build the model without -InputShape, or with the data's shape.");
        if (inputShape.Any(d => d <= 0))
            throw Fail("0", "input", $"the input shape {Format(inputShape)} has a dimension below 1.");
        var rows = new List<LayerSummary>();
        var shape = Walk(spec.Layers, inputShape, outputs, "", rows);
        if (shape.Length != 1 || shape[0] != outputs)
            throw Fail(spec.Layers.Count.ToString(), "output", $"the network ends with shape {Format(shape)} but the data has {outputs} classes; " +
                "end with a Linear layer without a fixed width (the output head).");
        return rows;
    }

    /// <summary>Rows for a list of layers (a residual body) from a given input shape.</summary>
    internal static List<LayerSummary> WalkRows(IReadOnlyList<LayerSpec> layers, int[] shape, int outputs, string prefix)
    {
        var rows = new List<LayerSummary>();
        Walk(layers, shape, outputs, prefix, rows);
        return rows;
    }

    /// <summary>Infers the layers in order from <paramref name="shape"/>, adding one row per layer; returns the final shape.</summary>
    private static int[] Walk(IReadOnlyList<LayerSpec> layers, int[] shape, int outputs, string prefix, List<LayerSummary> rows)
    {
        for (int i = 0; i < layers.Count; i++)
        {
            var l = layers[i];
            int index = i + 1;
            string n = prefix + index;
            string name = l.Describe();
            long p = 0, buffers = 0, kept = 0, flops = 0;
            int[] outShape;
            switch (l.Type)
            {
                case LayerType.Conv2d:
                {
                    var (c, h, w) = Image(shape, n, name);
                    int k = Positive(l.Kernel, n, name, "kernel"), st = Positive(l.Stride ?? 1, n, name, "stride"), pad = l.Padding ?? 0;
                    int oc = Positive(l.OutChannels, n, name, "channels");
                    if (pad < 0) throw Fail(n, name, $"padding {pad} is negative.");
                    if (k > h || k > w)
                        throw Fail(n, name, $"kernel {k}x{k} is larger than its input {Format(shape)} (channels x height x width). " +
                            $"Use a kernel of at most {Math.Min(h, w)}, or remove a pooling layer before it.");
                    outShape = new[] { oc, Dimension(((long)h + 2L * pad - k) / st + 1, n, name), Dimension(((long)w + 2L * pad - k) / st + 1, n, name) };
                    p = (long)oc * c * k * k + oc;
                    flops = 2L * oc * outShape[1] * outShape[2] * c * k * k;
                    break;
                }
                case LayerType.MaxPool2d:
                case LayerType.AvgPool2d:
                {
                    var (c, h, w) = Image(shape, n, name);
                    int k = Positive(l.Kernel, n, name, "kernel"), st = Positive(l.Stride ?? k, n, name, "stride");
                    if (k > h || k > w)
                        throw Fail(n, name, $"pooling window {k}x{k} is larger than its input {Format(shape)}. " +
                            "Use fewer pooling layers or a smaller window.");
                    outShape = new[] { c, (h - k) / st + 1, (w - k) / st + 1 };
                    break;
                }
                case LayerType.GlobalAvgPool2d:
                {
                    var (c, _, _) = Image(shape, n, name);
                    outShape = new[] { c };
                    break;
                }
                case LayerType.BatchNorm2d:
                {
                    var (c, _, _) = Image(shape, n, name);
                    outShape = shape;
                    p = 2L * c;
                    buffers = BatchNormBuffers(c);
                    break;
                }
                case LayerType.BatchNorm1d:
                    if (shape.Length != 1) throw Fail(n, name, $"expects a flat feature vector but gets shape {Format(shape)}; add a Flatten layer before it.");
                    outShape = shape;
                    p = 2L * shape[0];
                    buffers = BatchNormBuffers(shape[0]);
                    break;
                case LayerType.Flatten:
                    outShape = new[] { Dimension(shape.Aggregate(1L, (a, b) => a * b), n, name) };
                    break;
                case LayerType.Linear:
                {
                    if (shape.Length != 1)
                        throw Fail(n, name, $"expects a flat feature vector but gets shape {Format(shape)}; add a Flatten layer before it.");
                    if (l.InFeatures is { } declaredIn && declaredIn != shape[0])
                    {
                        var flatten = rows.LastOrDefault(r => r.Layer == "Flatten");
                        string from = flatten is not null
                            ? $"layer {flatten.Index} (Flatten) produces {shape[0]} (= {Format(flatten.Input)} flattened)"
                            : rows.Count > 0 ? $"layer {rows[^1].Index} ({rows[^1].Layer}) produces {shape[0]}" : $"the input has {shape[0]}";
                        throw Fail(n, name, $"expects {declaredIn} input features, but {from}. Set its input size to {shape[0]}, or leave it out to infer it.");
                    }
                    int outF = l.OutFeatures ?? outputs;
                    if (outF <= 0) throw Fail(n, name, $"has {outF} output features; it needs at least 1.");
                    outShape = new[] { outF };
                    p = (long)shape[0] * outF + outF;
                    flops = 2L * shape[0] * outF;
                    break;
                }
                case LayerType.Dropout:
                    if (l.Probability is not { } dp || dp < 0 || dp >= 1)
                        throw Fail(n, name, $"dropout probability {l.Probability} must be at least 0 and below 1.");
                    outShape = shape;
                    break;
                case LayerType.Residual:
                {
                    if (l.Body is not { Count: > 0 } body) throw Fail(n, name, "a residual block needs at least one layer in its body.");
                    var inner = new List<LayerSummary>();
                    outShape = Walk(body, shape, outputs, n + ".", inner);
                    p = inner.Sum(r => r.Parameters);
                    buffers = inner.Sum(r => r.BufferBytes);
                    kept = inner.Sum(r => r.ActivationElements);
                    flops = inner.Sum(r => r.Flops);
                    if (!outShape.SequenceEqual(shape))
                    {
                        var (stride, _) = Projection(shape, outShape, n, name);
                        _ = stride;
                        p += (long)outShape[0] * shape[0] + outShape[0] + 2L * outShape[0]; // 1x1 conv with bias + batch norm
                        buffers += BatchNormBuffers(outShape[0]);
                        kept += 2 * Elements(outShape);
                        flops += 2L * outShape[0] * shape[0] * outShape[1] * outShape[2];
                    }
                    break;
                }
                case LayerType.LSTM:
                case LayerType.GRU:
                {
                    if (shape.Length != 2)
                        throw Fail(n, name, $"expects a sequence (steps x features) but gets shape {Format(shape)}. Turn a series into windows with ConvertTo-Sequence.");
                    int hidden = Positive(l.HiddenSize, n, name, "hidden size"), layersN = Positive(l.NumLayers ?? 1, n, name, "layer count");
                    int dirs = l.Bidirectional == true ? 2 : 1, gates = l.Type == LayerType.LSTM ? 4 : 3;
                    if (l.Probability is { } rp && (rp < 0 || rp >= 1)) throw Fail(n, name, $"dropout probability {rp} must be at least 0 and below 1.");
                    int input = shape[1];
                    for (int layer = 0; layer < layersN; layer++)
                    {
                        // per direction: input-hidden and hidden-hidden weights, two bias vectors (as PyTorch)
                        p += dirs * ((long)gates * hidden * (input + (long)hidden) + 2L * gates * hidden);
                        flops += 2L * shape[0] * dirs * gates * hidden * (input + (long)hidden); // every step
                        input = Dimension((long)hidden * dirs, n, name);
                    }
                    // per step, layer and direction: the gates, the cell and the hidden state
                    kept = (long)shape[0] * layersN * dirs * (gates + 2L) * hidden;
                    outShape = new[] { Dimension((long)hidden * dirs, n, name) };
                    break;
                }
                default:
                    outShape = shape;
                    break;
            }
            if (outShape.Any(d => d <= 0))
                throw Fail(n, name, $"its output shape {Format(outShape)} from input {Format(shape)} is empty.");
            rows.Add(new LayerSummary(index, name, Format(shape), Format(outShape), p)
                { Output = outShape, Input = shape, Path = n, BufferBytes = buffers, ActivationElements = kept + Elements(outShape), Flops = flops });
            shape = outShape;
        }
        return shape;
    }

    /// <summary>The stride of the 1x1 convolution that maps a residual block's input onto its output shape.</summary>
    internal static (int Stride, bool Needed) Projection(int[] input, int[] output, string n, string name)
    {
        if (input.SequenceEqual(output)) return (1, false);
        if (input.Length == 3 && output.Length == 3 && output[1] > 0 && output[2] > 0)
        {
            int s = (input[1] - 1) / output[1] + 1;
            if ((input[1] - 1) / s + 1 == output[1] && (input[2] - 1) / s + 1 == output[2]) return (s, true);
        }
        throw Fail(n, name, $"its body turns {Format(input)} into {Format(output)}, which a 1x1 projection shortcut cannot match. " +
            "Keep the spatial size in the body, or reduce it by an integer stride.");
    }

    internal static long Elements(int[] shape) => shape.Aggregate(1L, (a, b) => a * b);

    /// <summary>Running mean and variance (F32 per channel) and the step count (one I64) of a batch norm.</summary>
    private static long BatchNormBuffers(int channels) => 8L * channels + 8;

    /// <summary>A dimension computed in 64 bits: beyond what a tensor dimension holds is refused, never wrapped around.</summary>
    private static int Dimension(long d, string n, string name) =>
        d <= int.MaxValue ? (int)d : throw Fail(n, name, $"its output has a dimension of {d}, more than a tensor dimension holds ({int.MaxValue}).");

    private static (int C, int H, int W) Image(int[] shape, string n, string name) =>
        shape.Length == 3 ? (shape[0], shape[1], shape[2])
        : throw Fail(n, name, $"expects images (channels x height x width) but gets shape {Format(shape)}.");

    private static int Positive(int? v, string n, string name, string what) =>
        v is > 0 ? v.Value : throw Fail(n, name, $"{what} must be a positive integer, got {v?.ToString() ?? "nothing"}.");

    private static DeepStatsException Fail(string index, string layer, string problem) =>
        new(ErrorIds.ModelShapeMismatch, FailureKind.InvalidArgument,
            index == "0" ? $"Model input: {problem}" : $"Layer {index} ({layer}): {problem}", layer);
}
