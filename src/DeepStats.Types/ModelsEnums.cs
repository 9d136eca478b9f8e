using System.Text.Json.Serialization;

namespace DeepStats.Core.Models;

/// <summary>How convolution and linear weights are initialised.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<WeightInit>))]
public enum WeightInit { Default, He, Xavier }

/// <summary>The layer kinds a <c>ModelSpec</c> can hold.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<LayerType>))]
public enum LayerType
{
    Conv2d, BatchNorm2d, BatchNorm1d, ReLU, LeakyReLU, ELU, GELU, Tanh,
    MaxPool2d, AvgPool2d, GlobalAvgPool2d, Dropout, Flatten, Linear,
    /// <summary>y = body(x) + shortcut(x): identity, or a 1x1 convolution (with batch norm) when the shapes differ.</summary>
    Residual,
    /// <summary>Recurrent layers over a [steps, features] sequence; the output is the last hidden state (both directions when bidirectional).</summary>
    LSTM,
    GRU,
}

/// <summary>Pooling after a convolution block.</summary>
public enum PoolKind { Max, Average }

/// <summary>The file formats Export-Model writes.</summary>
public enum ModelExportFormat
{
    /// <summary>ONNX (opset 17, ai.onnx.ml 3): the network with the model's fitted preprocessing, for any ONNX runtime.</summary>
    Onnx,
}
