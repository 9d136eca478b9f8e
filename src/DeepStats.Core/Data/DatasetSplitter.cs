namespace DeepStats.Core.Data;

/// <summary>
/// A train / validation / test split: the row indices (0-based, ascending), how it was made, and the
/// parts, made when first asked for (<see cref="TrainView"/> and the other views copy nothing). When the
/// data carried preprocessing recipes they were refitted on the training rows (<see cref="Refitted"/>),
/// and every part is cut from that refitted data.
/// </summary>
public sealed class DatasetSplit
{
    private Dataset? _train, _validation, _test;

    public DatasetSplit(Dataset data, int[] trainRows, int[] validationRows, int[] testRows, int seed, bool stratified, bool refitted)
    {
        Data = data;
        TrainRows = trainRows;
        ValidationRows = validationRows;
        TestRows = testRows;
        Seed = seed;
        Stratified = stratified;
        Refitted = refitted;
    }

    /// <summary>The whole dataset the parts are cut from (with its preprocessing refitted on the training rows).</summary>
    public Dataset Data { get; }
    public int[] TrainRows { get; }
    public int[] ValidationRows { get; }
    public int[] TestRows { get; }
    public int Seed { get; }
    public bool Stratified { get; }
    /// <summary>Whether the data's recipes were refitted on the training rows.</summary>
    public bool Refitted { get; }
    public Dataset Train => _train ??= Data.Select(TrainRows);
    public Dataset? Validation => ValidationRows.Length == 0 ? null : _validation ??= Data.Select(ValidationRows);
    public Dataset? Test => TestRows.Length == 0 ? null : _test ??= Data.Select(TestRows);
    public DatasetView TrainView => Data.View(TrainRows);
    public DatasetView ValidationView => Data.View(ValidationRows);
    public DatasetView TestView => Data.View(TestRows);
    public int TrainCount => TrainRows.Length;
    public int ValidationCount => ValidationRows.Length;
    public int TestCount => TestRows.Length;

    public override string ToString() => $"{TrainCount} train, {ValidationCount} validation, {TestCount} test";
}

/// <summary>One cross-validation fold: which rows train and which test. The datasets are made when first asked for.</summary>
public sealed class DatasetFold
{
    private readonly Dataset _source;
    private Dataset? _fitted, _train, _test;

    public DatasetFold(Dataset source, int fold, int folds, int[] trainRows, int[] testRows, int seed, string strategy)
    {
        _source = source;
        Fold = fold;
        Folds = folds;
        TrainRows = trainRows;
        TestRows = testRows;
        Seed = seed;
        Strategy = strategy;
    }

    /// <summary>1-based fold number.</summary>
    public int Fold { get; }
    public int Folds { get; }
    public int[] TrainRows { get; }
    public int[] TestRows { get; }
    public int TrainCount => TrainRows.Length;
    public int TestCount => TestRows.Length;
    public int Seed { get; }
    /// <summary>Stratified, Grouped (by a column) or Random.</summary>
    public string Strategy { get; }
    /// <summary>The whole dataset with its preprocessing recipes refitted on this fold's training rows (the data itself when it has none).</summary>
    public Dataset Data => _fitted ??= Preprocessing.PreprocessingPipeline.RefitOn(_source, TrainRows);
    /// <summary>Whether the data carries recipes, refitted on this fold's training rows.</summary>
    public bool Refits => _source.Recipes.Count > 0;
    public Dataset Train => _train ??= Data.Select(TrainRows);
    public Dataset Test => _test ??= Data.Select(TestRows);
    /// <summary>The training rows as a view (no copy of the columns).</summary>
    public DatasetView TrainView => Data.View(TrainRows);
    public DatasetView TestView => Data.View(TestRows);

    public override string ToString() => $"Fold {Fold}/{Folds}: {TrainCount} train, {TestCount} test ({Strategy})";
}

/// <summary>Seeded row splits: train / holdout, train / validation / test, and k-fold indices (stratified or grouped).</summary>
public static class DatasetSplitter
{
    /// <summary>
    /// Splits row indices into a training part and a holdout of about <paramref name="holdoutFraction"/>,
    /// stratified by class when the dataset has a class target (each class contributes
    /// round(fraction x its count) rows). Same seed, same split. Both parts are in ascending row order.
    /// </summary>
    public static (int[] Train, int[] Holdout) Split(Dataset data, double holdoutFraction, int seed) => Split(data.View(), holdoutFraction, seed);

    /// <summary>The same split of a view's rows (as if the view were a dataset of its own), returned as rows of the
    /// view's dataset: a fold's validation holdout without copying the fold.</summary>
    public static (int[] Train, int[] Holdout) Split(DatasetView view, double holdoutFraction, int seed)
    {
        CheckFraction(holdoutFraction, "holdout");
        var parts = Partition(view, new[] { holdoutFraction }, seed, view.Data.Target is { Kind: TargetKind.Classification });
        if (view.Rows is { } rows)
            foreach (var part in parts)
                for (int i = 0; i < part.Length; i++) part[i] = rows[part[i]];
        return (parts[0], parts[1]);
    }

    /// <summary>
    /// Three-way split. Stratified (when asked and the data has a target), each class — rows with a
    /// missing label form a group of their own, so no row is lost — gives round(fraction x count) rows
    /// to test and validation and the rest to training. Seeded; each part in ascending row order.
    /// </summary>
    public static DatasetSplit Split(Dataset data, double validationFraction, double testFraction, int seed, bool stratify, Action<string>? warn = null)
    {
        CheckFraction(validationFraction, "validation");
        CheckFraction(testFraction, "test");
        if (validationFraction + testFraction >= 1)
            throw new DeepStatsException(ErrorIds.InvalidFraction, FailureKind.InvalidArgument,
                $"The validation and test fractions ({validationFraction} + {testFraction}) must leave rows for training: their sum must be below 1.", validationFraction + testFraction);
        bool strat = stratify && data.Target is { Kind: TargetKind.Classification };
        var parts = Partition(data.View(), new[] { validationFraction, testFraction }, seed, strat);
        if (parts[0].Length == 0)
            throw new DeepStatsException(ErrorIds.EmptySplit, FailureKind.InvalidArgument,
                $"No rows are left for training ({data.RowCount} rows). Lower the validation and test fractions.", data);
        if (warn is not null) WarnClassesMissingFromParts(data, parts, validationFraction > 0, testFraction > 0, warn);
        var fitted = Preprocessing.PreprocessingPipeline.RefitOn(data, parts[0]);
        return new DatasetSplit(fitted, parts[0], parts[1], parts[2], seed, strat, !ReferenceEquals(fitted, data));
    }

    /// <summary>
    /// k-fold cross-validation indices. Every row is in exactly one test fold. Stratified: each class is
    /// shuffled and dealt round the folds. Grouped (<paramref name="groupBy"/>): rows sharing a value of
    /// that column stay in one fold (groups shuffled, then each given to the smallest fold so far; with
    /// <paramref name="stratify"/> and a class target, to the fold that keeps the class shares most even,
    /// see <see cref="StratifiedGroupFolds"/>).
    /// </summary>
    public static IReadOnlyList<DatasetFold> KFold(Dataset data, int folds, int seed, bool stratify, string? groupBy = null, Action<string>? warn = null)
    {
        if (folds < 2)
            throw new DeepStatsException(ErrorIds.InvalidFoldCount, FailureKind.InvalidArgument, $"Cross-validation needs at least 2 folds; got {folds}.", folds);
        if (folds > data.RowCount)
            throw new DeepStatsException(ErrorIds.InvalidFoldCount, FailureKind.InvalidArgument,
                $"{folds} folds need at least {folds} rows; the dataset has {data.RowCount}.", folds);
        var rng = new Random(seed);
        var assign = new int[data.RowCount];
        string strategy;
        if (groupBy is not null)
        {
            var col = data.GetColumn(groupBy) ?? throw new DeepStatsException(ErrorIds.GroupColumnNotFound, FailureKind.ObjectNotFound,
                $"Column '{groupBy}' given to -GroupBy is not in the dataset. Its columns are: {string.Join(", ", data.Columns.Select(c => c.Name))}.", groupBy);
            var groups = Enumerable.Range(0, data.RowCount).GroupBy(i => GroupKey(col, i)).Select(g => g.ToArray()).ToArray();
            if (groups.Length < folds)
                throw new DeepStatsException(ErrorIds.InvalidFoldCount, FailureKind.InvalidArgument,
                    $"Column '{groupBy}' has {groups.Length} distinct value(s), fewer than the {folds} folds: each fold needs whole groups.", folds);
            if (stratify && data.Target is { Kind: TargetKind.Classification } t)
            {
                // stratified within the groups where they allow it
                assign = StratifiedGroupFolds.Assign(groups, t.Labels, t.ClassCount, folds, rng, data.RowCount);
                strategy = $"Grouped by {col.Name}, stratified";
            }
            else
            {
                rng.Shuffle(groups);
                var sizes = new int[folds];
                foreach (var g in groups.OrderByDescending(g => g.Length)) // stable: equal sizes keep the shuffled order
                {
                    int f = Array.IndexOf(sizes, sizes.Min());
                    foreach (var i in g) assign[i] = f;
                    sizes[f] += g.Length;
                }
                strategy = $"Grouped by {col.Name}";
            }
        }
        else
        {
            bool strat = stratify && data.Target is { Kind: TargetKind.Classification };
            int next = 0;
            foreach (var g in Groups(data.View(), strat))
            {
                rng.Shuffle(g);
                foreach (var i in g) assign[i] = next++ % folds; // continuing the deal across classes keeps fold sizes within one
            }
            strategy = strat ? "Stratified" : "Random";
        }
        if (warn is not null && data.Target is { Kind: TargetKind.Classification } target)
            foreach (var (name, count) in target.Classes.Zip(target.ClassCounts()))
                if (count > 0 && count < folds)
                    warn($"Class '{name}' of target '{target.Name}' has {count} row(s), fewer than the {folds} folds: {folds - count} fold(s) test none of it, " +
                         (count == 1 ? "and the fold that tests its one row trains without it. " : $"and each fold that tests it trains on only {count - 1} of its rows. ") +
                         "Its metrics are undefined or rest on almost nothing; collect more rows of it, merge it with another class, or leave it out.");
        var result = new DatasetFold[folds];
        var sizes2 = new int[folds];
        foreach (var a in assign) sizes2[a]++;
        for (int f = 0; f < folds; f++)
        {
            if (sizes2[f] == 0)
                throw new DeepStatsException(ErrorIds.InvalidFoldCount, FailureKind.InvalidArgument,
                    $"Fold {f + 1} of {folds} would have no rows: the groups of '{groupBy}' cannot be spread over {folds} folds. Use fewer folds.", folds);
            // exact-size index arrays: a fold costs its indices, never a copy of the columns
            var test = new int[sizes2[f]];
            var train = new int[data.RowCount - sizes2[f]];
            for (int i = 0, t = 0, r = 0; i < assign.Length; i++)
                if (assign[i] == f) test[t++] = i; else train[r++] = i;
            result[f] = new DatasetFold(data, f + 1, folds, train, test, seed, strategy);
        }
        return result;
    }

    /// <summary>One warning per class that a requested part (validation, test) or training lacks: it is then never evaluated, or never learnt.</summary>
    private static void WarnClassesMissingFromParts(Dataset data, int[][] parts, bool validation, bool test, Action<string> warn)
    {
        if (data.Target is not { Kind: TargetKind.Classification } target) return;
        var counts = parts.Select(p => { var c = new int[target.ClassCount]; foreach (var r in p) if (target.Labels[r] >= 0) c[target.Labels[r]]++; return c; }).ToArray();
        var total = target.ClassCounts();
        for (int k = 0; k < total.Length; k++)
        {
            if (total[k] == 0) continue;
            var missing = new List<string>();
            if (counts[0][k] == 0) missing.Add("training");
            if (validation && counts[1][k] == 0) missing.Add("validation");
            if (test && counts[2][k] == 0) missing.Add("test");
            if (missing.Count == 0) continue;
            warn($"Class '{target.Classes[k]}' of target '{target.Name}' has {total[k]} row(s): the {string.Join(" and ", missing)} part{(missing.Count > 1 ? "s have" : " has")} none of it, " +
                 (missing.Contains("training") ? "so the model never learns it. " : "so it is never evaluated there (its recall and F1 are undefined). ") +
                 "Collect more rows of it, merge it with another class, or leave it out.");
        }
    }

    private static object GroupKey(DataColumn col, int row) => col switch
    {
        NumericColumn n => double.IsNaN(n.Values[row]) ? double.NaN : n.Values[row],
        CategoricalColumn c => c.Codes[row],
        _ => row,
    };

    private static void CheckFraction(double f, string what)
    {
        if (f is < 0 or >= 1 || double.IsNaN(f))
            throw new DeepStatsException(ErrorIds.InvalidFraction, FailureKind.InvalidArgument,
                $"The {what} fraction must be at least 0 and below 1; got {f}.", f);
    }

    /// <summary>Positions in the view (0 to Count - 1), grouped by class when stratifying.</summary>
    private static IEnumerable<int[]> Groups(DatasetView view, bool stratify) => stratify && view.Data.Target is { Kind: TargetKind.Classification } t
        ? Enumerable.Range(0, view.Count).GroupBy(i => t.Labels[view.Row(i)]).OrderBy(g => g.Key).Select(g => g.ToArray()).ToArray()
        : new[] { Enumerable.Range(0, view.Count).ToArray() };

    /// <summary>Parts [rest, f0, f1, ...], each ascending.</summary>
    private static int[][] Partition(DatasetView data, double[] fractions, int seed, bool stratify)
    {
        var rng = new Random(seed);
        var parts = Enumerable.Range(0, fractions.Length + 1).Select(_ => new List<int>()).ToArray();
        foreach (var g in Groups(data, stratify))
        {
            rng.Shuffle(g);
            int pos = 0;
            for (int p = 0; p < fractions.Length; p++)
            {
                int take = (int)Math.Round(fractions[p] * g.Length, MidpointRounding.AwayFromZero);
                take = Math.Min(take, g.Length - pos);
                parts[p + 1].AddRange(g.Skip(pos).Take(take));
                pos += take;
            }
            parts[0].AddRange(g.Skip(pos));
        }
        return parts.Select(p => { var a = p.ToArray(); Array.Sort(a); return a; }).ToArray();
    }
}
