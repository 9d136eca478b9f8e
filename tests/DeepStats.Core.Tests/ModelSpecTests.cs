using DeepStats.Core.Models;
using Xunit;

namespace DeepStats.Core.Tests;

public class ModelSpecTests
{
    private static ModelSpec Small() => new()
    {
        Kind = "ConvNet",
        Layers = new[]
        {
            LayerSpec.Conv(8, 3, 1, 1), LayerSpec.Of(LayerType.BatchNorm2d), LayerSpec.Of(LayerType.ReLU),
            LayerSpec.Pool(LayerType.MaxPool2d, 2), LayerSpec.Of(LayerType.Flatten),
            LayerSpec.Dense(16), LayerSpec.Of(LayerType.ReLU), LayerSpec.Dense(null),
        },
    };

    [Fact]
    public void ShapesAndParameterCountsMatchHandComputation()
    {
        var rows = ShapeInference.Infer(Small(), new[] { 1, 28, 28 }, 10);
        Assert.Equal("8x28x28", rows[0].OutputShape);
        Assert.Equal(8 * 1 * 3 * 3 + 8, rows[0].Parameters);      // conv weights + biases = 80
        Assert.Equal(2 * 8, rows[1].Parameters);                   // batch norm gamma + beta
        Assert.Equal("8x14x14", rows[3].OutputShape);
        Assert.Equal("1568", rows[4].OutputShape);                 // 8 * 14 * 14
        Assert.Equal(1568 * 16 + 16, rows[5].Parameters);         // 25,104
        Assert.Equal(16 * 10 + 10, rows[7].Parameters);            // 170
        Assert.Equal(80 + 16 + 25104 + 170, ModelSummary.Of(Small(), new[] { 1, 28, 28 }, 10).TotalParameters);
    }

    [Fact]
    public void ForwardFlopsAreTwiceTheMultiplyAddsWorkedByHand()
    {
        var small = ModelSummary.Of(Small(), new[] { 1, 28, 28 }, 10);
        Assert.Equal(2 * 8 * 28 * 28 * 1 * 3 * 3, small.Layers[0].Flops);  // 8 outputs at 28x28, each 1 x 3 x 3 multiply-adds: 112,896
        Assert.Equal(0, small.Layers[1].Flops);                              // batch norm, ReLU, pooling, flatten: element-wise, not counted
        Assert.Equal(2 * 1568 * 16, small.Layers[5].Flops);                  // 50,176
        Assert.Equal(112_896 + 50_176 + 2 * 16 * 10, small.ForwardFlops);    // 163,392
        Assert.Equal(3 * 163_392, small.TrainingFlops);

        // a residual block 8x14x14 -> 16x14x14: body conv 2*16*196*8*9 = 451,584, 1x1 projection 2*16*8*196 = 50,176
        var residual = new ModelSpec
        {
            Kind = "ConvNet",
            Layers = new[] { LayerSpec.ResidualOf(new[] { LayerSpec.Conv(16, 3, 1, 1), LayerSpec.Of(LayerType.BatchNorm2d) }), LayerSpec.Of(LayerType.Flatten), LayerSpec.Dense(null) },
        };
        var r = ModelSummary.Of(residual, new[] { 8, 14, 14 }, 2);
        Assert.Equal(451_584 + 50_176, r.Layers[0].Flops);
        Assert.Equal(451_584 + 50_176 + 2 * 16 * 196 * 2, r.ForwardFlops);

        // an LSTM over 12 steps of 3 features, hidden 4: 4 gates x 4 units x (3 + 4) multiply-adds per step = 2 * 12 * 112 = 2,688
        var lstm = NetworkFactory.Recurrent(new RecurrentOptions { HiddenSize = 4 });
        Assert.Equal(2_688 + 2 * 4 * 2, ModelSummary.Of(lstm, new[] { 12, 3 }, 2).ForwardFlops);
    }

    [Fact]
    public void TorchAgreesWithTheParameterCount()
    {
        using var module = ModelBuilder.Build(Small(), new[] { 1, 28, 28 }, 10);
        Assert.Equal(25370, ModelBuilder.CountParameters(module));
        using var x = TorchSharp.torch.zeros(4, 1, 28, 28);
        using var y = module.call(x);
        Assert.Equal(new long[] { 4, 10 }, y.shape);
    }

    [Fact]
    public void TheArticlesKernelMistakeIsOneClearLine()
    {
        // the source article: nn.Conv2d(1, 64, kernel_size=32) on 28x28 images
        var e = Assert.Throws<DeepStatsException>(() => NetworkFactory.ConvNet(new ConvNetOptions
        {
            InputShape = new[] { 1, 28, 28 }, Channels = new[] { 64, 64 }, KernelSize = new[] { 32 }, Padding = 0, ConvolutionsPerBlock = 1,
        }));
        Assert.Equal("ModelShapeMismatch", e.ErrorId);
        Assert.StartsWith("Layer 1 (Conv2d 64, kernel 32x32", e.Message);
        Assert.Contains("larger than its input 1x28x28", e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void TheArticlesFlattenMistakeNamesBothSizes()
    {
        // one 3x3 convolution without padding, then 2x2 pooling: 64 x 13 x 13 = 10,816 features, not 64 * 8 * 8
        var e = Assert.Throws<DeepStatsException>(() => NetworkFactory.ConvNet(new ConvNetOptions
        {
            InputShape = new[] { 1, 28, 28 }, Channels = new[] { 64 }, Padding = 0, ConvolutionsPerBlock = 1, BatchNorm = false,
            Hidden = new[] { 512 }, FlattenFeatures = 64 * 8 * 8,
        }));
        Assert.Equal("ModelShapeMismatch", e.ErrorId);
        Assert.Contains("expects 4096 input features", e.Message);
        Assert.Contains("produces 10816 (= 64x13x13 flattened)", e.Message);
    }

    [Fact]
    public void ShapeErrorAtTrainingTimeWhenNoInputShapeWasGiven()
    {
        var spec = NetworkFactory.ConvNet(new ConvNetOptions { Channels = new[] { 8, 8, 8, 8, 8 }, KernelSize = new[] { 1 } });  // 28 -> 14 -> 7 -> 3 -> 1 -> ?
        var e = Assert.Throws<DeepStatsException>(() => ShapeInference.Infer(spec, new[] { 1, 28, 28 }, 10));
        Assert.Contains("pooling window 2x2 is larger than its input 8x1x1", e.Message);
    }

    [Fact]
    public void SpecRoundTripsThroughJson()
    {
        var spec = NetworkFactory.ConvNet(new ConvNetOptions { InputShape = new[] { 3, 32, 32 }, Activation = LayerType.GELU, Dropout = 0.1 });
        var back = ModelSpec.FromJson(spec.ToJson());
        Assert.True(spec.Equivalent(back));
        Assert.Equal(spec.Layers, back.Layers);
        Assert.Equal(new[] { 3, 32, 32 }, back.InputShape);
    }

    [Fact]
    public void FeedForwardParameterCount()
    {
        // 7 inputs -> 5 -> 3 classes: (7*5+5) + (5*3+3) = 58
        var spec = NetworkFactory.FeedForward(new FeedForwardOptions { Hidden = new[] { 5 } });
        Assert.Equal(58, ModelSummary.Of(spec, new[] { 7 }, 3).TotalParameters);
        using var module = ModelBuilder.Build(spec, new[] { 7 }, 3);
        Assert.Equal(58, ModelBuilder.CountParameters(module));
    }

    [Fact]
    public void DefaultConvNetFitsFashionMnist()
    {
        var summary = ModelSummary.Of(NetworkFactory.ConvNet(new ConvNetOptions()), new[] { 1, 28, 28 }, 10);
        Assert.Equal("10", summary.Layers[^1].OutputShape);
        Assert.Equal("64x7x7", summary.Layers.Single(l => l.Layer == "Flatten").InputShape);
    }

    [Fact]
    public void FeedForwardFlattensImagesAndSequences()
    {
        // issue 9 item 9. 1x28x28 -> Flatten 784 -> 256 -> 128 -> 10:
        // (784*256+256) + (256*128+128) + (128*10+10) = 200,960 + 32,896 + 1,290 = 235,146
        var spec = NetworkFactory.FeedForward(new FeedForwardOptions { Hidden = new[] { 256, 128 } });
        var summary = ModelSummary.Of(spec, new[] { 1, 28, 28 }, 10);
        Assert.Equal("Flatten", summary.Layers[0].Layer);
        Assert.Equal("784", summary.Layers[0].OutputShape);
        Assert.Equal(235_146, summary.TotalParameters);
        using (var module = ModelBuilder.Build(spec, new[] { 1, 28, 28 }, 10))
            Assert.Equal(235_146, ModelBuilder.CountParameters(module));
        // a sequence of 12 steps x 3 features: 36 -> 4 -> 2: (36*4+4) + (4*2+2) = 158
        var seq = NetworkFactory.FeedForward(new FeedForwardOptions { Hidden = new[] { 4 } });
        Assert.Equal(158, ModelSummary.Of(seq, new[] { 12, 3 }, 2).TotalParameters);
    }
}
