using System.Diagnostics;
using DeepStats.Core.Data;
using DeepStats.Core.Models;
using DeepStats.Core.Training;

namespace DeepStats.Core.Evaluation;

/// <summary>How to cross-validate: folds, repeats, stratification or grouping, which folds to run, the interval level.</summary>
public sealed record CrossValidationOptions
{
    public int Folds { get; init; } = 5;
    /// <summary>Repeats of the k-fold with fresh seeded shuffles (repeat r shuffles with the plan seed + r - 1).</summary>
    public int Repeats { get; init; } = 1;
    /// <summary>Stratify by class (class targets); with <see cref="GroupBy"/>, within the groups where they allow.</summary>
    public bool Stratify { get; init; } = true;
    /// <summary>A column whose rows stay together in one fold.</summary>
    public string? GroupBy { get; init; }
    /// <summary>Only these fold numbers (1-based, within every repeat); null for all.</summary>
    public IReadOnlyList<int>? OnlyFolds { get; init; }
    /// <summary>The seed of the fold plan; null to use the training seed.</summary>
    public int? Seed { get; init; }
    public double ConfidenceLevel { get; init; } = 0.95;
}

/// <summary>A fold about to start: its place in the run (1-based index of count) and sizes.</summary>
public readonly record struct FoldStarting(int Repeat, int Fold, int Index, int Count, int TrainRows, int TestRows);

/// <summary>What a cross-validation run reports while it runs, on the calling thread.</summary>
public sealed class CrossValidationEvents
{
    public Action<FoldStarting>? FoldStarting { get; init; }
    public Action<TrainingProgress>? Batch { get; init; }
    public Action<EpochRecord>? Epoch { get; init; }
    public Action<CrossValidationFold>? FoldFinished { get; init; }
}

/// <summary>
/// k-fold cross-validation (stratified, grouped, repeated) of one model configuration. For every fold
/// a model is trained on a view of the fold's training rows (no copy) with the given options (<see cref="FoldTrainer"/>; each fold
/// starts from the same training seed, so a fold's result does not depend on which folds ran before it): they
/// carry the data's preprocessing chain, which the trainer refits once, on the rows the network trains on
/// (<see cref="Preprocessing.PreprocessingPipeline.RefitOn"/>: the fold's training rows less the trainer's
/// validation holdout, so neither the fold's test rows nor its validation rows shape a fit). The model is scored
/// on the fold's raw test rows, which it takes through its own fits (<see cref="FoldScorer"/>). Cancelling the token stops between batches: the fold
/// being trained is dropped and the finished folds are returned.
/// </summary>
public static class CrossValidator
{
    public static CrossValidationResult Run(Dataset data, ModelSpec? spec, TrainingOptions training, CrossValidationOptions cv,
        CrossValidationEvents? events = null, CancellationToken cancel = default)
    {
        training.Validate();
        CheckData(data);
        if (cv.ConfidenceLevel is <= 0 or >= 1 || double.IsNaN(cv.ConfidenceLevel))
            throw new DeepStatsException(ErrorIds.InvalidConfidenceLevel, FailureKind.InvalidArgument, $"The confidence level must be between 0 and 1; got {cv.ConfidenceLevel}.", cv.ConfidenceLevel);
        var plan = FoldPlan.Create(data, cv.Folds, cv.Repeats, cv.Seed ?? training.Seed, cv.Stratify, cv.GroupBy);
        return Run(data, plan, spec, training, cv.OnlyFolds, cv.ConfidenceLevel, events, cancel);
    }

    /// <summary>Runs the folds of an existing plan (the data must be the plan's).</summary>
    public static CrossValidationResult Run(Dataset data, FoldPlan plan, ModelSpec? spec, TrainingOptions training, IReadOnlyList<int>? onlyFolds,
        double level = 0.95, CrossValidationEvents? events = null, CancellationToken cancel = default)
    {
        training.Validate();
        CheckData(data);
        plan.CheckData(data);
        var folds = (onlyFolds ?? Enumerable.Range(1, plan.Folds).ToArray()).Distinct().Order().ToArray();
        foreach (var f in folds)
            if (f < 1 || f > plan.Folds)
                throw new DeepStatsException(ErrorIds.CrossValidationFoldOutOfRange, FailureKind.InvalidArgument,
                    $"Fold {f} does not exist: the plan has folds 1 to {plan.Folds}.", f);
        var raw = data.Raw ?? data.View(); // the rows the chain starts from: a fold's test rows are taken from them
        var done = new List<CrossValidationFold>();
        bool completed = true;
        int count = folds.Length * plan.Repeats, index = 0;
        for (int r = 1; r <= plan.Repeats && completed; r++)
        {
            foreach (var f in folds)
            {
                if (cancel.IsCancellationRequested) { completed = false; break; }
                var record = RunFold(data, raw, plan.TrainRows(r, f), plan.TestRows(r, f), r, f, spec, training, level, events,
                    ++index, count, cancel);
                if (record is null) { completed = false; break; }
                done.Add(record);
                events?.FoldFinished?.Invoke(record);
            }
        }
        return CrossValidationResult.Create(plan, spec, training, data, done, folds, completed, level);
    }

    /// <summary>
    /// One fold: a model trained on a view of <paramref name="trainRows"/> of the data (the chain unrefitted: the trainer's one
    /// refit fits it on the rows it trains on), scored on the raw <paramref name="testRows"/> through its own fits. Null when
    /// training was cancelled (the fold does not count).
    /// </summary>
    internal static CrossValidationFold? RunFold(Dataset data, DatasetView raw, int[] trainRows, int[] testRows, int repeat, int fold,
        ModelSpec? spec, TrainingOptions training, double level, CrossValidationEvents? events, int index, int count, CancellationToken cancel)
    {
        var clock = Stopwatch.StartNew();
        events?.FoldStarting?.Invoke(new FoldStarting(repeat, fold, index, count, trainRows.Length, testRows.Length));
        var train = data.View(trainRows);
        var test = raw.Select(testRows).Materialize();
        using var model = FoldTrainer.Train(train, spec, training, events?.Batch, events?.Epoch, cancel);
        if (!FoldTrainer.Finished(model)) return null;
        var (report, metrics, predictions) = FoldScorer.Score(model, test, testRows, repeat, fold, level);
        string metric = MetricCatalog.Summarised(model.TargetKind)[0].Name;
        clock.Stop();
        return new CrossValidationFold
        {
            Repeat = repeat, Fold = fold, TrainRows = trainRows.Length, TestRows = testRows.Length,
            Metric = metric, Score = metrics[metric], Metrics = metrics, Report = report, Predictions = predictions,
            Epochs = model.History.Count, Seconds = clock.Elapsed.TotalSeconds,
        };
    }

    internal static void CheckData(Dataset data)
    {
        if (data.Target is null)
            throw new DeepStatsException(ErrorIds.NoTarget, FailureKind.InvalidData,
                $"Dataset '{data.Name}' has no target column, so there is nothing to cross-validate. Import it with -Target <column>.", data);
    }
}
