namespace DeepStats.Core.Data;

/// <summary>Seeded, stratified row splits (train / holdout) of a dataset.</summary>
public static class DatasetSplitter
{
    /// <summary>
    /// Splits row indices into a training part and a holdout of about <paramref name="holdoutFraction"/>,
    /// stratified by class when the dataset has a class target (each class contributes
    /// round(fraction x its count) rows). Same seed, same split. Both parts are in ascending row order.
    /// </summary>
    public static (int[] Train, int[] Holdout) Split(Dataset data, double holdoutFraction, int seed)
    {
        if (holdoutFraction is < 0 or >= 1)
            throw new DeepStatsException("InvalidFraction", FailureKind.InvalidArgument,
                $"The holdout fraction must be at least 0 and below 1; got {holdoutFraction}.", holdoutFraction);
        var rng = new Random(seed);
        var holdout = new List<int>();
        var groups = data.Target is { Kind: TargetKind.Classification } t
            ? Enumerable.Range(0, data.RowCount).GroupBy(i => t.Labels[i]).OrderBy(g => g.Key).Select(g => g.ToArray())
            : new[] { Enumerable.Range(0, data.RowCount).ToArray() };
        foreach (var g in groups)
        {
            rng.Shuffle(g);
            int take = (int)Math.Round(holdoutFraction * g.Length, MidpointRounding.AwayFromZero);
            holdout.AddRange(g.Take(take));
        }
        holdout.Sort();
        var isHold = new bool[data.RowCount];
        foreach (var i in holdout) isHold[i] = true;
        var train = Enumerable.Range(0, data.RowCount).Where(i => !isHold[i]).ToArray();
        return (train, holdout.ToArray());
    }
}
