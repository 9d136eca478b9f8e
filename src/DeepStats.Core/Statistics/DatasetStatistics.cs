using DeepStats.Core.Data;

namespace DeepStats.Core.Statistics;

/// <summary>
/// Association between one feature and the target: one-way ANOVA F (eta² = between SS / total SS)
/// for a class target, Pearson r (effect r²) for a numeric target. Pairwise-complete rows.
/// </summary>
public sealed record TargetAssociation
{
    public required string Column { get; init; }
    public required string Target { get; init; }
    /// <summary>"One-way ANOVA" or "Pearson".</summary>
    public required string Method { get; init; }
    public int Count { get; init; }
    /// <summary>F for ANOVA, r for Pearson.</summary>
    public double Statistic { get; init; }
    public int DfNumerator { get; init; }
    public int DfDenominator { get; init; }
    public double PValue { get; init; }
    /// <summary>eta² (ANOVA) or r² (Pearson): the share of variance explained.</summary>
    public double EffectSize { get; init; }
    public string Test { get; init; } = "";
    public IReadOnlyList<string> Undefined { get; init; } = Array.Empty<string>();
}

/// <summary>Options of <see cref="DatasetStatistics.Compute"/>.</summary>
public sealed record StatisticsOptions
{
    public double ConfidenceLevel { get; init; } = 0.95;
    /// <summary>Also compute Pearson and Spearman matrices and feature-target associations.</summary>
    public bool Correlation { get; init; }
    /// <summary>
    /// A column to treat as the target when the dataset has none: a numeric column becomes a numeric
    /// target (Pearson association), a categorical one a class target (ANOVA).
    /// </summary>
    public string? Target { get; init; }
}

/// <summary>Everything <see cref="DatasetStatistics.Compute"/> found, in column order.</summary>
public sealed record DatasetStatisticsResult(
    IReadOnlyList<NumericSummary> Numeric,
    IReadOnlyList<CategorySummary> Categorical,
    IReadOnlyList<CorrelationMatrix> Correlations,
    IReadOnlyList<TargetAssociation> Associations);

/// <summary>Statistics of a whole dataset: columns in parallel, each by <see cref="NumericSummary"/> or <see cref="CategorySummary"/>.</summary>
public static class DatasetStatistics
{
    public static DatasetStatisticsResult Compute(Dataset data, StatisticsOptions? options = null)
    {
        options ??= new StatisticsOptions();
        double level = options.ConfidenceLevel;
        if (!(level > 0 && level < 1))
            throw new DeepStatsException(ErrorIds.InvalidConfidenceLevel, FailureKind.InvalidArgument,
                $"The confidence level must be between 0 and 1 (exclusive); got {level}.", level);

        if (data.Images is { } img)
        {
            var pixels = new double[img.Pixels.Length];
            for (int i = 0; i < pixels.Length; i++) pixels[i] = img.Pixels[i];
            var cats = new List<CategorySummary>();
            if (data.Target is { Kind: TargetKind.Classification } t)
                cats.Add(CategorySummary.Compute(t.Name, t.Labels, t.Classes, level, "Target"));
            return new([NumericSummary.Compute("pixels", pixels, level)], cats, [], []);
        }

        if (data.Sequences is { } seq)
        {
            // windows of a series: each feature over all its steps, and the target
            var perFeature = new NumericSummary[seq.Features];
            Parallel.For(0, seq.Features, j =>
            {
                var v = new double[(long)seq.Count * seq.Steps];
                for (long r = 0; r < v.Length; r++) v[r] = seq.Values[r * seq.Features + j];
                perFeature[j] = NumericSummary.Compute(seq.FeatureNames[j], v, level);
            });
            var seqCats = new List<CategorySummary>();
            var seqNums = perFeature.ToList();
            if (data.Target is { Kind: TargetKind.Regression, Values: { } tv } rt) seqNums.Add(NumericSummary.Compute(rt.Name, tv, level, "Target"));
            else if (data.Target is { } ct) seqCats.Add(CategorySummary.Compute(ct.Name, ct.Labels, ct.Classes, level, "Target"));
            return new(seqNums, seqCats, [], []);
        }

        var features = data.Columns.ToList();
        TargetColumn? classTarget = data.Target is { Kind: TargetKind.Classification } ? data.Target : null;
        NumericColumn? numericTarget = data.Target is { Kind: TargetKind.Regression, Values: { } targetValues } regression
            ? new NumericColumn(regression.Name, targetValues) : null;
        if (data.Target is not null && options.Target is { } requested &&
            !string.Equals(requested, data.Target.Name, StringComparison.OrdinalIgnoreCase))
            throw new DeepStatsException(ErrorIds.TargetConflict, FailureKind.InvalidArgument,
                $"The dataset already has the target '{data.Target.Name}'; -Target '{requested}' would replace it. Import the data without a target to choose another.", requested);
        if (data.Target is null && options.Target is { } name)
        {
            var col = data.GetColumn(name) ?? throw new DeepStatsException(ErrorIds.TargetColumnNotFound, FailureKind.ObjectNotFound,
                $"The target column '{name}' is not in the data; columns: {string.Join(", ", data.Columns.Select(c => c.Name))}.", name);
            features.Remove(col);
            if (col is NumericColumn nc) numericTarget = nc;
            else if (col is CategoricalColumn cc) classTarget = TargetColumn.FromCategorical(cc);
        }

        var all = new List<DataColumn>(features);
        if (numericTarget is not null) all.Add(numericTarget);
        var summaries = new object[all.Count];
        // Order statistics need a copy of one column. Each worker reuses one buffer of exactly a column's length, and there
        // are only as many workers as buffers fitting in 10% of the payload (columns in turn when memory is short), so the
        // peak stays under 1.15x the float64 payload (issue 9; pooled buffers, rounded up to a power of two and cached per
        // thread, made it 1.45x).
        int rows = all.Count == 0 ? 0 : all[0].Length;
        long payload = all.Sum(c => c is NumericColumn ? 8L * c.Length : 4L * c.Length);
        long columnBytes = 8L * Math.Max(1, rows);
        int workers = columnBytes * Environment.ProcessorCount <= 64L << 20
            ? Environment.ProcessorCount
            : (int)Math.Clamp(payload / 10 / columnBytes, 1, Environment.ProcessorCount);
        workers = Math.Max(1, Math.Min(workers, all.Count));
        int next = -1;
        void Work()
        {
            double[]? buffer = null;
            int i;
            while ((i = Interlocked.Increment(ref next)) < all.Count)
            {
                string role = ReferenceEquals(all[i], numericTarget) ? "Target" : "Feature";
                summaries[i] = all[i] switch
                {
                    NumericColumn n => NumericSummary.Compute(n.Name, n.Values, level, role, buffer ??= GC.AllocateUninitializedArray<double>(Math.Max(1, rows))),
                    CategoricalColumn c => CategorySummary.Compute(c.Name, c.Codes, c.Levels, level, role),
                    _ => throw new InvalidOperationException("Unknown column kind " + all[i].GetType().Name),
                };
            }
        }
        if (workers == 1) Work();
        else Parallel.For(0, workers, new ParallelOptions { MaxDegreeOfParallelism = workers }, _ => Work());
        var numeric = summaries.OfType<NumericSummary>().ToList();
        var categorical = summaries.OfType<CategorySummary>().ToList();
        if (classTarget is not null)
            categorical.Add(CategorySummary.Compute(classTarget.Name, classTarget.Labels, classTarget.Classes, level, "Target"));

        var matrices = new List<CorrelationMatrix>();
        var associations = new List<TargetAssociation>();
        if (options.Correlation)
        {
            var numCols = features.OfType<NumericColumn>().ToList();
            if (numericTarget is not null) numCols.Add(numericTarget);
            var names = numCols.Select(c => c.Name).ToArray();
            var values = numCols.Select(c => c.Values).ToArray();
            if (numCols.Count >= 2)
            {
                matrices.Add(Correlation.Matrix(Correlation.PearsonName, names, values));
                matrices.Add(Correlation.Matrix(Correlation.SpearmanName, names, values));
            }
            var numFeatures = features.OfType<NumericColumn>().ToArray();
            var assoc = new TargetAssociation[numFeatures.Length];
            if (classTarget is not null)
                Parallel.For(0, numFeatures.Length, i => assoc[i] = Anova(numFeatures[i], classTarget));
            else if (numericTarget is not null)
                Parallel.For(0, numFeatures.Length, i => assoc[i] = PearsonWith(numFeatures[i], numericTarget));
            if (classTarget is not null || numericTarget is not null) associations.AddRange(assoc);
        }
        return new(numeric, categorical, matrices, associations);
    }

    /// <summary>The memory <see cref="ComputeFile"/> gives one pass by default: a quarter of what the process may use, at most 1 GiB.</summary>
    public static long DefaultFileBudget() => Math.Min(MemoryBudget.DefaultLimit() / 4, 1L << 30);

    /// <summary>
    /// Statistics of a delimited file without holding its table: the columns are read in groups (the CSV reader's own
    /// parsing and typing rules, through <see cref="CsvDatasetReader.Read(string, CsvImportOptions?)"/> with
    /// -Include), as many per pass over the file as fit in <paramref name="memoryBudgetBytes"/> (default
    /// <see cref="DefaultFileBudget"/>) with the one reused order-statistics buffer; each group is summarised and let
    /// go before the next is read. A first quick pass counts the lines to size the groups. The results are those of
    /// <see cref="Compute"/> on the imported dataset, column for column (no correlations: they need the columns together).
    /// <paramref name="target"/> only marks that column's summary as the target.
    /// </summary>
    public static DatasetStatisticsResult ComputeFile(string path, CsvImportOptions csv, double confidenceLevel = 0.95, string? target = null,
        long? memoryBudgetBytes = null, Action<string>? log = null)
    {
        if (!(confidenceLevel > 0 && confidenceLevel < 1))
            throw new DeepStatsException(ErrorIds.InvalidConfidenceLevel, FailureKind.InvalidArgument,
                $"The confidence level must be between 0 and 1 (exclusive); got {confidenceLevel}.", confidenceLevel);
        var headers = CsvDatasetReader.ReadHeaderNames(path, csv);
        int targetIndex = -1;
        if (!string.IsNullOrEmpty(target))
        {
            targetIndex = headers.ToList().FindIndex(h => string.Equals(h, target, StringComparison.OrdinalIgnoreCase));
            if (targetIndex < 0)
                throw new DeepStatsException(ErrorIds.TargetColumnNotFound, FailureKind.ObjectNotFound,
                    $"Target column '{target}' is not in '{path}'. Its columns are: {string.Join(", ", headers)}.", target);
        }
        var keep = ColumnSelector.Select(headers, csv.Include, csv.Exclude, targetIndex, path);
        var wanted = Enumerable.Range(0, headers.Count).Where(j => keep[j] || j == targetIndex).Select(j => headers[j]).ToList();
        bool gzip;
        long length;
        using (var f = File.OpenRead(path)) { gzip = CsvDatasetReader.IsGzip(f); length = f.Length; }
        // rows: the line count of a plain file; for gzip a generous bound (10x compression, 2 bytes a field)
        long rows = gzip ? Math.Max(1, length * 10 / Math.Max(1, 2 * headers.Count)) : Math.Max(1, CsvDatasetReader.DataLineBound(path, csv.Header is null));
        long budget = memoryBudgetBytes ?? DefaultFileBudget();
        int perGroup = (int)Math.Clamp(budget / (8 * rows) - 1, 1, Math.Max(1, wanted.Count));
        var groups = wanted.Select((name, i) => (name, i)).GroupBy(x => x.i / perGroup, x => x.name).Select(g => g.ToList()).ToList();
        log?.Invoke($"Statistics of '{path}' without loading it: {wanted.Count} column(s) in {groups.Count} pass(es) of up to {perGroup} " +
                    $"(about {rows:N0} rows, {8 * rows * perGroup / (1024.0 * 1024):N0} MiB a pass; budget {budget / (1024.0 * 1024):N0} MiB).");
        var numeric = new List<NumericSummary>();
        var categorical = new List<CategorySummary>();
        for (int g = 0; g < groups.Count; g++)
        {
            var group = groups[g];
            var r = SummariseGroup(path, csv with
            {
                Include = group, Exclude = Array.Empty<string>(), Target = null, TargetKind = null,
                Log = g == 0 ? csv.Log : null,
            }, confidenceLevel);
            // a name with wildcard characters may bring others along: keep only the group's own columns
            bool Mine(string column) => group.Contains(column, StringComparer.OrdinalIgnoreCase);
            string Role(string column) => targetIndex >= 0 && string.Equals(column, headers[targetIndex], StringComparison.OrdinalIgnoreCase) ? "Target" : "Feature";
            numeric.AddRange(r.Numeric.Where(s => Mine(s.Column)).Select(s => s with { Role = Role(s.Column) }));
            categorical.AddRange(r.Categorical.Where(s => Mine(s.Column)).Select(s => s with { Role = Role(s.Column) }));
            log?.Invoke($"Pass {g + 1}/{groups.Count}: {string.Join(", ", group)}.");
            // the group's columns are garbage now, but large arrays wait for a full collection: without it the next
            // pass's columns would be allocated beside them and the peak would be two groups instead of one
            if (g + 1 < groups.Count) GC.Collect(2, GCCollectionMode.Forced, blocking: true);
        }
        int Order(string column) => wanted.FindIndex(w => string.Equals(w, column, StringComparison.OrdinalIgnoreCase));
        return new(numeric.OrderBy(s => Order(s.Column)).ToList(), categorical.OrderBy(s => Order(s.Column)).ToList(), [], []);
    }

    /// <summary>
    /// Reads one group of columns and summarises it. A method of its own, not inlined, so the group's dataset lives only
    /// in this frame: unoptimised (tier-0) code keeps call temporaries alive for the whole calling method, which held
    /// the previous group in memory while the next was read (two groups at the peak instead of one).
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static DatasetStatisticsResult SummariseGroup(string path, CsvImportOptions csv, double confidenceLevel) =>
        Compute(CsvDatasetReader.Read(path, csv), new StatisticsOptions { ConfidenceLevel = confidenceLevel });

    private static TargetAssociation Anova(NumericColumn feature, TargetColumn target)
    {
        var a = OneWayAnova.Compute(feature.Values, target.Labels, target.ClassCount);
        var undefined = new List<string>();
        if (double.IsNaN(a.F))
            undefined.Add(a.BetweenDf < 1 ? "F, PValue: fewer than 2 classes have values"
                : a.WithinDf < 1 ? "F, PValue: no within-class degrees of freedom (one row per class)"
                : "F, PValue: no variation within classes (within mean square 0)");
        return new TargetAssociation
        {
            Column = feature.Name, Target = target.Name, Method = "One-way ANOVA", Count = a.Count,
            Statistic = a.F, DfNumerator = a.BetweenDf, DfDenominator = a.WithinDf, PValue = a.PValue,
            EffectSize = a.RSquared, Test = "F(k - 1, n - k); effect eta²", Undefined = undefined,
        };
    }

    private static TargetAssociation PearsonWith(NumericColumn feature, NumericColumn target)
    {
        var (r, n) = Correlation.Pearson(feature.Values, target.Values);
        var undefined = new List<string>();
        if (double.IsNaN(r)) undefined.Add("Statistic (r), PValue: fewer than 2 complete rows or a constant variable");
        else if (n < 3) undefined.Add("PValue: needs at least 3 complete rows");
        return new TargetAssociation
        {
            Column = feature.Name, Target = target.Name, Method = "Pearson", Count = n, Statistic = r,
            DfNumerator = 1, DfDenominator = Math.Max(0, n - 2), PValue = Correlation.PValue(r, n),
            EffectSize = r * r, Test = "two-sided t, n - 2 df; effect r²", Undefined = undefined,
        };
    }
}
