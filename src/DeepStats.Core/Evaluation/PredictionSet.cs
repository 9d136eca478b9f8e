using DeepStats.Core.Data;

namespace DeepStats.Core.Evaluation;

/// <summary>
/// What evaluating a model produces: one entry per row (its id, the truth, the prediction, the
/// class probabilities, the cross-validation fold when there is one). Reports, quality gates,
/// model comparisons and charts all read from it, so every figure about a model traces back to
/// rows. Plain data: no TorchSharp.
/// </summary>
public sealed class PredictionSet
{
    public required TargetKind Kind { get; init; }
    /// <summary>Class labels, in the model's order (classification); empty for regression.</summary>
    public IReadOnlyList<string> Classes { get; init; } = Array.Empty<string>();
    /// <summary>Each row's key: the key column's value, else its 1-based row number in the data.</summary>
    public required string[] RowIds { get; init; }
    /// <summary>Classification: true class index per row (-1 when the row's label is missing).</summary>
    public int[]? TruthLabels { get; init; }
    /// <summary>Classification: predicted class index per row.</summary>
    public int[]? PredictedLabels { get; init; }
    /// <summary>Classification: class probabilities per row, in <see cref="Classes"/> order.</summary>
    public float[][]? Probabilities { get; init; }
    /// <summary>Regression: true value per row (NaN when missing), in the target's units.</summary>
    public double[]? TruthValues { get; init; }
    /// <summary>Regression: predicted value per row, in the target's units.</summary>
    public double[]? PredictedValues { get; init; }
    /// <summary>Cross-validation: the 1-based fold each row was predicted in; null outside cross-validation.</summary>
    public int[]? Folds { get; init; }
    /// <summary>Repeated cross-validation: the 1-based repeat each entry comes from (a row appears once per repeat); null outside cross-validation.</summary>
    public int[]? Repeats { get; init; }

    public int Count => RowIds.Length;
}
