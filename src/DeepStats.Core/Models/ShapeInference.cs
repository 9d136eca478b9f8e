namespace DeepStats.Core.Models;

/// <summary>One row of a model summary: a layer, the shape it produces for one example, and its trainable parameters.</summary>
public sealed record LayerSummary(int Index, string Layer, string InputShape, string OutputShape, long Parameters)
{
    internal int[] Output { get; init; } = Array.Empty<int>();
    internal int[] Input { get; init; } = Array.Empty<int>();
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
            throw Fail(0, "input", $"the model was built for inputs of shape {Format(declared)} but the data has shape {Format(inputShape)}. " +
                "Build the model without -InputShape, or with the data's shape.");
        if (inputShape.Any(d => d <= 0))
            throw Fail(0, "input", $"the input shape {Format(inputShape)} has a dimension below 1.");
        var rows = new List<LayerSummary>();
        var shape = inputShape;
        for (int i = 0; i < spec.Layers.Count; i++)
        {
            var l = spec.Layers[i];
            int n = i + 1;
            string name = l.Describe();
            long p = 0;
            int[] outShape;
            switch (l.Type)
            {
                case LayerType.Conv2d:
                {
                    var (c, h, w) = Image(shape, n, name);
                    int k = Positive(l.Kernel, n, name, "kernel"), s = Positive(l.Stride ?? 1, n, name, "stride"), pad = l.Padding ?? 0;
                    int oc = Positive(l.OutChannels, n, name, "channels");
                    if (pad < 0) throw Fail(n, name, $"padding {pad} is negative.");
                    if (k > h || k > w)
                        throw Fail(n, name, $"kernel {k}x{k} is larger than its input {Format(shape)} (channels x height x width). " +
                            $"Use a kernel of at most {Math.Min(h, w)}, or remove a pooling layer before it.");
                    int oh = (h + 2 * pad - k) / s + 1, ow = (w + 2 * pad - k) / s + 1;
                    outShape = new[] { oc, oh, ow };
                    p = (long)oc * c * k * k + oc;
                    break;
                }
                case LayerType.MaxPool2d:
                case LayerType.AvgPool2d:
                {
                    var (c, h, w) = Image(shape, n, name);
                    int k = Positive(l.Kernel, n, name, "kernel"), s = Positive(l.Stride ?? k, n, name, "stride");
                    if (k > h || k > w)
                        throw Fail(n, name, $"pooling window {k}x{k} is larger than its input {Format(shape)}. " +
                            "Use fewer pooling layers or a smaller window.");
                    outShape = new[] { c, (h - k) / s + 1, (w - k) / s + 1 };
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
                    break;
                }
                case LayerType.BatchNorm1d:
                    if (shape.Length != 1) throw Fail(n, name, $"expects a flat feature vector but gets shape {Format(shape)}; add a Flatten layer before it.");
                    outShape = shape;
                    p = 2L * shape[0];
                    break;
                case LayerType.Flatten:
                    outShape = new[] { shape.Aggregate(1, (a, b) => a * b) };
                    break;
                case LayerType.Linear:
                {
                    if (shape.Length != 1)
                        throw Fail(n, name, $"expects a flat feature vector but gets shape {Format(shape)}; add a Flatten layer before it.");
                    if (l.InFeatures is { } declaredIn && declaredIn != shape[0])
                    {
                        var flatten = rows.LastOrDefault(r => spec.Layers[r.Index - 1].Type == LayerType.Flatten);
                        string from = flatten is not null
                            ? $"layer {flatten.Index} (Flatten) produces {shape[0]} (= {Format(flatten.Input)} flattened)"
                            : rows.Count > 0 ? $"layer {rows[^1].Index} ({rows[^1].Layer}) produces {shape[0]}" : $"the input has {shape[0]}";
                        throw Fail(n, name, $"expects {declaredIn} input features, but {from}. Set its input size to {shape[0]}, or leave it out to infer it.");
                    }
                    int outF = l.OutFeatures ?? outputs;
                    if (outF <= 0) throw Fail(n, name, $"has {outF} output features; it needs at least 1.");
                    outShape = new[] { outF };
                    p = (long)shape[0] * outF + outF;
                    break;
                }
                case LayerType.Dropout:
                    if (l.Probability is not { } dp || dp < 0 || dp >= 1)
                        throw Fail(n, name, $"dropout probability {l.Probability} must be at least 0 and below 1.");
                    outShape = shape;
                    break;
                default:
                    outShape = shape;
                    break;
            }
            if (outShape.Any(d => d <= 0))
                throw Fail(n, name, $"its output shape {Format(outShape)} from input {Format(shape)} is empty.");
            rows.Add(new LayerSummary(n, name, Format(shape), Format(outShape), p) { Output = outShape, Input = shape });
            shape = outShape;
        }
        if (shape.Length != 1 || shape[0] != outputs)
            throw Fail(spec.Layers.Count, "output", $"the network ends with shape {Format(shape)} but the data has {outputs} classes; " +
                "end with a Linear layer without a fixed width (the output head).");
        return rows;
    }

    private static (int C, int H, int W) Image(int[] shape, int n, string name) =>
        shape.Length == 3 ? (shape[0], shape[1], shape[2])
        : throw Fail(n, name, $"expects images (channels x height x width) but gets shape {Format(shape)}.");

    private static int Positive(int? v, int n, string name, string what) =>
        v is > 0 ? v.Value : throw Fail(n, name, $"{what} must be a positive integer, got {v?.ToString() ?? "nothing"}.");

    private static DeepStatsException Fail(int index, string layer, string problem) =>
        new("ModelShapeMismatch", FailureKind.InvalidArgument,
            index == 0 ? $"Model input: {problem}" : $"Layer {index} ({layer}): {problem}", layer);
}
