using DeepStats.Core.Data;
using DeepStats.Core.Evaluation;

namespace DeepStats.Core.Tests;

/// <summary>Hand-made prediction sets for the scorer tests (the one scorer reads a <see cref="PredictionSet"/>).</summary>
internal static class PredictionSets
{
    /// <summary>Classes only: the predicted class gets probability 1, the others 0.</summary>
    public static PredictionSet Labels(int[] truth, int[] predicted, string[] classes) => new()
    {
        Kind = TargetKind.Classification,
        Classes = classes,
        RowIds = truth.Select((_, i) => (i + 1).ToString()).ToArray(),
        TruthLabels = truth,
        PredictedLabels = predicted,
        Probabilities = predicted.Select(p => Enumerable.Range(0, classes.Length).Select(c => c == p ? 1f : 0f).ToArray()).ToArray(),
    };

    public static PredictionSet Values(double[] truth, double[] predicted) => new()
    {
        Kind = TargetKind.Regression,
        RowIds = truth.Select((_, i) => (i + 1).ToString()).ToArray(),
        TruthValues = truth,
        PredictedValues = predicted,
    };
}
