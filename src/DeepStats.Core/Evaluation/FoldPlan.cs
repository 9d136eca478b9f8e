using System.Security.Cryptography;
using System.Runtime.InteropServices;
using DeepStats.Core.Data;

namespace DeepStats.Core.Evaluation;

/// <summary>
/// Which rows each cross-validation fold tests, for every repeat, and what it was made from: the
/// seed, the strategy and the data's fingerprint. Two results can be joined or compared only when
/// their plans agree (<see cref="Id"/>: a SHA-256 over all of it, assignment included), so pieces
/// run in separate jobs or on other machines fit together or are refused.
/// </summary>
public sealed class FoldPlan
{
    private FoldPlan(int folds, int repeats, int seed, bool stratified, string? groupBy, string strategy,
        string dataFingerprint, int rowCount, int[][] assignment)
    {
        Folds = folds;
        Repeats = repeats;
        Seed = seed;
        Stratified = stratified;
        GroupBy = groupBy;
        Strategy = strategy;
        DataFingerprint = dataFingerprint;
        RowCount = rowCount;
        Assignment = assignment;
        Id = ComputeId();
    }

    public int Folds { get; }
    public int Repeats { get; }
    /// <summary>The seed of repeat 1's shuffle; repeat r shuffles with <c>Seed + r - 1</c>.</summary>
    public int Seed { get; }
    public bool Stratified { get; }
    public string? GroupBy { get; }
    /// <summary>Stratified, Random, "Grouped by x" or "Grouped by x, stratified" (as Split-Dataset -Folds says).</summary>
    public string Strategy { get; }
    /// <summary>Fingerprint of the dataset the folds were drawn from (<see cref="Dataset.Fingerprint"/>).</summary>
    public string DataFingerprint { get; }
    public int RowCount { get; }
    /// <summary>Per repeat (0-based index), the 1-based fold that tests each row.</summary>
    public IReadOnlyList<int[]> Assignment { get; }
    /// <summary>First 16 hex digits of a SHA-256 over folds, repeats, seed, strategy, data fingerprint and assignment.</summary>
    public string Id { get; }

    /// <summary>
    /// Draws the folds of every repeat with <see cref="DatasetSplitter.KFold"/> (stratified by class
    /// when asked and the target holds classes; grouped by a column, stratified within the groups where
    /// they allow, with <paramref name="groupBy"/>); repeat r uses the seed <c>seed + r - 1</c>.
    /// </summary>
    public static FoldPlan Create(Dataset data, int folds, int repeats, int seed, bool stratify, string? groupBy)
    {
        if (repeats < 1)
            throw new DeepStatsException(ErrorIds.InvalidFoldCount, FailureKind.InvalidArgument, $"Cross-validation needs at least 1 repeat; got {repeats}.", repeats);
        var assignment = new int[repeats][];
        string strategy = "";
        for (int r = 0; r < repeats; r++)
        {
            var kfold = DatasetSplitter.KFold(data, folds, unchecked(seed + r), stratify, groupBy);
            var a = new int[data.RowCount];
            foreach (var f in kfold) foreach (var i in f.TestRows) a[i] = f.Fold;
            assignment[r] = a;
            strategy = kfold[0].Strategy;
        }
        bool stratified = strategy.Contains("tratified", StringComparison.Ordinal);
        return new FoldPlan(folds, repeats, seed, stratified, groupBy, strategy, data.Fingerprint, data.RowCount, assignment);
    }

    /// <summary>Rows tested by <paramref name="fold"/> (1-based) in <paramref name="repeat"/> (1-based), ascending.</summary>
    public int[] TestRows(int repeat, int fold) => Rows(repeat, fold, test: true);

    /// <summary>Rows the model of <paramref name="fold"/> in <paramref name="repeat"/> is fitted on, ascending.</summary>
    public int[] TrainRows(int repeat, int fold) => Rows(repeat, fold, test: false);

    private int[] Rows(int repeat, int fold, bool test)
    {
        var a = Assignment[repeat - 1];
        var list = new List<int>(test ? a.Length / Folds + 1 : a.Length);
        for (int i = 0; i < a.Length; i++) if (a[i] == fold == test) list.Add(i);
        return list.ToArray();
    }

    /// <summary>The data must be the data the plan was drawn from.</summary>
    public void CheckData(Dataset data)
    {
        if (data.Fingerprint != DataFingerprint || data.RowCount != RowCount)
            throw new DeepStatsException(ErrorIds.CrossValidationPlanMismatch, FailureKind.InvalidData,
                $"The fold plan was drawn from data with fingerprint {DataFingerprint} ({RowCount} rows); '{data.Name}' has fingerprint {data.Fingerprint} ({data.RowCount} rows). Use the same data.", data);
    }

    /// <summary>In words, the first way <paramref name="other"/> differs from this plan; null when they agree.</summary>
    public string? DifferenceFrom(FoldPlan other)
    {
        if (other.DataFingerprint != DataFingerprint) return $"data fingerprint {DataFingerprint} vs {other.DataFingerprint}";
        if (other.Folds != Folds) return $"{Folds} vs {other.Folds} folds";
        if (other.Repeats != Repeats) return $"{Repeats} vs {other.Repeats} repeats";
        if (other.Seed != Seed) return $"seed {Seed} vs {other.Seed}";
        if (other.Strategy != Strategy) return $"strategy '{Strategy}' vs '{other.Strategy}'";
        if (other.Id != Id) return "the fold assignment";
        return null;
    }

    private string ComputeId()
    {
        using var h = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        h.AppendData(System.Text.Encoding.UTF8.GetBytes($"{Folds}\0{Repeats}\0{Seed}\0{Strategy}\0{GroupBy}\0{DataFingerprint}\0{RowCount}\0"));
        foreach (var a in Assignment) h.AppendData(MemoryMarshal.AsBytes(a.AsSpan()));
        return Convert.ToHexString(h.GetHashAndReset())[..16].ToLowerInvariant();
    }

    public override string ToString() => $"{Folds} folds x {Repeats} repeat(s), {Strategy}, seed {Seed}, data {DataFingerprint} ({RowCount} rows), plan {Id}";
}
