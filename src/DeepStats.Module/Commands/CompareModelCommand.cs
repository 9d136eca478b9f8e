using System.Management.Automation;
using DeepStats.Core;
using DeepStats.Core.Data;
using DeepStats.Core.Evaluation;
using DeepStats.Core.Training;

namespace DeepStats.Commands;

/// <summary>
/// <para type="synopsis">Decides, with a stated test, whether a new model (or model configuration) is significantly better than the current one, worse, or not distinguishable: two trained models on the same labelled rows, or two cross-validation results of the same fold plan.</para>
/// <para type="description">Data parameter set (two trained models and -Data): Both models predict every row of -Data (each through its own stored preprocessing). Classifiers: the exact McNemar test on the discordant rows (those exactly one of the two models gets right), and the accuracy difference with the Agresti-Min paired interval. Regressors: the paired t-test on the per-row differences of squared errors. The result's Decision is Better or Worse when the two-sided p-value is below -Alpha, else NoSignificantDifference; Explanation says in words what was tested and found.</para>
/// <para type="description">CrossValidation parameter set: -Reference (the current configuration) and -Difference (the new one) are results of Invoke-CrossValidation on the same data with the same folds (-Folds, -Repeat, -GroupBy, -Seed); a different plan is refused (CrossValidationPlanMismatch). The per-fold differences (difference minus reference) of the first summary metric (accuracy, or RMSE for a numeric target; -Metric for another) are tested with Nadeau and Bengio's (2003) corrected resampled t-test, whose variance (1/J + n_test/n_train) x s² accounts for the overlap of the folds' training sets (a naive paired t-test on folds finds differences that are not there); for -Folds 2 -Repeat 5 with Alpaydin's (1999) 5x2cv combined F-test instead (-Test chooses). The result states the test, both means, the difference with its corrected interval, the statistic, p-value and the decision at -Alpha (Better, Worse or NoSignificantDifference), and says in words what was tested.</para>
/// </summary>
/// <example><code>$p = Import-Dataset -Sample Penguins -DropMissing -WarningAction SilentlyContinue; $s = $p | Split-Dataset -TestFraction 0.3 -Seed 1; $old = $s.Train | Start-Training -Epochs 1 -Seed 1; $new = $s.Train | Start-Training -Epochs 30 -Seed 1; Compare-Model -Reference $old -Difference $new -Data $s.Test</code><para>Is a longer-trained model significantly more accurate on held-out penguins?</para></example>
/// <example><code>$p = Import-Dataset -Sample Penguins -DropMissing -WarningAction SilentlyContinue; $s = $p | Split-Dataset -TestFraction 0.3 -Seed 1; $old = $s.Train | Start-Training -Epochs 1 -Seed 1; $new = $s.Train | Start-Training -Epochs 30 -Seed 1; (Compare-Model $old $new $s.Test -Alpha 0.01).Explanation</code><para>The decision at a stricter alpha, in words.</para></example>
/// <example><code>$d = Import-Dataset -Sample Penguins -DropMissing; $a = $d | Invoke-CrossValidation -Folds 2 -Repeat 5 -Epochs 2 -Seed 1; $b = $d | Invoke-CrossValidation -Folds 2 -Repeat 5 -Epochs 10 -LearningRate 0.01 -Seed 1; Compare-Model $a $b</code><para>Compares 2 epochs at the default rate with 10 epochs at 0.01 on the same 5x2 folds: the 5x2cv F-test.</para></example>
/// <example><code>$d = Import-Dataset -Sample Penguins -DropMissing; $a = Invoke-CrossValidation $d -Folds 5 -Epochs 5 -Seed 1; $b = Invoke-CrossValidation $d -Folds 5 -Epochs 5 -Seed 1 -Model (New-FeedForwardNet -Hidden 32,16); (Compare-Model -Reference $a -Difference $b -Alpha 0.01).Explanation</code><para>The corrected resampled t-test on five folds, explained in words.</para></example>
[Cmdlet(VerbsData.Compare, "Model", DefaultParameterSetName = CrossValidationSet)]
[OutputType(typeof(ModelComparison))]
public sealed class CompareModelCommand : DeepStatsCmdlet
{
    // "Data": two trained models on one labelled dataset (ModelComparer); "CrossValidation": two
    // cross-validation results on the same fold plan (CrossValidationComparison). -Reference and
    // -Difference take either kind; the set is chosen by whether -Data is given.
    private const string DataSet = "Data";
    private const string CrossValidationSet = "CrossValidation";

    /// <summary><para type="description">The current (reference) model, or the current configuration's cross-validation result.</para></summary>
    [Parameter(Mandatory = true, Position = 0)]
    public PSObject Reference { get; set; } = null!;

    /// <summary><para type="description">The new model (or cross-validation result on the same fold plan), compared with the reference.</para></summary>
    [Parameter(Mandatory = true, Position = 1, ValueFromPipeline = true)]
    public PSObject Difference { get; set; } = null!;

    /// <summary><para type="description">Labelled data neither model was trained on, raw (two trained models).</para></summary>
    [Parameter(Mandatory = true, Position = 2, ParameterSetName = DataSet)]
    public Dataset Data { get; set; } = null!;

    /// <summary><para type="description">Cross-validation results: Auto (the 5x2cv F-test for 2 folds x 5 repeats, else the corrected resampled t-test), CorrectedResampledT or FiveByTwoF.</para></summary>
    [Parameter(ParameterSetName = CrossValidationSet)]
    public CrossValidationTest Test { get; set; } = CrossValidationTest.Auto;

    /// <summary><para type="description">Cross-validation results: the metric compared, a name in the folds' Metrics (classes: Accuracy, BalancedAccuracy, MacroF1, Auc, higher is better; LogLoss, Brier, ExpectedCalibrationError, lower is better. Numbers: RSquared higher; RMSE, MAE, MAPE lower). The direction comes from the metric catalogue, so a lower LogLoss or MAPE of the new configuration is Better. Bias (signed) and the accuracy's interval bounds have no direction and are refused (MetricHasNoDirection); an unknown name is UnknownMetric. The first summary metric by default.</para></summary>
    [Parameter(ParameterSetName = CrossValidationSet)]
    public string? Metric { get; set; }

    /// <summary><para type="description">Significance level of the decision.</para></summary>
    [Parameter] [ValidateRange(1e-6, 0.5)] public double Alpha { get; set; } = 0.05;

    /// <summary><para type="description">Confidence level of the interval of the difference.</para></summary>
    [Parameter] [ValidateRange(0.5, 0.9999)] public double ConfidenceLevel { get; set; } = 0.95;

    protected override void ProcessRecord()
    {
        ModelComparison result;
        switch (Reference.BaseObject, Difference.BaseObject, ParameterSetName)
        {
            case (TrainedModel r, TrainedModel d, DataSet):
                result = Run(() => ModelComparer.Compare(r, d, Data, Alpha, ConfidenceLevel));
                break;
            case (CrossValidationResult r, CrossValidationResult d, CrossValidationSet):
                result = Run(() => CrossValidationComparison.Compare(r, d, Test, Alpha, ConfidenceLevel, Metric));
                break;
            default:
                Fail(ErrorIds.InvalidComparisonInput, ErrorCategory.InvalidArgument,
                    "Compare-Model takes two trained models with -Data, or two cross-validation results (Invoke-CrossValidation) without it; got " +
                    $"{Reference.BaseObject.GetType().Name} and {Difference.BaseObject.GetType().Name}" + (ParameterSetName == DataSet ? " with -Data." : " without -Data."), Difference);
                return;
        }
        WriteVerbose(result.Explanation);
        WriteObject(result);
    }
}
