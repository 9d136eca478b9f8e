using System.Management.Automation;
using DeepStats.Core.Models;

namespace DeepStats.Commands;

/// <summary>
/// <para type="synopsis">Defines a convolutional network for images, with every layer's shape checked.</para>
/// <para type="description">Builds a spec of convolution blocks (convolution, batch norm, activation, repeated -ConvolutionsPerBlock times, optionally wrapped in a residual connection, then max or average pooling) followed by global average pooling or flattening and a dense head. With no arguments it gives a small, strong net for 28x28 grayscale images. Shapes are inferred from -InputShape, or from the data when training starts; an impossible layer (a kernel larger than its input, a declared flatten size that does not match) is one clear error naming the layer and the shapes.</para>
/// </summary>
/// <example><code>New-ConvNet</code><para>The default network: blocks of 32 and 64 channels, 3x3 kernels, a 128-unit dense layer.</para></example>
/// <example><code>New-ConvNet -InputShape 1,28,28 -Channels 16,32 -KernelSize 5 -Hidden 64</code><para>A smaller network with 5x5 kernels, checked against 28x28 grayscale input.</para></example>
/// <example><code>New-ConvNet -InputShape 3,32,32 -Channels 32,64,128 -Residual -GlobalPool -Hidden @()</code><para>A small residual network with global average pooling; printing it shows each layer's output shape and parameters.</para></example>
/// <example><code>try { New-ConvNet -InputShape 1,28,28 -Channels 64,64 -KernelSize 32 -Padding 0 } catch { $_.FullyQualifiedErrorId; $_.Exception.Message }</code><para>An impossible network fails before anything runs, with the id ModelShapeMismatch and one line: Layer 1 (Conv2d 64, kernel 32x32, ...): kernel 32x32 is larger than its input 1x28x28.</para></example>
[Cmdlet(VerbsCommon.New, "ConvNet")]
[OutputType(typeof(ModelSpec))]
public sealed class NewConvNetCommand : DeepStatsCmdlet
{
    /// <summary><para type="description">Input shape as channels, height, width (for example 1,28,28). Taken from the data when omitted.</para></summary>
    [Parameter] public int[]? InputShape { get; set; }
    /// <summary><para type="description">Output channels of each convolution block.</para></summary>
    [Parameter] public int[] Channels { get; set; } = { 32, 64 };
    /// <summary><para type="description">Kernel size: one for all blocks, or one per block.</para></summary>
    [Parameter] public int[] KernelSize { get; set; } = { 3 };
    /// <summary><para type="description">Convolutions in each block.</para></summary>
    [Parameter] [ValidateRange(1, 16)] public int ConvolutionsPerBlock { get; set; } = 2;
    /// <summary><para type="description">Zero padding of each convolution; by default "same" padding (kernel / 2) for odd kernels.</para></summary>
    [Parameter] [ValidateRange(0, 1024)] public int? Padding { get; set; }
    /// <summary><para type="description">Stride of the first convolution of each block.</para></summary>
    [Parameter] [ValidateRange(1, 64)] public int Stride { get; set; } = 1;
    /// <summary><para type="description">Pooling window after each block; 0 for none.</para></summary>
    [Parameter] [ValidateRange(0, 64)] public int Pool { get; set; } = 2;
    /// <summary><para type="description">Max or Average pooling after each block.</para></summary>
    [Parameter] public PoolKind PoolType { get; set; } = PoolKind.Max;
    /// <summary><para type="description">Global average pooling instead of flattening before the dense head.</para></summary>
    [Parameter] public SwitchParameter GlobalPool { get; set; }
    /// <summary><para type="description">Residual blocks: each block's convolutions get a shortcut connection (a 1x1 projection when the shape changes).</para></summary>
    [Parameter] public SwitchParameter Residual { get; set; }
    /// <summary><para type="description">Weight initialisation: He (default, Kaiming normal for ReLU), Xavier (Glorot uniform) or Default (libtorch's).</para></summary>
    [Parameter] public WeightInit Init { get; set; } = WeightInit.He;
    /// <summary><para type="description">Widths of the dense layers before the output layer.</para></summary>
    [Parameter] public int[] Hidden { get; set; } = { 128 };
    /// <summary><para type="description">Dropout probability before each dense layer.</para></summary>
    [Parameter] [ValidateRange(0.0, 0.95)] public double Dropout { get; set; } = 0.25;
    /// <summary><para type="description">Activation: ReLU, LeakyReLU, ELU, GELU or Tanh.</para></summary>
    [Parameter] [ValidateSet("ReLU", "LeakyReLU", "ELU", "GELU", "Tanh")] public string Activation { get; set; } = "ReLU";
    /// <summary><para type="description">Leaves out batch normalisation.</para></summary>
    [Parameter] public SwitchParameter NoBatchNorm { get; set; }
    /// <summary><para type="description">The flattened feature count you expect before the dense head; checked against shape inference.</para></summary>
    [Parameter] public int? FlattenFeatures { get; set; }
    /// <summary><para type="description">Number of classes; taken from the data when omitted.</para></summary>
    [Parameter] [ValidateRange(2, int.MaxValue)] public int? Classes { get; set; }

    protected override void EndProcessing()
    {
        var spec = Run(() => NetworkFactory.ConvNet(new ConvNetOptions
        {
            InputShape = InputShape,
            Channels = Channels,
            KernelSize = KernelSize,
            ConvolutionsPerBlock = ConvolutionsPerBlock,
            Padding = Padding,
            Stride = Stride,
            Pool = Pool,
            PoolType = PoolType,
            GlobalPool = GlobalPool,
            Residual = Residual,
            Init = Init,
            Hidden = Hidden,
            Dropout = Dropout,
            Activation = Enum.Parse<LayerType>(Activation, true),
            BatchNorm = !NoBatchNorm,
            FlattenFeatures = FlattenFeatures,
            Classes = Classes,
        }));
        WriteObject(spec);
    }
}
