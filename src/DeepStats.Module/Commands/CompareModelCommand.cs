using System.Management.Automation;
using DeepStats.Core.Evaluation;

namespace DeepStats.Commands;

/// <summary>
/// <para type="synopsis">Tests whether one model configuration is better than another: two cross-validation results of the same fold plan, fold by fold.</para>
/// <para type="description">CrossValidation parameter set: -Reference (the current configuration) and -Difference (the new one) are results of Invoke-CrossValidation on the same data with the same folds (-Folds, -Repeat, -GroupBy, -Seed); a different plan is refused (CrossValidationPlanMismatch). The per-fold differences (difference minus reference) of the first summary metric (accuracy, or RMSE for a numeric target; -Metric for another) are tested with Nadeau and Bengio's (2003) corrected resampled t-test, whose variance (1/J + n_test/n_train) x s² accounts for the overlap of the folds' training sets (a naive paired t-test on folds finds differences that are not there); for -Folds 2 -Repeat 5 with Alpaydin's (1999) 5x2cv combined F-test instead (-Test chooses). The result states the test, both means, the difference with its corrected interval, the statistic, p-value and the decision at -Alpha (Better, Worse or NoSignificantDifference), and says in words what was tested.</para>
/// </summary>
/// <example><code>$d = Import-Dataset -Sample Penguins -DropMissing; $a = $d | Invoke-CrossValidation -Folds 2 -Repeat 5 -Epochs 2 -Seed 1; $b = $d | Invoke-CrossValidation -Folds 2 -Repeat 5 -Epochs 10 -LearningRate 0.01 -Seed 1; Compare-Model $a $b</code><para>Compares 2 epochs at the default rate with 10 epochs at 0.01 on the same 5x2 folds: the 5x2cv F-test.</para></example>
/// <example><code>$d = Import-Dataset -Sample Penguins -DropMissing; $a = Invoke-CrossValidation $d -Folds 5 -Epochs 5 -Seed 1; $b = Invoke-CrossValidation $d -Folds 5 -Epochs 5 -Seed 1 -Model (New-FeedForwardNet -Hidden 32,16); (Compare-Model -Reference $a -Difference $b -Alpha 0.01).Explanation</code><para>The corrected resampled t-test on five folds, explained in words.</para></example>
[Cmdlet(VerbsData.Compare, "Model", DefaultParameterSetName = CrossValidationSet)]
[OutputType(typeof(ModelComparison))]
public sealed class CompareModelCommand : DeepStatsCmdlet
{
    private const string CrossValidationSet = "CrossValidation";

    /// <summary><para type="description">The reference (current) configuration's cross-validation result.</para></summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = CrossValidationSet)]
    public CrossValidationResult Reference { get; set; } = null!;

    /// <summary><para type="description">The difference (new) configuration's cross-validation result, on the same fold plan.</para></summary>
    [Parameter(Mandatory = true, Position = 1, ValueFromPipeline = true, ParameterSetName = CrossValidationSet)]
    public CrossValidationResult Difference { get; set; } = null!;

    /// <summary><para type="description">Auto (the 5x2cv F-test for 2 folds x 5 repeats, else the corrected resampled t-test), CorrectedResampledT or FiveByTwoF.</para></summary>
    [Parameter(ParameterSetName = CrossValidationSet)]
    public CrossValidationTest Test { get; set; } = CrossValidationTest.Auto;

    /// <summary><para type="description">The metric compared (a name in the folds' Metrics, e.g. Accuracy, RMSE, MAE, RSquared); the first summary metric by default.</para></summary>
    [Parameter(ParameterSetName = CrossValidationSet)]
    public string? Metric { get; set; }

    /// <summary><para type="description">Significance level of the decision.</para></summary>
    [Parameter] [ValidateRange(1e-6, 0.5)] public double Alpha { get; set; } = 0.05;

    /// <summary><para type="description">Confidence level of the interval of the difference.</para></summary>
    [Parameter] [ValidateRange(0.5, 0.9999)] public double ConfidenceLevel { get; set; } = 0.95;

    protected override void ProcessRecord()
    {
        var comparison = Run(() => CrossValidationComparison.Compare(Reference, Difference, Test, Alpha, ConfidenceLevel, Metric));
        WriteVerbose(comparison.Explanation);
        WriteObject(comparison);
    }
}
