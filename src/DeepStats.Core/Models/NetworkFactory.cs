namespace DeepStats.Core.Models;

/// <summary>Settings of a convolutional network; the defaults give a small, strong net for 28x28 grayscale images.</summary>
public sealed record ConvNetOptions
{
    /// <summary>Output channels of each convolution block.</summary>
    public int[] Channels { get; init; } = { 32, 64 };
    /// <summary>Kernel size per block (one value applies to all blocks).</summary>
    public int[] KernelSize { get; init; } = { 3 };
    /// <summary>Convolutions per block (each followed by batch norm and activation).</summary>
    public int ConvolutionsPerBlock { get; init; } = 2;
    /// <summary>Zero padding per convolution; null means "same" padding (kernel / 2) for odd kernels.</summary>
    public int? Padding { get; init; }
    /// <summary>Max-pooling window after each block (0 = none).</summary>
    public int Pool { get; init; } = 2;
    public bool BatchNorm { get; init; } = true;
    public LayerType Activation { get; init; } = LayerType.ReLU;
    /// <summary>Widths of the dense layers between the convolutions and the output head.</summary>
    public int[] Hidden { get; init; } = { 128 };
    public double Dropout { get; init; } = 0.25;
    /// <summary>Optional declared width of the flattened features; checked against inference.</summary>
    public int? FlattenFeatures { get; init; }
    public int[]? InputShape { get; init; }
    public int? Classes { get; init; }
}

/// <summary>Settings of a feed-forward network for tabular data.</summary>
public sealed record FeedForwardOptions
{
    public int[] Hidden { get; init; } = { 64, 32 };
    public LayerType Activation { get; init; } = LayerType.ReLU;
    public double Dropout { get; init; }
    public bool BatchNorm { get; init; }
    public int? InputFeatures { get; init; }
    public int? Classes { get; init; }
}

/// <summary>Turns builder options into a <see cref="ModelSpec"/> and checks it when the input shape is known.</summary>
public static class NetworkFactory
{
    public static readonly LayerType[] Activations = { LayerType.ReLU, LayerType.LeakyReLU, LayerType.ELU, LayerType.GELU, LayerType.Tanh };

    public static ModelSpec ConvNet(ConvNetOptions o)
    {
        if (o.Channels.Length == 0) throw Invalid("A ConvNet needs at least one convolution block (-Channels).");
        if (o.KernelSize.Length != 1 && o.KernelSize.Length != o.Channels.Length)
            throw Invalid($"Give one kernel size, or one per block: {o.Channels.Length} blocks but {o.KernelSize.Length} kernel sizes.");
        CheckActivation(o.Activation);
        var layers = new List<LayerSpec>();
        for (int b = 0; b < o.Channels.Length; b++)
        {
            int k = o.KernelSize.Length == 1 ? o.KernelSize[0] : o.KernelSize[b];
            int pad = o.Padding ?? (k % 2 == 1 ? k / 2 : 0);
            for (int j = 0; j < Math.Max(1, o.ConvolutionsPerBlock); j++)
            {
                layers.Add(LayerSpec.Conv(o.Channels[b], k, 1, pad));
                if (o.BatchNorm) layers.Add(LayerSpec.Of(LayerType.BatchNorm2d));
                layers.Add(LayerSpec.Of(o.Activation));
            }
            if (o.Pool > 1) layers.Add(LayerSpec.Pool(LayerType.MaxPool2d, o.Pool));
        }
        layers.Add(LayerSpec.Of(LayerType.Flatten));
        bool first = true;
        foreach (var h in o.Hidden)
        {
            if (o.Dropout > 0) layers.Add(LayerSpec.DropoutLayer(o.Dropout));
            layers.Add(LayerSpec.Dense(h, first ? o.FlattenFeatures : null));
            layers.Add(LayerSpec.Of(o.Activation));
            first = false;
        }
        if (o.Dropout > 0) layers.Add(LayerSpec.DropoutLayer(o.Dropout));
        layers.Add(LayerSpec.Dense(null, first ? o.FlattenFeatures : null));
        var spec = new ModelSpec { Kind = "ConvNet", InputShape = o.InputShape, Outputs = o.Classes, Layers = layers };
        Validate(spec);
        return spec;
    }

    public static ModelSpec FeedForward(FeedForwardOptions o)
    {
        CheckActivation(o.Activation);
        if (o.Hidden.Any(h => h <= 0)) throw Invalid($"Hidden layer widths must be positive: {string.Join(", ", o.Hidden)}.");
        var layers = new List<LayerSpec>();
        foreach (var h in o.Hidden)
        {
            layers.Add(LayerSpec.Dense(h));
            if (o.BatchNorm) layers.Add(LayerSpec.Of(LayerType.BatchNorm1d));
            layers.Add(LayerSpec.Of(o.Activation));
            if (o.Dropout > 0) layers.Add(LayerSpec.DropoutLayer(o.Dropout));
        }
        layers.Add(LayerSpec.Dense(null));
        var spec = new ModelSpec
        {
            Kind = "FeedForward",
            InputShape = o.InputFeatures is { } f ? new[] { f } : null,
            Outputs = o.Classes,
            Layers = layers,
        };
        Validate(spec);
        return spec;
    }

    /// <summary>The network Start-Training uses when none is given: a ConvNet for images, a feed-forward net for tables.</summary>
    public static ModelSpec DefaultFor(int[] inputShape) =>
        inputShape.Length == 3 ? ConvNet(new ConvNetOptions()) : FeedForward(new FeedForwardOptions());

    /// <summary>Runs shape inference now when the spec has an input shape (the output count defaults to 10 until the data says otherwise).</summary>
    public static void Validate(ModelSpec spec)
    {
        if (spec.InputShape is { } shape) ShapeInference.Infer(spec, shape, spec.Outputs ?? 10);
    }

    private static void CheckActivation(LayerType a)
    {
        if (!Activations.Contains(a)) throw Invalid($"'{a}' is not an activation; use one of {string.Join(", ", Activations)}.");
    }

    private static DeepStatsException Invalid(string message) => new("InvalidModelOptions", FailureKind.InvalidArgument, message);
}
