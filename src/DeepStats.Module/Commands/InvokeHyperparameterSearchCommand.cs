using System.Collections;
using System.Management.Automation;
using DeepStats.Core;
using DeepStats.Core.Data;
using DeepStats.Core.Evaluation;
using DeepStats.Core.Models;
using DeepStats.Core.Preprocessing;

namespace DeepStats.Commands;

/// <summary>
/// <para type="synopsis">Searches training parameters by cross-validating every trial on one fold plan, and says which configurations are not significantly worse than the best.</para>
/// <para type="description">-Space is a hashtable of Start-Training parameters to search: a list of values (@{ LearningRate = 1e-3, 1e-2; Model = (New-FeedForwardNet -Hidden 16), (New-FeedForwardNet -Hidden 64) }) or a range (@{ LearningRate = @{ Min = 1e-4; Max = 1e-1; Log = $true } } for a log-uniform draw, as rates and penalties want; integer Min and Max draw integers). Searchable: Model, Epochs, BatchSize, LearningRate, WeightDecay, ValidationFraction, L1, GradientClipNorm, Optimizer, Momentum, Loss, LabelSmoothing, Schedule, WarmupEpochs; every other training parameter given to this cmdlet is the fixed base, as for Start-Training and Invoke-CrossValidation (one hashtable splats to all three). -Strategy Grid (default) runs every combination; Random draws -Trials settings from a generator seeded with -Seed. Parameters are taken in name order, so the same space gives the same trials in any process. Every trial is cross-validated on the same seeded fold plan (-Folds, -GroupBy, -NoStratify, as Invoke-CrossValidation), so trials are paired fold by fold; -Repeat r trains each trial r times with training seeds -Seed .. -Seed + r - 1 and a fold's value is their mean (SeedStandardDeviation shows the seed noise). The result lists every trial with its mean and Nadeau-Bengio corrected interval; Best (the best mean on -Metric, default accuracy or RMSE); NotSignificantlyWorse: the best and every trial whose per-fold differences from the best give a corrected resampled t-test with an adjusted p-value of at least -Alpha (-Adjustment Bonferroni, the family-wise rate, by default, or BenjaminiHochberg); and OneStandardError: the simplest trial whose mean is within one corrected standard error of the best's (simplest: the values listed first in each list, the low end of each range, compared parameter by parameter in name order, so list each parameter's values from simplest to most complex). -Final trains one model on all rows with the -Choice configuration (Best or OneStandardError) and puts it in FinalModel. -OuterFolds k runs a nested cross-validation: the whole search again on the training rows of each of k outer folds, the -Choice trial trained there and scored on the outer test rows, which the selection never saw; Nested holds the per-fold choices and the corrected interval of the outer scores, an estimate of the whole procedure. Progress shows the trial, the fold and the epoch; -Verbose writes a line per trial. Ctrl+C stops between batches; the finished trials are kept in $DeepStatsPartialSearch.</para>
/// </summary>
/// <example><code>$d = Import-Dataset -Sample Penguins -DropMissing; $s = $d | Invoke-HyperparameterSearch -Space @{ LearningRate = 1e-3, 1e-2 } -Folds 3 -Epochs 5 -Seed 1; $s.Trials | Format-Table; $s.NotSignificantlyWorse.Settings</code><para>Cross-validates two learning rates on one three-fold plan and shows every trial with its corrected interval and which are not significantly worse than the best.</para></example>
/// <example><code>$base = @{ Epochs = 5; BatchSize = 32; Seed = 2 }; $space = @{ LearningRate = @{ Min = 1e-4; Max = 1e-1; Log = $true }; WeightDecay = 0, 1e-4 }; $s = Import-Dataset -Sample Penguins -DropMissing | Invoke-HyperparameterSearch @base -Space $space -Strategy Random -Trials 3 -Folds 3 -Final -Choice OneStandardError; $s.OneStandardError; $s.FinalModel</code><para>Three seeded random trials with a log-uniform learning rate on the fixed base of a splatted hashtable; the one-standard-error choice is trained on all rows.</para></example>
/// <example><code>$s = Import-Dataset -Sample Penguins -DropMissing | Invoke-HyperparameterSearch -Space @{ LearningRate = 1e-3, 1e-2 } -Folds 2 -OuterFolds 2 -Epochs 3 -Seed 1; $s.Nested</code><para>Nested cross-validation: the search is repeated inside two outer folds, giving an estimate of the selected configuration's accuracy on rows the selection never saw.</para></example>
[Cmdlet(VerbsLifecycle.Invoke, "HyperparameterSearch")]
[OutputType(typeof(SearchResult))]
public sealed class InvokeHyperparameterSearchCommand : TrainingCmdlet
{
    /// <summary>The variable that keeps the finished trials when a search is stopped with Ctrl+C.</summary>
    public const string PartialResultVariable = "DeepStatsPartialSearch";

    private readonly CancellationTokenSource _stop = new();

    /// <summary><para type="description">The data, with a target: raw, or carrying preprocessing (refitted on each fold's training rows).</para></summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
    public Dataset Data { get; set; } = null!;

    /// <summary><para type="description">The parameters to search: a hashtable of parameter name to a list of values, or to a range @{ Min = ...; Max = ...; Log = $true; Integer = $true }.</para></summary>
    [Parameter(Mandatory = true)]
    public IDictionary Space { get; set; } = null!;

    /// <summary><para type="description">Grid (every combination of the lists) or Random (-Trials seeded draws).</para></summary>
    [Parameter] public SearchStrategy Strategy { get; set; } = SearchStrategy.Grid;

    /// <summary><para type="description">Number of draws of a random search.</para></summary>
    [Parameter] [ValidateRange(1, 10000)] public int Trials { get; set; } = 10;

    /// <summary><para type="description">Trainings per trial and fold with training seeds -Seed, -Seed + 1, ...; a fold's value is their mean.</para></summary>
    [Parameter] [ValidateRange(1, 100)] public int Repeat { get; set; } = 1;

    /// <summary><para type="description">Folds of the one plan every trial is cross-validated on.</para></summary>
    [Parameter] [ValidateRange(2, 1000)] public int Folds { get; set; } = 5;

    /// <summary><para type="description">A column whose rows stay together in one fold.</para></summary>
    [Parameter] [ArgumentCompleter(typeof(ColumnNameCompleter))] public string? GroupBy { get; set; }

    /// <summary><para type="description">Draws folds at random instead of stratifying by the target's classes.</para></summary>
    [Parameter] public SwitchParameter NoStratify { get; set; }

    /// <summary><para type="description">The metric trials are judged on (Accuracy, MacroF1, LogLoss, Auc, ...; RMSE, MAE, RSquared, ...); the first summary metric by default.</para></summary>
    [Parameter] public string? Metric { get; set; }

    /// <summary><para type="description">Level of the test against the best: a trial is significantly worse when its adjusted p-value is below it.</para></summary>
    [Parameter] [ValidateRange(1e-6, 0.5)] public double Alpha { get; set; } = 0.05;

    /// <summary><para type="description">Multiple-comparison adjustment of the trials' p-values against the best: Bonferroni (default) or BenjaminiHochberg.</para></summary>
    [Parameter] public PValueAdjustment Adjustment { get; set; } = PValueAdjustment.Bonferroni;

    /// <summary><para type="description">Confidence level of the trials' intervals.</para></summary>
    [Parameter] [ValidateRange(0.5, 0.9999)] public double ConfidenceLevel { get; set; } = 0.95;

    /// <summary><para type="description">The trial -Final trains and each outer fold of -OuterFolds takes forward: Best or OneStandardError.</para></summary>
    [Parameter] public SearchChoice Choice { get; set; } = SearchChoice.Best;

    /// <summary><para type="description">Train a model on all rows with the -Choice configuration (in FinalModel).</para></summary>
    [Parameter] public SwitchParameter Final { get; set; }

    /// <summary><para type="description">Outer folds of a nested cross-validation of the whole search (0 for none).</para></summary>
    [Parameter] [ValidateRange(0, 100)] public int OuterFolds { get; set; }

    protected override void ProcessRecord()
    {
        var training = BuildTrainingOptions();
        WarnAboutTarget(Data);
        var space = Run(() => new SearchSpace(Parameters(Space)));
        var search = new SearchOptions
        {
            Strategy = Strategy, Trials = Trials, Repeats = Repeat, Folds = Folds, Stratify = !NoStratify, GroupBy = GroupBy, Metric = Metric,
            Alpha = Alpha, Adjustment = Adjustment, ConfidenceLevel = ConfidenceLevel, Choice = Choice, OuterFolds = OuterFolds,
        };
        var trials = new ProgressReporter(this, 1, $"Searching on {Data.Name}");
        var folds = new ProgressReporter(this, 2, "Cross-validating", parentActivityId: 1);
        var epochs = new ProgressReporter(this, 3, "Training", parentActivityId: 2);
        var events = new SearchEvents
        {
            TrialStarting = t => trials.Report((t.OuterFold > 0 ? $"Outer fold {t.OuterFold}/{OuterFolds}: " : "") +
                $"trial {t.Trial}/{t.Count}: {t.Settings}", 100 * (t.Trial - 1) / t.Count, force: true),
            TrialFinished = t => { if (!Stopping) WriteVerbose($"{t} in {t.Seconds:F1} s."); },
            Folds = new CrossValidationEvents
            {
                FoldStarting = s => folds.Report($"Fold {s.Fold}/{Folds}: {s.TrainRows} training rows, {s.TestRows} test rows", 100 * (s.Index - 1) / s.Count, force: true),
                Batch = p => epochs.Report($"Epoch {p.Epoch}/{p.Epochs}, batch {p.Batch}/{p.Batches}, loss {p.RunningLoss:F4}",
                    (int)(100 * ((p.Epoch - 1) * p.Batches + p.Batch) / (double)(p.Epochs * p.Batches))),
            },
        };
        SearchResult result;
        try
        {
            result = Run(() => HyperparameterSearch.Run(Data, Model, training, space, search, events, _stop.Token));
            if (Final && result.Completed)
            {
                trials.Report($"Training the {Choice} configuration on all {Data.RowCount} rows", 100, force: true);
                Run(() => HyperparameterSearch.TrainFinal(result, Data, Choice, events.Folds.Batch, _stop.Token));
            }
        }
        finally
        {
            epochs.Complete();
            folds.Complete();
            trials.Complete();
        }
        if (!result.Completed)
        {
            SessionState.PSVariable.Set("global:" + PartialResultVariable, result);
            if (!Stopping)
                WriteWarning($"The search was stopped after {result.Trials.Count} of {result.PlannedTrials} trial(s); the finished trials are also in ${PartialResultVariable}.");
        }
        WriteVerbose(result.ToString());
        WriteObject(result);
    }

    protected override void StopProcessing() => _stop.Cancel();

    /// <summary>The hashtable's entries as search parameters: a nested hashtable is a range, a list its values, a single value a list of one.</summary>
    private IEnumerable<SearchParameter> Parameters(IDictionary table)
    {
        foreach (DictionaryEntry e in table)
        {
            string name = LanguagePrimitives.ConvertTo<string>(e.Key);
            var value = Unwrap(e.Value);
            if (value is IDictionary range)
                yield return new SearchParameter(name, null, Range(name, range));
            else if (value is IEnumerable list and not string)
                yield return new SearchParameter(name, list.Cast<object?>().Select(v => Value(name, v)).ToArray(), null);
            else
                yield return new SearchParameter(name, new[] { Value(name, value) }, null);
        }
    }

    private static object? Unwrap(object? v) => v is PSObject ps ? ps.BaseObject : v;

    private object Value(string name, object? v) => Unwrap(v) switch
    {
        null => throw Bad($"Parameter '{name}' lists a null value; give numbers, names (Adam, Cosine) or networks.", name),
        Enum x => x.ToString(),
        int or long or double or bool or string or ModelSpec => Unwrap(v)!,
        float or decimal or short or byte => Convert.ToDouble(Unwrap(v), System.Globalization.CultureInfo.InvariantCulture),
        var other => throw Bad($"Parameter '{name}' has a value of type {other.GetType().Name} ('{other}'); give numbers, names (Adam, Cosine) or networks.", name),
    };

    private SearchRange Range(string name, IDictionary range)
    {
        double min = double.NaN, max = double.NaN;
        bool log = false, integer = false, integral = true;
        foreach (DictionaryEntry kv in range)
        {
            string key = LanguagePrimitives.ConvertTo<string>(kv.Key);
            var v = Unwrap(kv.Value);
            if (key.Equals("Min", StringComparison.OrdinalIgnoreCase) || key.Equals("Max", StringComparison.OrdinalIgnoreCase))
            {
                if (!LanguagePrimitives.TryConvertTo<double>(v, System.Globalization.CultureInfo.InvariantCulture, out var d))
                    throw Bad($"The range of '{name}' needs a number for {key}; got '{v}'.", name);
                integral &= v is int or long;
                if (key.Equals("Min", StringComparison.OrdinalIgnoreCase)) min = d; else max = d;
            }
            else if (key.Equals("Log", StringComparison.OrdinalIgnoreCase)) log = LanguagePrimitives.IsTrue(v);
            else if (key.Equals("Integer", StringComparison.OrdinalIgnoreCase)) integer = LanguagePrimitives.IsTrue(v);
            else throw Bad($"The range of '{name}' has a key '{key}'; a range takes Min, Max, Log and Integer.", name);
        }
        if (double.IsNaN(min) || double.IsNaN(max)) throw Bad($"The range of '{name}' needs both Min and Max.", name);
        return new SearchRange(min, max, log, integer || integral);
    }

    private static DeepStatsException Bad(string message, object target) => new(ErrorIds.InvalidSearchSpace, FailureKind.InvalidArgument, message, target);
}
