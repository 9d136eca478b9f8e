using System.Management.Automation;
using DeepStats.Core.Evaluation;

namespace DeepStats.Commands;

/// <summary>
/// <para type="synopsis">Joins cross-validation results run separately (Invoke-CrossValidation -Fold) into one, as a single run would give it.</para>
/// <para type="description">Takes pieces of the same fold plan (same data fingerprint, folds, repeats, strategy, seed and fold assignment) trained with the same model and training parameters, from the pipeline or as arguments, and returns one result with all their folds, the summary (mean, sd, Nadeau-Bengio corrected interval) and the pooled predictions recomputed. On one machine the joined result equals the one-shot run bit for bit. A piece from another plan (CrossValidationPlanMismatch) or trained differently (CrossValidationConfigurationMismatch), or a fold given twice (CrossValidationDuplicateFold), is refused.</para>
/// </summary>
/// <example><code>$d = Import-Dataset -Sample Penguins -DropMissing; $a = Invoke-CrossValidation $d -Folds 4 -Fold 1,2 -Epochs 5 -Seed 3; $b = Invoke-CrossValidation $d -Folds 4 -Fold 3,4 -Epochs 5 -Seed 3; Join-CrossValidation $a, $b</code><para>Runs folds 1-2 and 3-4 separately and joins them.</para></example>
/// <example><code>$d = Import-Dataset -Sample Penguins -DropMissing; 1..3 | ForEach-Object { Invoke-CrossValidation $d -Folds 3 -Fold $_ -Epochs 5 -Seed 3 } | Join-CrossValidation</code><para>Joins pieces from the pipeline.</para></example>
[Cmdlet(VerbsCommon.Join, "CrossValidation")]
[OutputType(typeof(CrossValidationResult))]
public sealed class JoinCrossValidationCommand : DeepStatsCmdlet
{
    private readonly List<CrossValidationResult> _pieces = new();

    /// <summary><para type="description">The pieces to join (results of Invoke-CrossValidation).</para></summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
    public CrossValidationResult[] Result { get; set; } = null!;

    protected override void ProcessRecord() => _pieces.AddRange(Result);

    protected override void EndProcessing()
    {
        if (_pieces.Count == 0) return;
        var joined = Run(() => CrossValidationResult.Join(_pieces));
        WriteVerbose($"Joined {_pieces.Count} piece(s): {joined.Folds.Count} of {joined.Plan.Folds * joined.Plan.Repeats} folds of plan {joined.Plan.Id}.");
        if (!joined.CoversPlan)
            WriteWarning($"The joined result has {joined.Folds.Count} of the plan's {joined.Plan.Folds * joined.Plan.Repeats} folds.");
        WriteObject(joined);
    }
}
