using DeepStats.Core.Data;
using DeepStats.Core.Models;
using DeepStats.Core.Preprocessing;
using DeepStats.Core.Training;

namespace DeepStats.Core.Evaluation;

/// <summary>How to search: strategy, trials, seeds per trial, the one fold plan, the selection rule, nested cross-validation.</summary>
public sealed record SearchOptions
{
    public SearchStrategy Strategy { get; init; } = SearchStrategy.Grid;
    /// <summary>Draws of a random search (a grid runs every combination).</summary>
    public int Trials { get; init; } = 10;
    /// <summary>Seed of the random draws and of the fold plan; null to use the training seed.</summary>
    public int? Seed { get; init; }
    /// <summary>Trainings per trial and fold, with training seeds Seed, Seed + 1, ...: a fold's value is their mean.</summary>
    public int Repeats { get; init; } = 1;
    public int Folds { get; init; } = 5;
    public bool Stratify { get; init; } = true;
    public string? GroupBy { get; init; }
    /// <summary>The metric trials are judged on; null for the first summary metric (Accuracy, RMSE).</summary>
    public string? Metric { get; init; }
    public double Alpha { get; init; } = 0.05;
    public PValueAdjustment Adjustment { get; init; } = PValueAdjustment.Bonferroni;
    public double ConfidenceLevel { get; init; } = 0.95;
    /// <summary>The trial each outer fold of a nested cross-validation takes forward.</summary>
    public SearchChoice Choice { get; init; } = SearchChoice.Best;
    /// <summary>Outer folds of a nested cross-validation (the whole search repeated inside each); 0 for none.</summary>
    public int OuterFolds { get; init; }
}

/// <summary>A trial about to start (1-based of count); <see cref="OuterFold"/> is 0 in the main search, else the nested fold it belongs to.</summary>
public readonly record struct TrialStarting(int Trial, int Count, TrialSettings Settings, int OuterFold);

/// <summary>What a search reports while it runs, on the calling thread.</summary>
public sealed class SearchEvents
{
    public Action<TrialStarting>? TrialStarting { get; init; }
    public Action<SearchTrial>? TrialFinished { get; init; }
    /// <summary>The folds and epochs of each trial's cross-validation.</summary>
    public CrossValidationEvents? Folds { get; init; }
}

/// <summary>One configuration of a search: its settings, its cross-validation (one per training seed), its per-fold values and their corrected interval, and how it fared against the best.</summary>
public sealed record SearchTrial
{
    /// <summary>1-based, in the order the trials ran.</summary>
    public int Number { get; init; }
    public required TrialSettings Settings { get; init; }
    public required string Metric { get; init; }
    public bool HigherIsBetter { get; init; }
    /// <summary>Per fold of the plan (by repeat, then fold), the mean over the trial's training seeds.</summary>
    public required IReadOnlyList<double> FoldScores { get; init; }
    public double Mean { get; init; }
    public double StandardDeviation { get; init; }
    /// <summary>The Nadeau-Bengio corrected standard error of <see cref="Mean"/>.</summary>
    public double StandardError { get; init; }
    public double Lower { get; init; }
    public double Upper { get; init; }
    public double ConfidenceLevel { get; init; }
    /// <summary>The mean over folds of the sample standard deviation across training seeds (NaN with one seed).</summary>
    public double SeedStandardDeviation { get; init; }
    /// <summary>One cross-validation per training seed, on the search's fold plan.</summary>
    public required IReadOnlyList<CrossValidationResult> Runs { get; init; }
    public bool IsBest { get; init; }
    public bool IsOneStandardError { get; init; }
    /// <summary>True for the best and for every trial the selection rule does not find significantly worse.</summary>
    public bool NotSignificantlyWorse { get; init; }
    /// <summary>This trial against the best; null for the best.</summary>
    public TrialComparison? Comparison { get; init; }
    public double Seconds => Runs.Sum(r => r.Seconds);

    public override string ToString() => $"Trial {Number} ({Settings}): {Metric} {Mean:G4} ({ConfidenceLevel:P0} interval {Lower:G4} - {Upper:G4})";
}

/// <summary>One outer fold of a nested cross-validation: the trial the inner search chose and its score on the outer test rows.</summary>
public sealed record NestedSearchFold(int Fold, int TrainRows, int TestRows, TrialSettings Chosen, double Score, CrossValidationFold Record);

/// <summary>Nested cross-validation of the whole search: the outer folds and the corrected interval of their scores (an estimate of the selected configuration's performance that the selection has not seen).</summary>
public sealed record NestedSearchEstimate(string Metric, IReadOnlyList<NestedSearchFold> Folds, CorrectedMean Estimate, SearchChoice Choice, FoldPlan Plan, bool Completed)
{
    public override string ToString() => $"Nested {Plan.Folds}-fold estimate of the search ({Choice}): {Metric} {Estimate.Mean:G4} ({Estimate.Level:P0} interval {Estimate.Lower:G4} - {Estimate.Upper:G4}) over {Folds.Count} outer fold(s)";
}

/// <summary>What Invoke-HyperparameterSearch returns.</summary>
public sealed class SearchResult
{
    internal SearchResult(FoldPlan plan, SearchSpace space, SearchOptions options, ModelSpec? spec, TrainingOptions training,
        string metric, bool higherIsBetter, IReadOnlyList<SearchTrial> trials, SearchSelectionResult? selection, bool completed, int planned)
    {
        Plan = plan; Space = space; Options = options; BaseModel = spec; BaseTrainingOptions = training;
        Metric = metric; HigherIsBetter = higherIsBetter; Trials = trials; Selection = selection; Completed = completed; PlannedTrials = planned;
    }

    /// <summary>The one fold plan every trial was cross-validated on (so trials are paired fold by fold).</summary>
    public FoldPlan Plan { get; }
    public SearchSpace Space { get; }
    public SearchOptions Options { get; }
    /// <summary>The fixed base: the network and training options every trial starts from.</summary>
    public ModelSpec? BaseModel { get; }
    public TrainingOptions BaseTrainingOptions { get; }
    public string Metric { get; }
    public bool HigherIsBetter { get; }
    /// <summary>The finished trials, in the order they ran.</summary>
    public IReadOnlyList<SearchTrial> Trials { get; }
    public int PlannedTrials { get; }
    /// <summary>The selection rule's result; null when no trial finished.</summary>
    public SearchSelectionResult? Selection { get; }
    /// <summary>False when stopped (Ctrl+C) before every trial finished: the finished trials are kept.</summary>
    public bool Completed { get; internal set; }
    public SearchTrial? Best => Selection is null ? null : Trials[Selection.Best - 1];
    public SearchTrial? OneStandardError => Selection is null ? null : Trials[Selection.OneStandardError - 1];
    public IReadOnlyList<SearchTrial> NotSignificantlyWorse => Trials.Where(t => t.NotSignificantlyWorse).ToArray();
    /// <summary>Nested cross-validation of the whole search (-OuterFolds); null without it.</summary>
    public NestedSearchEstimate? Nested { get; internal set; }
    /// <summary>The model trained on all rows with the chosen configuration (-Final); null without it.</summary>
    public TrainedModel? FinalModel { get; internal set; }
    public double Seconds => Trials.Sum(t => t.Seconds) + (Nested?.Folds.Sum(f => f.Record.Seconds) ?? 0);

    /// <summary>The network and training options of the chosen trial (the training seed the base's).</summary>
    public (ModelSpec? Spec, TrainingOptions Options) Configuration(SearchChoice choice)
    {
        var trial = (choice == SearchChoice.Best ? Best : OneStandardError) ?? throw new DeepStatsException(ErrorIds.CrossValidationNothingToCompare,
            FailureKind.InvalidOperation, "No trial of the search finished, so there is no configuration to choose. Run the search again (or let it finish).", this);
        return SearchSpace.Apply(trial.Settings, BaseModel, BaseTrainingOptions);
    }

    public override string ToString() => Best is not { } best
        ? $"Hyperparameter search: no trial finished ({Plan})"
        : $"Best of {Trials.Count} trial(s){(Completed ? "" : " (stopped)")}: trial {best.Number} ({best.Settings}), {Metric} {best.Mean:G4} " +
          $"({best.ConfidenceLevel:P0} interval {best.Lower:G4} - {best.Upper:G4}); {NotSignificantlyWorse.Count} not significantly worse; one-standard-error choice: trial {OneStandardError!.Number}";
}

/// <summary>
/// Hyperparameter search with honest selection. Every trial (a setting of the searched parameters on the fixed base) is
/// cross-validated on one fold plan (<see cref="CrossValidator.Run(Dataset, FoldPlan, ModelSpec?, TrainingOptions, IReadOnlyList{int}?, double, CrossValidationEvents?, CancellationToken)"/>),
/// so trials are paired fold by fold; with Repeats &gt; 1 each trial trains on every fold with training seeds
/// Seed .. Seed + Repeats - 1 and a fold's value is their mean. The selection rule is <see cref="SearchSelection"/>. With
/// OuterFolds the whole search (plan, trials, selection) is repeated on the training rows of each outer fold and the chosen
/// trial, trained on those rows, is scored on the outer test rows, which no part of the selection saw. Cancelling stops between
/// batches: the trial being run is dropped and the finished ones are returned.
/// </summary>
public static class HyperparameterSearch
{
    public static SearchResult Run(Dataset data, ModelSpec? spec, TrainingOptions training, SearchSpace space, SearchOptions search,
        SearchEvents? events = null, CancellationToken cancel = default)
    {
        var result = Search(data, spec, training, space, search, outerFold: 0, events, cancel);
        if (search.OuterFolds >= 2 && result.Completed)
            result.Nested = Nested(data, spec, training, space, search, events, cancel);
        if (result.Nested is { Completed: false }) result.Completed = false;
        return result;
    }

    /// <summary>Trains the <paramref name="choice"/> configuration on all rows of <paramref name="data"/> (the search's data), as
    /// Start-Training would with those parameters, and keeps it in <see cref="SearchResult.FinalModel"/>.</summary>
    public static TrainedModel TrainFinal(SearchResult result, Dataset data, SearchChoice choice, Action<TrainingProgress>? onBatch, CancellationToken cancel)
    {
        result.Plan.CheckData(data);
        var (spec, options) = result.Configuration(choice);
        result.FinalModel = new Trainer(options) { OnBatch = onBatch }.Fit(data, spec, cancel);
        return result.FinalModel;
    }

    private static SearchResult Search(Dataset data, ModelSpec? spec, TrainingOptions training, SearchSpace space, SearchOptions search,
        int outerFold, SearchEvents? events, CancellationToken cancel)
    {
        training.Validate();
        CrossValidator.CheckData(data);
        if (search.Repeats < 1)
            throw new DeepStatsException(ErrorIds.InvalidSearchSpace, FailureKind.InvalidArgument, $"A search needs at least 1 training seed per trial; got {search.Repeats}.", search.Repeats);
        if (search.OuterFolds is 1 or < 0)
            throw new DeepStatsException(ErrorIds.InvalidFoldCount, FailureKind.InvalidArgument, $"Nested cross-validation needs at least 2 outer folds (0 for none); got {search.OuterFolds}.", search.OuterFolds);
        if (search.ConfidenceLevel is <= 0 or >= 1 || double.IsNaN(search.ConfidenceLevel))
            throw new DeepStatsException(ErrorIds.InvalidConfidenceLevel, FailureKind.InvalidArgument, $"The confidence level must be between 0 and 1; got {search.ConfidenceLevel}.", search.ConfidenceLevel);
        var info = MetricCatalog.Comparable(search.Metric ?? MetricCatalog.Summarised(data.Target!.Kind)[0].Name);
        if (!MetricCatalog.FoldMetrics(data.Target!.Kind).Contains(info))
            throw new DeepStatsException(ErrorIds.UnknownMetric, FailureKind.InvalidArgument,
                $"Metric '{info.Name}' is not recorded for a {data.Target.Kind} target's folds; use one of {string.Join(", ", MetricCatalog.FoldMetrics(data.Target.Kind).Where(m => m.Direction != MetricDirection.None).Select(m => m.Name))}.", info.Name);
        int seed = search.Seed ?? training.Seed;
        var plan = FoldPlan.Create(data, search.Folds, 1, seed, search.Stratify, search.GroupBy);
        var settings = space.Trials(search.Strategy, search.Trials, seed);
        // every trial's options are checked before the first one trains, so a bad value fails at once, not after hours
        var configurations = settings.Select(s => SearchSpace.Apply(s, spec, training)).ToArray();

        var trials = new List<SearchTrial>();
        bool completed = true;
        for (int t = 0; t < settings.Count && completed; t++)
        {
            if (cancel.IsCancellationRequested) { completed = false; break; }
            events?.TrialStarting?.Invoke(new TrialStarting(t + 1, settings.Count, settings[t], outerFold));
            var runs = new List<CrossValidationResult>();
            for (int s = 0; s < search.Repeats; s++)
            {
                var (trialSpec, trialOptions) = configurations[t];
                var run = CrossValidator.Run(data, plan, trialSpec, trialOptions with { Seed = unchecked(training.Seed + s) }, null, search.ConfidenceLevel, events?.Folds, cancel);
                if (!run.Completed) { completed = false; break; }
                runs.Add(run);
            }
            if (!completed) break;
            var trial = Summarise(t + 1, settings[t], runs, info, search.ConfidenceLevel);
            trials.Add(trial);
            events?.TrialFinished?.Invoke(trial);
        }
        if (trials.Count == 0)
            return new SearchResult(plan, space, search, spec, training, info.Name, info.HigherIsBetter, trials, null, completed, settings.Count);
        var ratio = TestTrainRatio(trials[0].Runs[0]);
        var selection = SearchSelection.Select(trials.Select(x => x.FoldScores.ToArray()).ToArray(), trials.Select(x => space.Complexity(x.Settings)).ToArray(),
            ratio, info.HigherIsBetter, search.Alpha, search.Adjustment, search.ConfidenceLevel);
        var judged = trials.Select(x => x with
        {
            IsBest = x.Number == selection.Best,
            IsOneStandardError = x.Number == selection.OneStandardError,
            NotSignificantlyWorse = selection.NotSignificantlyWorse.Contains(x.Number),
            Comparison = selection.Comparisons.FirstOrDefault(c => c.Trial == x.Number),
        }).ToArray();
        return new SearchResult(plan, space, search, spec, training, info.Name, info.HigherIsBetter, judged, selection, completed, settings.Count);
    }

    private static SearchTrial Summarise(int number, TrialSettings settings, IReadOnlyList<CrossValidationResult> runs, MetricInfo info, double level)
    {
        int folds = runs[0].Folds.Count;
        var perSeed = runs.Select(r => r.Folds.Select(f => f.Metrics[info.Name]).ToArray()).ToArray();
        var scores = Enumerable.Range(0, folds).Select(k => Statistics.Moments.Compute(perSeed.Select(s => s[k]).ToArray())).ToArray();
        var c = CorrectedResampledT.Interval(scores.Select(m => m.Mean).ToArray(), TestTrainRatio(runs[0]), level);
        return new SearchTrial
        {
            Number = number, Settings = settings, Metric = info.Name, HigherIsBetter = info.HigherIsBetter,
            FoldScores = scores.Select(m => m.Mean).ToArray(),
            Mean = c.Mean, StandardDeviation = c.StandardDeviation, StandardError = c.StandardError,
            Lower = Math.Max(info.Lower, c.Lower), Upper = Math.Min(info.Upper, c.Upper), ConfidenceLevel = level,
            SeedStandardDeviation = runs.Count < 2 ? double.NaN : scores.Average(m => Math.Sqrt(m.SampleVariance)),
            Runs = runs,
        };
    }

    /// <summary>n_test/n_train of a cross-validation, as its summary computes it.</summary>
    private static double TestTrainRatio(CrossValidationResult run) =>
        run.Folds.Average(f => (double)f.TestRows) / run.Folds.Average(f => (double)f.TrainRows);

    private static NestedSearchEstimate Nested(Dataset data, ModelSpec? spec, TrainingOptions training, SearchSpace space, SearchOptions search,
        SearchEvents? events, CancellationToken cancel)
    {
        var info = MetricCatalog.Comparable(search.Metric ?? MetricCatalog.Summarised(data.Target!.Kind)[0].Name);
        var outer = FoldPlan.Create(data, search.OuterFolds, 1, search.Seed ?? training.Seed, search.Stratify, search.GroupBy);
        var raw = data.Raw ?? data.View();
        var folds = new List<NestedSearchFold>();
        bool completed = true;
        for (int f = 1; f <= outer.Folds && completed; f++)
        {
            var trainRows = outer.TrainRows(1, f);
            var testRows = outer.TestRows(1, f);
            // the whole search on the outer training rows: its plan, trials and selection never see the outer test rows
            var inner = Search(data.Select(trainRows), spec, training, space, search with { OuterFolds = 0 }, f, events, cancel);
            if (!inner.Completed) { completed = false; break; }
            var chosen = search.Choice == SearchChoice.Best ? inner.Best! : inner.OneStandardError!;
            var (s, o) = inner.Configuration(search.Choice);
            var record = CrossValidator.RunFold(data, raw, trainRows, testRows, 1, f, s, o, search.ConfidenceLevel, events?.Folds, f, outer.Folds, cancel);
            if (record is null) { completed = false; break; }
            folds.Add(new NestedSearchFold(f, trainRows.Length, testRows.Length, chosen.Settings, record.Metrics[info.Name], record));
        }
        double ratio = folds.Count == 0 ? 0 : folds.Average(x => (double)x.TestRows) / folds.Average(x => (double)x.TrainRows);
        var estimate = folds.Count == 0 ? new CorrectedMean(0, double.NaN, double.NaN, double.NaN, 0, double.NaN, double.NaN, search.ConfidenceLevel)
            : CorrectedResampledT.Interval(folds.Select(x => x.Score).ToArray(), ratio, search.ConfidenceLevel);
        estimate = estimate with { Lower = Math.Max(info.Lower, estimate.Lower), Upper = Math.Min(info.Upper, estimate.Upper) }; // clipped to the metric's range
        return new NestedSearchEstimate(info.Name, folds, estimate, search.Choice, outer, completed);
    }
}
