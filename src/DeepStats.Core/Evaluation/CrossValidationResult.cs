using System.Security.Cryptography;
using System.Text.Json;
using DeepStats.Core.Data;
using DeepStats.Core.Models;
using DeepStats.Core.Training;

namespace DeepStats.Core.Evaluation;

/// <summary>One fold of a cross-validation: which repeat and fold, its rows, its metrics on its test rows, its time.</summary>
public sealed record CrossValidationFold
{
    public int Repeat { get; init; }
    /// <summary>1-based fold number within the repeat.</summary>
    public int Fold { get; init; }
    public int TrainRows { get; init; }
    public int TestRows { get; init; }
    /// <summary>The name of the first summary metric (Accuracy, or RMSE for a numeric target); <see cref="Score"/> is its value on the test rows.</summary>
    public required string Metric { get; init; }
    public double Score { get; init; }
    /// <summary>Every metric of <see cref="MetricCatalog.FoldMetrics"/> by name (Accuracy with its Wilson bounds, BalancedAccuracy, MacroF1, LogLoss, Brier, ExpectedCalibrationError, Auc; RMSE, MAE, RSquared, Bias, MAPE).</summary>
    public required IReadOnlyDictionary<string, double> Metrics { get; init; }
    /// <summary>The full report on the test rows: a ClassificationReport or a RegressionReport.</summary>
    public required object Report { get; init; }
    /// <summary>The fold's out-of-fold predictions.</summary>
    public required PredictionSet Predictions { get; init; }
    public int Epochs { get; init; }
    /// <summary>Wall-clock seconds of the fold: preprocessing refit, training and scoring.</summary>
    public double Seconds { get; init; }
}

/// <summary>A metric over the finished folds: mean, sd and the Nadeau-Bengio corrected interval of the mean.</summary>
public sealed record CrossValidationSummary(
    string Metric,
    bool HigherIsBetter,
    int Folds,
    double Mean,
    double StandardDeviation,
    double StandardError,
    double Lower,
    double Upper,
    double ConfidenceLevel,
    double TestTrainRatio,
    string Method)
{
    public override string ToString() =>
        $"{Metric} {Mean:G4} (sd {StandardDeviation:G3} over {Folds} folds; {ConfidenceLevel:P0} interval {Lower:G4} - {Upper:G4}, Nadeau-Bengio corrected)";
}

/// <summary>
/// What Invoke-CrossValidation returns: the fold plan, one record per finished fold, the summary of
/// each metric over them (mean, sd, Nadeau-Bengio corrected interval), and the pooled out-of-fold
/// predictions with a report on them. Pieces run separately (-Fold) are joined with
/// <see cref="Join"/>, which refuses pieces from another plan or another configuration.
/// </summary>
public sealed class CrossValidationResult
{
    private CrossValidationResult(FoldPlan plan, string configuration, string modelKind, TrainingOptions options, TargetKind kind,
        IReadOnlyList<string> classes, IReadOnlyList<CrossValidationFold> folds, IReadOnlyList<int> requested, bool completed, double level)
    {
        Plan = plan;
        Configuration = configuration;
        ModelKind = modelKind;
        TrainingOptions = options;
        TargetKind = kind;
        Classes = classes;
        Folds = folds;
        RequestedFolds = requested;
        Completed = completed;
        ConfidenceLevel = level;
        int total = plan.Folds * plan.Repeats;
        CoversPlan = folds.Count == total;

        double ratio = folds.Count == 0 ? double.NaN : folds.Average(f => (double)f.TestRows) / folds.Average(f => (double)f.TrainRows);
        Summary = folds.Count == 0 ? Array.Empty<CrossValidationSummary>() : MetricCatalog.Summarised(kind).Select(info =>
        {
            string m = info.Name;
            var c = CorrectedResampledT.Interval(folds.Select(f => f.Metrics[m]).ToArray(), ratio, level);
            var (lo, hi) = (info.Lower, info.Upper);
            return new CrossValidationSummary(m, info.HigherIsBetter, c.Count, c.Mean, c.StandardDeviation, c.StandardError,
                Math.Max(lo, c.Lower), Math.Min(hi, c.Upper), level, ratio, CorrectedResampledT.Method + (double.IsFinite(lo) || double.IsFinite(hi) ? ", clipped to the metric's range" : ""));
        }).ToArray();
        Predictions = Pool(kind, classes, folds);
        if (folds.Count > 0)
        {
            int first = folds.Min(f => f.Repeat);
            var once = folds.Where(f => f.Repeat == first).ToArray();
            var set = Pool(kind, classes, once);
            // the one scorer Test-Model uses, on the out-of-fold prediction set: every metric (AUC, log-loss, ...) with its conventions
            Pooled = kind == TargetKind.Regression && set.Count < 2 ? null : ModelEvaluator.Score(set, level);
            PooledScope = $"repeat {first}, folds {string.Join(", ", once.Select(f => f.Fold))}: {set.Count} rows, each predicted once by the model that did not train on it" +
                (plan.Repeats > 1 ? " (other repeats are in Predictions; pooling them would count rows twice)" : "");
        }
        else PooledScope = "no fold finished";
    }

    public FoldPlan Plan { get; }
    /// <summary>Fingerprint (SHA-256, 16 hex digits) of the model spec and training options: pieces join only when it agrees.</summary>
    public string Configuration { get; }
    public string ModelKind { get; }
    public TrainingOptions TrainingOptions { get; }
    public TargetKind TargetKind { get; }
    public IReadOnlyList<string> Classes { get; }
    /// <summary>The finished folds, by repeat, then fold.</summary>
    public IReadOnlyList<CrossValidationFold> Folds { get; }
    /// <summary>The fold numbers (within each repeat) that were asked for.</summary>
    public IReadOnlyList<int> RequestedFolds { get; }
    /// <summary>False when the run was stopped (Ctrl+C) before every requested fold finished: the finished ones are kept.</summary>
    public bool Completed { get; }
    /// <summary>True when every fold of every repeat of the plan is here.</summary>
    public bool CoversPlan { get; }
    public double ConfidenceLevel { get; }
    /// <summary>Per metric (the first is the one Compare-Model uses): mean, sd and corrected interval over the finished folds.</summary>
    public IReadOnlyList<CrossValidationSummary> Summary { get; }
    /// <summary>All out-of-fold predictions, by repeat, then row (Folds and Repeats filled).</summary>
    public PredictionSet Predictions { get; }
    /// <summary>The report Test-Model would give (a ClassificationReport or RegressionReport, same scorer) on the out-of-fold predictions of one repeat: see <see cref="PooledScope"/>.</summary>
    public object? Pooled { get; }
    public string PooledScope { get; }
    public double Seconds => Folds.Sum(f => f.Seconds);

    internal static CrossValidationResult Create(FoldPlan plan, ModelSpec? spec, TrainingOptions options, Dataset data,
        IEnumerable<CrossValidationFold> folds, IReadOnlyList<int> requested, bool completed, double level) =>
        new(plan, ConfigurationOf(spec, options, level), spec?.Kind ?? "default for the data", options, data.Target!.Kind,
            data.Target.Classes, Order(folds), requested, completed, level);

    /// <summary>Fingerprint of what trains each fold: the spec's JSON (or "default"), the training configuration
    /// (<see cref="TrainingOptions.ConfigurationJson"/>: every option but -ThreadCount) and the confidence level.</summary>
    internal static string ConfigurationOf(ModelSpec? spec, TrainingOptions options, double level)
    {
        var text = (spec?.ToJson() ?? "default") + "\n" + options.ConfigurationJson() + "\n" + level.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
        return Convert.ToHexString(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text)))[..16].ToLowerInvariant();
    }

    private static CrossValidationFold[] Order(IEnumerable<CrossValidationFold> folds) => folds.OrderBy(f => f.Repeat).ThenBy(f => f.Fold).ToArray();

    /// <summary>
    /// One result from pieces of the same plan and configuration (for example folds run in separate
    /// jobs with -Fold): their folds together, the summary and pooled predictions recomputed, exactly as
    /// one run would give them. Refuses pieces from another plan or configuration, and a fold given twice.
    /// </summary>
    public static CrossValidationResult Join(IEnumerable<CrossValidationResult> pieces)
    {
        var list = pieces.ToArray();
        if (list.Length == 0) throw new ArgumentException("Nothing to join.", nameof(pieces));
        var first = list[0];
        foreach (var p in list.Skip(1))
        {
            if (first.Plan.DifferenceFrom(p.Plan) is { } why)
                throw new DeepStatsException(ErrorIds.CrossValidationPlanMismatch, FailureKind.InvalidArgument,
                    $"Cannot join cross-validation pieces from different fold plans ({why}; plans {first.Plan.Id} and {p.Plan.Id}). Run every piece with the same data, -Folds, -Repeat, -GroupBy and -Seed.", p);
            // the one "same configuration" rule (checkpoints use it too): -ThreadCount is never part of a configuration
            var options = first.TrainingOptions.DifferenceFrom(p.TrainingOptions);
            if (p.Configuration != first.Configuration || options is not null)
                throw new DeepStatsException(ErrorIds.CrossValidationConfigurationMismatch, FailureKind.InvalidArgument,
                    $"Cannot join cross-validation pieces trained differently (configuration {first.Configuration} vs {p.Configuration}: " +
                    (options is null ? "the model or the confidence level differs" : $"training options differ: {options}") +
                    "). Run every piece with the same -Model and training parameters.", p);
        }
        var folds = list.SelectMany(p => p.Folds).ToArray();
        var dup = folds.GroupBy(f => (f.Repeat, f.Fold)).FirstOrDefault(g => g.Count() > 1);
        if (dup is not null)
            throw new DeepStatsException(ErrorIds.CrossValidationDuplicateFold, FailureKind.InvalidArgument,
                $"Fold {dup.Key.Fold} of repeat {dup.Key.Repeat} is in more than one piece; each fold may be joined once.", dup.Key);
        var requested = list.SelectMany(p => p.RequestedFolds).Distinct().Order().ToArray();
        return new CrossValidationResult(first.Plan, first.Configuration, first.ModelKind, first.TrainingOptions, first.TargetKind, first.Classes,
            Order(folds), requested, list.All(p => p.Completed), first.ConfidenceLevel);
    }

    /// <summary>The folds' prediction sets as one, ordered by repeat, then row.</summary>
    private static PredictionSet Pool(TargetKind kind, IReadOnlyList<string> classes, IReadOnlyList<CrossValidationFold> folds)
    {
        var entries = folds.SelectMany(f => Enumerable.Range(0, f.Predictions.Count).Select(i => (f.Predictions, i, f.Repeat,
            Row: int.Parse(f.Predictions.RowIds[i], System.Globalization.CultureInfo.InvariantCulture)))).OrderBy(e => e.Repeat).ThenBy(e => e.Row).ToArray();
        T[]? Take<T>(Func<PredictionSet, T[]?> pick) => entries.Length == 0 || pick(entries[0].Predictions) is null ? null : entries.Select(e => pick(e.Predictions)![e.i]).ToArray();
        return new PredictionSet
        {
            Kind = kind,
            Classes = classes,
            RowIds = entries.Select(e => e.Predictions.RowIds[e.i]).ToArray(),
            TruthLabels = Take(p => p.TruthLabels),
            PredictedLabels = Take(p => p.PredictedLabels),
            Probabilities = Take(p => p.Probabilities),
            TruthValues = Take(p => p.TruthValues),
            PredictedValues = Take(p => p.PredictedValues),
            Folds = Take(p => p.Folds) ?? Array.Empty<int>(),
            Repeats = Take(p => p.Repeats) ?? Array.Empty<int>(),
        };
    }

    public override string ToString() => Summary.Count == 0
        ? $"Cross-validation: no fold finished ({Plan})"
        : $"{Summary[0]}; {Folds.Count} of {Plan.Folds * Plan.Repeats} folds{(Completed ? "" : " (stopped)")}";
}
