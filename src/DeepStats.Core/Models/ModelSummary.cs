namespace DeepStats.Core.Models;

/// <summary>Layers with their output shapes and parameter counts, and the total: Keras' model.summary().</summary>
public sealed record ModelSummary(string Kind, string InputShape, int Outputs, IReadOnlyList<LayerSummary> Layers)
{
    public long TotalParameters => Layers.Sum(l => l.Parameters);
    /// <summary>Forward-pass floating-point operations per example (see <see cref="LayerSummary.Flops"/>).</summary>
    public long ForwardFlops => Layers.Sum(l => l.Flops);
    /// <summary>Operations of one training step per example: the forward pass, then the backward pass's gradients of the
    /// inputs and of the weights, each about as costly as the forward: three times <see cref="ForwardFlops"/>. Images/s
    /// times this is the training's achieved FLOP/s.</summary>
    public long TrainingFlops => 3 * ForwardFlops;

    public static ModelSummary Of(ModelSpec spec, int[] inputShape, int outputs) =>
        new(spec.Kind, ShapeInference.Format(inputShape), outputs, ShapeInference.Infer(spec, inputShape, outputs));

    public override string ToString()
    {
        var sb = new System.Text.StringBuilder();
        sb.AppendLine($"{Kind}: input {InputShape}, {Outputs} outputs");
        sb.AppendLine($"{"#",3}  {"Layer",-44} {"Output",-14} {"Params",10}");
        foreach (var l in Layers) sb.AppendLine($"{l.Index,3}  {l.Layer,-44} {l.OutputShape,-14} {l.Parameters,10:N0}");
        sb.Append($"Total trainable parameters: {TotalParameters:N0}");
        return sb.ToString();
    }
}
