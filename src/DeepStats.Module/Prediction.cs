namespace DeepStats;

/// <summary>
/// One row of Invoke-Prediction's output: the row's key, the predicted class (or value), the
/// probability of the predicted class and, when the data carries the target, the actual value.
/// Each class's probability is added as a P_&lt;class&gt; note property, so Export-Csv writes one
/// column per class.
/// </summary>
public sealed class Prediction
{
    public Prediction(object? key, object? predicted, double? probability, object? actual)
    {
        Key = key;
        Predicted = predicted;
        Probability = probability;
        Actual = actual;
    }

    /// <summary>The -KeyColumn value, else the 1-based row number.</summary>
    public object? Key { get; }
    /// <summary>The predicted class label, or the predicted value for a numeric target.</summary>
    public object? Predicted { get; }
    /// <summary>The probability of the predicted class; null for a numeric target.</summary>
    public double? Probability { get; }
    /// <summary>The true class or value when the data has the target; else null.</summary>
    public object? Actual { get; }

    public override string ToString() => $"{Key}: {Predicted}";
}
