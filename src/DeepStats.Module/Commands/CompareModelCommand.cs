using System.Management.Automation;
using DeepStats.Core.Data;
using DeepStats.Core.Evaluation;
using DeepStats.Core.Training;

namespace DeepStats.Commands;

/// <summary>
/// <para type="synopsis">Compares a new model with the current one on the same labelled rows and decides, with a stated test, whether the new one is significantly better, worse, or not distinguishable.</para>
/// <para type="description">Both models predict every row of -Data (each through its own stored preprocessing). Classifiers: the exact McNemar test on the discordant rows (those exactly one of the two models gets right), and the accuracy difference with the Agresti-Min paired interval. Regressors: the paired t-test on the per-row differences of squared errors. The result's Decision is Better or Worse when the two-sided p-value is below -Alpha, else NoSignificantDifference; Explanation says in words what was tested and found.</para>
/// </summary>
/// <example><code>$p = Import-Dataset -Sample Penguins -DropMissing -WarningAction SilentlyContinue; $s = $p | Split-Dataset -TestFraction 0.3 -Seed 1; $old = $s.Train | Start-Training -Epochs 1 -Seed 1; $new = $s.Train | Start-Training -Epochs 30 -Seed 1; Compare-Model -Reference $old -Difference $new -Data $s.Test</code><para>Is a longer-trained model significantly more accurate on held-out penguins?</para></example>
/// <example><code>$p = Import-Dataset -Sample Penguins -DropMissing -WarningAction SilentlyContinue; $s = $p | Split-Dataset -TestFraction 0.3 -Seed 1; $old = $s.Train | Start-Training -Epochs 1 -Seed 1; $new = $s.Train | Start-Training -Epochs 30 -Seed 1; (Compare-Model $old $new $s.Test -Alpha 0.01).Explanation</code><para>The decision at a stricter alpha, in words.</para></example>
[Cmdlet(VerbsData.Compare, "Model", DefaultParameterSetName = DataSet)]
[OutputType(typeof(ModelComparison))]
public sealed class CompareModelCommand : DeepStatsCmdlet
{
    // Parameter sets: "Data" compares two trained models on one labelled dataset. Other ways of comparing
    // (for example two configurations by cross-validation) add their own set and call their Core comparer.
    private const string DataSet = "Data";

    /// <summary><para type="description">The current (reference) model.</para></summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = DataSet)]
    public TrainedModel Reference { get; set; } = null!;

    /// <summary><para type="description">The new model, compared with the reference.</para></summary>
    [Parameter(Mandatory = true, Position = 1, ParameterSetName = DataSet, ValueFromPipeline = true)]
    public TrainedModel Difference { get; set; } = null!;

    /// <summary><para type="description">Labelled data neither model was trained on, raw.</para></summary>
    [Parameter(Mandatory = true, Position = 2, ParameterSetName = DataSet)]
    public Dataset Data { get; set; } = null!;

    /// <summary><para type="description">Significance level of the decision.</para></summary>
    [Parameter] [ValidateRange(0.0001, 0.5)] public double Alpha { get; set; } = 0.05;

    /// <summary><para type="description">Confidence level of the interval of the difference.</para></summary>
    [Parameter] [ValidateRange(0.5, 0.9999)] public double ConfidenceLevel { get; set; } = 0.95;

    protected override void ProcessRecord()
    {
        var result = ParameterSetName switch
        {
            _ => Run(() => ModelComparer.Compare(Reference, Difference, Data, Alpha, ConfidenceLevel)),
        };
        WriteVerbose(result.Explanation);
        WriteObject(result);
    }
}
