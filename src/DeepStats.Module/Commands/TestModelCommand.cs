using System.Management.Automation;
using DeepStats.Core;
using DeepStats.Core.Data;
using DeepStats.Core.Evaluation;
using DeepStats.Core.Training;

namespace DeepStats.Commands;

/// <summary>
/// <para type="synopsis">Measures a trained model on labelled data: accuracy with its interval, balanced accuracy, per-class and averaged precision/recall/F1, log-loss, Brier score, calibration error, ROC-AUC with DeLong's interval and the majority-class baseline; or, for a numeric target, MAE, RMSE, R-squared and MAPE with intervals. Optional quality gates set Passed.</para>
/// <para type="description">The model applies its own fitted preprocessing to the data (pass the raw test data; data standardized with other parameters is refused as leakage), encodes categories and classes as in training, and predicts every row; the per-row results are kept in the report's Predictions. Classes: accuracy with a Wilson score interval at -ConfidenceLevel; precision TP/(TP+FP), recall TP/(TP+FN), F1 2TP/(2TP+FP+FN) per class (a class in the data that is never predicted has F1 0, as scikit-learn's zero_division=0, and an undefined precision that counts 0 in the means) with macro (unweighted, over the classes present in the data) and support-weighted means; balanced accuracy (mean recall); log-loss (natural log); Brier score (float64); the top-label expected calibration error (the predicted class's probability in 10 equal-width bins ((b-1)/10, b/10], the one Export-Chart's calibration diagram shows); ROC-AUC (binary: the last class is the positive one; more classes: macro one-vs-rest) with DeLong's standard error and interval (at AUC 1 or 0, where DeLong's variance is 0, the one-sided bound (alpha/2)^(1/k), k = min(positives, negatives); AucIntervalMethod says which); and the accuracy of always predicting the majority class. A class of the model with no rows in the data makes its recall undefined: the report says why (Notes) and a warning names the class. Numbers: MAE, RMSE and the bias with Student t intervals, R-squared, MAPE, and percentile bootstrap intervals seeded by -Seed. The report's Conventions property states all of this, and its Predictions (the per-row results) can be passed to Export-Chart and Export-ModelReport, which then show these same numbers without predicting again. Gates: -MinimumAccuracy, -MinimumF1 (macro), -MinimumAuc and -MaximumRmse set Passed and, when a gate is not met, write a QualityGateFailed error after the report (add -ErrorAction Stop to stop a script there); -OnLowerBound judges the pessimistic end of each interval instead of the estimate.</para>
/// </summary>
/// <example><code>$s = Import-Dataset -Sample Penguins -DropMissing -WarningAction SilentlyContinue | Split-Dataset -TestFraction 0.3 -Seed 1; $m = $s.Train | Start-Training -Epochs 20 -Seed 1; $m | Test-Model -Data $s.Test | Format-List Accuracy, AccuracyLower, AccuracyUpper, BalancedAccuracy, MacroF1, LogLoss, Brier, ExpectedCalibrationError, Auc, AucLower, AucUpper, BaselineAccuracy</code><para>Scores a model on held-out penguins.</para></example>
/// <example><code>$s = Import-Dataset -Sample Penguins -DropMissing -WarningAction SilentlyContinue | Split-Dataset -TestFraction 0.3 -Seed 1; $m = $s.Train | Start-Training -Epochs 20 -Seed 1; (Test-Model $m $s.Test).ConfusionMatrix.Rows() | Format-Table</code><para>Shows the confusion matrix, one row per actual class.</para></example>
/// <example><code>$p = Import-Dataset -Sample Penguins -DropMissing -WarningAction SilentlyContinue; $s = $p | Split-Dataset -TestFraction 0.3 -Seed 1; $m = $s.Train | Start-Training -Epochs 20 -Seed 1; $r = Test-Model $m $s.Test -MinimumAccuracy 0.5 -OnLowerBound; $r.Passed</code><para>A quality gate: Passed is true only when the lower bound of the accuracy interval is at least 0.5.</para></example>
[Cmdlet(VerbsDiagnostic.Test, "Model")]
[OutputType(typeof(ClassificationReport), typeof(RegressionReport))]
public sealed class TestModelCommand : DeepStatsCmdlet
{
    /// <summary><para type="description">The trained model (from Start-Training or Import-Model).</para></summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
    public TrainedModel Model { get; set; } = null!;

    /// <summary><para type="description">Labelled data to test on, raw (the model applies its own preprocessing).</para></summary>
    [Parameter(Mandatory = true, Position = 1)]
    public Dataset Data { get; set; } = null!;

    /// <summary><para type="description">Confidence level of the intervals.</para></summary>
    [Parameter] [ValidateRange(0.5, 0.9999)] public double ConfidenceLevel { get; set; } = 0.95;

    /// <summary><para type="description">Seed of the bootstrap intervals (regression metrics; macro F1 under -OnLowerBound): the same seed gives the same intervals.</para></summary>
    [Parameter] public int Seed { get; set; }

    /// <summary><para type="description">Quality gate: the accuracy must be at least this.</para></summary>
    [Parameter] [ValidateRange(0.0, 1.0)] public double? MinimumAccuracy { get; set; }

    /// <summary><para type="description">Quality gate: the macro F1 must be at least this.</para></summary>
    [Parameter] [ValidateRange(0.0, 1.0)] public double? MinimumF1 { get; set; }

    /// <summary><para type="description">Quality gate: the ROC-AUC must be at least this.</para></summary>
    [Parameter] [ValidateRange(0.0, 1.0)] public double? MinimumAuc { get; set; }

    /// <summary><para type="description">Quality gate (numeric target): the RMSE must be at most this.</para></summary>
    [Parameter] [ValidateRange(0.0, double.MaxValue)] public double? MaximumRmse { get; set; }

    /// <summary><para type="description">Judge each gate by the pessimistic end of the metric's interval (lower bound; upper for RMSE) instead of the estimate.</para></summary>
    [Parameter] public SwitchParameter OnLowerBound { get; set; }

    protected override void ProcessRecord()
    {
        var gate = new QualityGate
        {
            MinimumAccuracy = MinimumAccuracy,
            MinimumF1 = MinimumF1,
            MinimumAuc = MinimumAuc,
            MaximumRmse = MaximumRmse,
            OnLowerBound = OnLowerBound,
            Seed = Seed,
        };
        // prepared once: the evaluation and the leakage guard read the same prepared rows (and their raw rows)
        var prepared = Run(() => Model.Prepare(Data));
        var report = Run(() => ModelEvaluator.Evaluate(Model, prepared, ConfidenceLevel, Seed));
        if (report is ClassificationReport c)
        {
            foreach (var cls in c.AbsentClasses)
                WriteWarning($"Class '{cls}' has no rows in '{Data.Name}': its recall and F1 are undefined and it is left out of the macro means, balanced accuracy and AUC.");
            if (!gate.IsEmpty) report = Run(() => gate.Apply(c));
        }
        else if (report is RegressionReport r && !gate.IsEmpty) report = Run(() => gate.Apply(r));
        // leakage guard: rows the model or its preprocessing was fitted on make the scores optimistic
        if (Run(() => DeepStats.Core.Preprocessing.LeakageGuard.Overlap(Model, prepared)).Warning is { } leak) WriteWarning(leak);
        WriteObject(report);
        var (passed, results) = report switch
        {
            ClassificationReport cr => (cr.Passed, cr.GateResults),
            RegressionReport rr => (rr.Passed, rr.GateResults),
            _ => ((bool?)null, (IReadOnlyList<string>)Array.Empty<string>()),
        };
        foreach (var line in results) WriteVerbose(line);
        if (passed == false)
            WriteError(new ErrorRecord(new InvalidOperationException("The model failed its quality gate: " + string.Join(" ", results.Where(l => l.Contains("does not meet") || l.Contains("undefined")))),
                ErrorIds.QualityGateFailed, ErrorCategory.InvalidResult, report));
    }

    /// <summary>An empty pipeline is an error, not a silent nothing.</summary>
    protected override void EndProcessing()
    {
        if (Model is null)
            Fail(Core.ErrorIds.NoDataReceived, ErrorCategory.InvalidArgument, "No trained model arrived from the pipeline, so nothing was tested. Check the command before the pipe (Start-Training returned nothing?).", null);
    }
}
