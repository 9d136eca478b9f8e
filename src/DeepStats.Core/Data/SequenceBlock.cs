namespace DeepStats.Core.Data;

/// <summary>Sequences stored as one contiguous N x T x F float32 buffer (examples x steps x features).</summary>
public sealed class SequenceBlock
{
    public SequenceBlock(float[] values, int count, int steps, int features, IReadOnlyList<string> featureNames)
    {
        if ((long)count * steps * features != values.Length)
            throw new ArgumentException($"Sequence buffer holds {values.Length} values, expected {count}x{steps}x{features}.");
        if (featureNames.Count != features) throw new ArgumentException("One name per feature is needed.");
        Values = values;
        Count = count;
        Steps = steps;
        Features = features;
        FeatureNames = featureNames;
    }

    public float[] Values { get; }
    public int Count { get; }
    public int Steps { get; }
    public int Features { get; }
    public IReadOnlyList<string> FeatureNames { get; }
    public int[] Shape => new[] { Steps, Features };

    public SequenceBlock Select(ReadOnlySpan<int> rows) =>
        new(ImageBlock.SelectRows(Values, Steps * Features, rows), rows.Length, Steps, Features, FeatureNames);
}
