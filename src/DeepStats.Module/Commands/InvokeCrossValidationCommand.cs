using System.Management.Automation;
using DeepStats.Core.Data;
using DeepStats.Core.Evaluation;

namespace DeepStats.Commands;

/// <summary>
/// <para type="synopsis">Cross-validates a model configuration: k folds (stratified, grouped, repeated), one model per fold, the metrics of every fold and their mean with an interval that accounts for overlapping training sets.</para>
/// <para type="description">Draws a seeded fold plan (-Folds, default 5; stratified by the target's classes unless -NoStratify; -GroupBy keeps the rows sharing a value of that column in one fold, stratified within the groups where they allow; -Repeat r repeats it with fresh shuffles, repeat r using seed -Seed + r - 1). For every fold, the preprocessing the data carries (ConvertTo-Imputed, ConvertTo-Standardized) is refitted on the fold's training rows, and a model is trained on them with the same parameters Start-Training takes (a hashtable of them splats to both), then tested on the fold's rows: nothing fitted on the whole data reaches a fold's test rows. The result has one record per fold (repeat, fold, rows, metrics, seconds), a summary per metric (mean, sd and the Nadeau-Bengio corrected interval of the mean: the variance of the fold scores times 1/J + n_test/n_train, Student t with J - 1 df, because the folds' training sets overlap), the pooled out-of-fold predictions (Predictions, with the fold of every row) and a report on them (Pooled: the report Test-Model gives, from the same scorer: accuracy with its Wilson interval, macro F1, AUC with its DeLong interval, log-loss, Brier, ECE and the confusion matrix; or the regression errors). -Fold 2,4 runs only those folds (of every repeat); the result carries the fold plan (seed, assignment, data fingerprint), and Join-CrossValidation joins pieces of the same plan into the result one run would give, so folds can be fanned out with jobs. Compare-Model on two results of the same plan tests the difference fold by fold. Progress shows the fold and, beneath it, the epoch; -Verbose writes a line per finished fold. Ctrl+C stops between batches; the folds finished so far are kept in $DeepStatsPartialCrossValidation (PowerShell discards the output of a stopped command), ready to join with the rest.</para>
/// </summary>
/// <example><code>Import-Dataset -Sample Penguins -DropMissing | Invoke-CrossValidation -Model (New-FeedForwardNet -Hidden 16) -Folds 5 -Epochs 20 -LearningRate 0.01 -Seed 1</code><para>Five-fold stratified cross-validation of a small network on the penguins: mean accuracy with its corrected 95% interval.</para></example>
/// <example><code>$p = @{ Model = (New-FeedForwardNet -Hidden 16); Epochs = 20; LearningRate = 0.01; Seed = 1 }; $d = Import-Dataset -Sample Penguins -DropMissing; $cv = $d | Invoke-CrossValidation @p -Folds 5; $cv.Folds | Format-Table; $cv.Summary | Format-List; $cv.Pooled.ConfusionMatrix.Rows() | Format-Table; $m = $d | Start-Training @p</code><para>The same training parameters splatted to Invoke-CrossValidation and Start-Training: judge the configuration by cross-validation, then train the model on all rows. Shows the folds, the summary and the pooled confusion matrix.</para></example>
/// <example><code>$d = Import-Dataset -Sample Penguins -DropMissing; $module = (Get-Module DeepStats).Path; $jobs = 1..5 | ForEach-Object { Start-ThreadJob -ArgumentList $_ -ScriptBlock { param($fold) Import-Module $using:module; Invoke-CrossValidation -Data $using:d -Folds 5 -Fold $fold -Epochs 10 -LearningRate 0.01 -Seed 1 } }; $cv = $jobs | Receive-Job -Wait -AutoRemoveJob | Join-CrossValidation; $cv</code><para>Fans the five folds out to thread jobs, one fold each, and joins the pieces into the result a single run gives (bit for bit on one machine). Thread jobs share one process, whose engine trains one model at a time; the point is the mechanics (and a failed or stopped fold can be rerun alone with -Fold).</para></example>
[Cmdlet(VerbsLifecycle.Invoke, "CrossValidation")]
[OutputType(typeof(CrossValidationResult))]
public sealed class InvokeCrossValidationCommand : TrainingCmdlet
{
    /// <summary>The variable that keeps the finished folds when a run is stopped with Ctrl+C.</summary>
    public const string PartialResultVariable = "DeepStatsPartialCrossValidation";

    private readonly CancellationTokenSource _stop = new();

    /// <summary><para type="description">The data to cross-validate, with a target: raw, or carrying preprocessing (it is refitted on each fold's training rows).</para></summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
    public Dataset Data { get; set; } = null!;

    /// <summary><para type="description">Number of folds (at least 2).</para></summary>
    [Parameter] [ValidateRange(2, 1000)] public int Folds { get; set; } = 5;

    /// <summary><para type="description">Repeats of the k folds with fresh seeded shuffles (repeat r uses seed -Seed + r - 1). -Folds 2 -Repeat 5 allows the 5x2cv F-test in Compare-Model.</para></summary>
    [Parameter] [ValidateRange(1, 1000)] public int Repeat { get; set; } = 1;

    /// <summary><para type="description">A column whose rows stay together in one fold (a patient, a site), so no group is on both sides; the folds are stratified within the groups where they allow.</para></summary>
    [Parameter] [ArgumentCompleter(typeof(ColumnNameCompleter))] public string? GroupBy { get; set; }

    /// <summary><para type="description">Draws folds at random instead of stratifying by the target's classes.</para></summary>
    [Parameter] public SwitchParameter NoStratify { get; set; }

    /// <summary><para type="description">Runs only these folds (1-based, of every repeat); join the pieces with Join-CrossValidation.</para></summary>
    [Parameter] [ValidateRange(1, 1000)] public int[]? Fold { get; set; }

    /// <summary><para type="description">Confidence level of the intervals (fold accuracies, summary, pooled report).</para></summary>
    [Parameter] [ValidateRange(0.5, 0.9999)] public double ConfidenceLevel { get; set; } = 0.95;

    protected override void ProcessRecord()
    {
        var training = BuildTrainingOptions();
        WarnAboutTarget(Data);
        var cv = new CrossValidationOptions
        {
            Folds = Folds, Repeats = Repeat, Stratify = !NoStratify, GroupBy = GroupBy, OnlyFolds = Fold, ConfidenceLevel = ConfidenceLevel,
        };
        var folds = new ProgressReporter(this, 1, $"Cross-validating on {Data.Name}");
        var epochs = new ProgressReporter(this, 2, "Training", parentActivityId: 1);
        FoldStarting current = default;
        var events = new CrossValidationEvents
        {
            FoldStarting = s =>
            {
                current = s;
                folds.Report($"Fold {s.Fold}/{Folds}" + (Repeat > 1 ? $", repeat {s.Repeat}/{Repeat}" : "") +
                    $" ({s.Index} of {s.Count}): {s.TrainRows} training rows, {s.TestRows} test rows", 100 * (s.Index - 1) / s.Count, force: true);
            },
            Batch = p =>
            {
                double within = ((p.Epoch - 1) * p.Batches + p.Batch) / (double)(p.Epochs * p.Batches);
                epochs.Report($"Epoch {p.Epoch}/{p.Epochs}, batch {p.Batch}/{p.Batches}, loss {p.RunningLoss:F4}", (int)(100 * within));
            },
            FoldFinished = f => { if (!Stopping) WriteVerbose($"Repeat {f.Repeat}, fold {f.Fold}: {f.Metric} {f.Score:G4} on {f.TestRows} test rows " +
                $"(trained on {f.TrainRows} rows, {f.Epochs} epochs, {f.Seconds:F1} s)."); },
        };
        CrossValidationResult result;
        try
        {
            result = Run(() => CrossValidator.Run(Data, Model, training, cv, events, _stop.Token));
        }
        finally
        {
            epochs.Complete();
            folds.Complete();
        }
        if (!result.Completed)
        {
            // a stopped pipeline discards output: keep the finished folds where the user can reach them
            SessionState.PSVariable.Set("global:" + PartialResultVariable, result);
            if (!Stopping)
                WriteWarning($"Cross-validation was stopped after {result.Folds.Count} finished fold(s); they are also in ${PartialResultVariable}.");
        }
        WriteVerbose(result.ToString());
        WriteObject(result);
    }

    protected override void StopProcessing() => _stop.Cancel();
}
