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
    /// <summary>Stride of each block's first convolution.</summary>
    public int Stride { get; init; } = 1;
    /// <summary>Pooling window after each block (0 = none).</summary>
    public int Pool { get; init; } = 2;
    /// <summary>Max or Average pooling after each block.</summary>
    public PoolKind PoolType { get; init; } = PoolKind.Max;
    /// <summary>Global average pooling instead of flattening before the dense head.</summary>
    public bool GlobalPool { get; init; }
    /// <summary>Wrap each block's convolutions in a residual connection (projection shortcut when the shape changes).</summary>
    public bool Residual { get; init; }
    public WeightInit Init { get; init; } = WeightInit.He;
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

/// <summary>Settings of a feed-forward network: tabular data, or images and sequences flattened into one vector.</summary>
public sealed record FeedForwardOptions
{
    public int[] Hidden { get; init; } = { 64, 32 };
    public LayerType Activation { get; init; } = LayerType.ReLU;
    public double Dropout { get; init; }
    public bool BatchNorm { get; init; }
    public WeightInit Init { get; init; } = WeightInit.Default;
    public int? InputFeatures { get; init; }
    public int? Classes { get; init; }
}

/// <summary>Settings of a recurrent network for sequences ([steps, features] per example).</summary>
public sealed record RecurrentOptions
{
    public LayerType Cell { get; init; } = LayerType.LSTM;
    public int HiddenSize { get; init; } = 32;
    public int Layers { get; init; } = 1;
    public bool Bidirectional { get; init; }
    /// <summary>Dropout between stacked recurrent layers and before the head.</summary>
    public double Dropout { get; init; }
    /// <summary>Widths of dense layers between the recurrent encoder and the output head.</summary>
    public int[] Hidden { get; init; } = Array.Empty<int>();
    public int[]? InputShape { get; init; }
    public int? Outputs { get; init; }
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
        if (o.Stride < 1) throw Invalid($"The stride must be at least 1; got {o.Stride}.");
        var layers = new List<LayerSpec>();
        for (int b = 0; b < o.Channels.Length; b++)
        {
            int k = o.KernelSize.Length == 1 ? o.KernelSize[0] : o.KernelSize[b];
            int pad = o.Padding ?? (k % 2 == 1 ? k / 2 : 0);
            var block = new List<LayerSpec>();
            int convs = Math.Max(1, o.ConvolutionsPerBlock);
            for (int j = 0; j < convs; j++)
            {
                block.Add(LayerSpec.Conv(o.Channels[b], k, j == 0 ? o.Stride : 1, pad));
                if (o.BatchNorm) block.Add(LayerSpec.Of(LayerType.BatchNorm2d));
                // in a residual block the last activation comes after the addition
                if (!o.Residual || j < convs - 1) block.Add(LayerSpec.Of(o.Activation));
            }
            if (o.Residual)
            {
                layers.Add(LayerSpec.ResidualOf(block));
                layers.Add(LayerSpec.Of(o.Activation));
            }
            else layers.AddRange(block);
            if (o.Pool > 1) layers.Add(LayerSpec.Pool(o.PoolType == PoolKind.Max ? LayerType.MaxPool2d : LayerType.AvgPool2d, o.Pool));
        }
        layers.Add(LayerSpec.Of(o.GlobalPool ? LayerType.GlobalAvgPool2d : LayerType.Flatten));
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
        var spec = new ModelSpec { Kind = "ConvNet", InputShape = o.InputShape, Outputs = o.Classes, Layers = layers, Init = o.Init };
        Validate(spec);
        return spec;
    }

    public static ModelSpec FeedForward(FeedForwardOptions o)
    {
        CheckActivation(o.Activation);
        if (o.Hidden.Any(h => h <= 0)) throw Invalid($"Hidden layer widths must be positive: {string.Join(", ", o.Hidden)}.");
        // Flatten first: images (channels x height x width) and sequences (steps x features) become one feature
        // vector; for a table it changes nothing. The summary shows it as the first layer.
        var layers = new List<LayerSpec> { LayerSpec.Of(LayerType.Flatten) };
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
            Init = o.Init,
        };
        Validate(spec);
        return spec;
    }

    public static ModelSpec Recurrent(RecurrentOptions o)
    {
        if (o.Cell is not (LayerType.LSTM or LayerType.GRU)) throw Invalid($"The recurrent cell must be LSTM or GRU; got {o.Cell}.");
        if (o.HiddenSize < 1) throw Invalid($"The hidden size must be at least 1; got {o.HiddenSize}.");
        if (o.Layers < 1) throw Invalid($"A recurrent network needs at least one layer; got {o.Layers}.");
        if (o.Hidden.Any(h => h <= 0)) throw Invalid($"Hidden layer widths must be positive: {string.Join(", ", o.Hidden)}.");
        var layers = new List<LayerSpec> { LayerSpec.Recurrent(o.Cell, o.HiddenSize, o.Layers, o.Bidirectional, o.Layers > 1 ? o.Dropout : 0) };
        foreach (var h in o.Hidden)
        {
            if (o.Dropout > 0) layers.Add(LayerSpec.DropoutLayer(o.Dropout));
            layers.Add(LayerSpec.Dense(h));
            layers.Add(LayerSpec.Of(LayerType.ReLU));
        }
        if (o.Dropout > 0) layers.Add(LayerSpec.DropoutLayer(o.Dropout));
        layers.Add(LayerSpec.Dense(null));
        var spec = new ModelSpec { Kind = "Recurrent", InputShape = o.InputShape, Outputs = o.Outputs, Layers = layers };
        Validate(spec);
        return spec;
    }

    /// <summary>The network Start-Training uses when none is given: a ConvNet for images, a feed-forward net for tables.</summary>
    public static ModelSpec DefaultFor(int[] inputShape) => inputShape.Length switch
    {
        3 => ConvNet(new ConvNetOptions()),
        2 => Recurrent(new RecurrentOptions()),
        _ => FeedForward(new FeedForwardOptions()),
    };

    /// <summary>Runs shape inference now when the spec has an input shape (the output count defaults to 10 until the data says otherwise).</summary>
    public static void Validate(ModelSpec spec)
    {
        if (spec.InputShape is { } shape) ShapeInference.Infer(spec, shape, spec.Outputs ?? 10);
    }

    private static void CheckActivation(LayerType a)
    {
        if (!Activations.Contains(a)) throw Invalid($"'{a}' is not an activation; use one of {string.Join(", ", Activations)}.");
    }

    private static DeepStatsException Invalid(string message) => new(ErrorIds.InvalidModelOptions, FailureKind.InvalidArgument, message);
}
