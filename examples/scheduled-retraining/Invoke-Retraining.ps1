<#
.SYNOPSIS
    The scheduled-retraining job: retrain on new data, check the new model statistically against the
    production model on a fixed holdout, and promote it atomically only when it is significantly better
    and passes its quality gate. Logs why, every time.
.DESCRIPTION
    1. Imports the new data and the holdout (rows no model ever trains on).
    2. Trains a new model (seeded, so a rerun on the same data gives the same model).
    3. Tests it with a gate on the lower bound of the accuracy interval.
    4. Compares it with the production model (exact McNemar test on the holdout rows).
    5. Promotes it (Save-Model -Force: temp file, flush, rename; production is never half-written)
       only if the gate passed and the comparison says Better. Otherwise production is untouched.
    Any error stops the job before step 5 ($ErrorActionPreference = 'Stop'), so a failure never
    touches production. Returns one object saying what was decided and why.
.EXAMPLE
    ./Invoke-Retraining.ps1 -NewData ./data/week2.csv -Holdout ./data/holdout.csv -Production ./production.dsmodel
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $NewData,
    [Parameter(Mandatory)] [string] $Holdout,
    [Parameter(Mandatory)] [string] $Production,
    [string] $Target = 'failure',
    [string] $KeyColumn = 'machine',
    [double] $MinimumAccuracy = 0.75,
    [double] $Alpha = 0.05,
    [int] $Seed = 1,
    [string] $LogPath
)
$ErrorActionPreference = 'Stop'
Import-Module DeepStats -ErrorAction Stop

function Write-Log([string] $Message) {
    $line = '{0:u} {1}' -f [DateTime]::UtcNow, $Message
    Write-Information $line -InformationAction Continue
    if ($LogPath) { Add-Content -LiteralPath $LogPath -Value $line }
}

$train = Import-Dataset $NewData -Target $Target -Exclude $KeyColumn
$test = Import-Dataset $Holdout -Target $Target -Exclude $KeyColumn
Write-Log "New data '$NewData': $($train.RowCount) rows; holdout '$Holdout': $($test.RowCount) rows."

$new = $train | Start-Training -Model (New-FeedForwardNet -Hidden 16) -Epochs 30 -LearningRate 0.01 -Seed $Seed
$report = Test-Model $new $test -MinimumAccuracy $MinimumAccuracy -OnLowerBound -ErrorAction SilentlyContinue
Write-Log ("New model: accuracy {0:P1} (95% CI {1:P1} - {2:P1}), macro F1 {3:F3}, AUC {4:F3}. {5}" -f
    $report.Accuracy, $report.AccuracyLower, $report.AccuracyUpper, $report.MacroF1, $report.Auc, ($report.GateResults -join ' '))

$current = Import-Model $Production
$comparison = Compare-Model -Reference $current -Difference $new -Data $test -Alpha $Alpha
Write-Log "Comparison with production: $($comparison.Explanation)"

$promote = $report.Passed -and $comparison.Decision -eq 'Better'
$reason = if (-not $report.Passed) { 'the new model failed its quality gate' }
    elseif ($comparison.Decision -ne 'Better') { "the new model is not significantly better (decision: $($comparison.Decision))" }
    else { 'the new model passed its gate and is significantly better' }
if ($promote) {
    $new | Save-Model -Path $Production -Force
    Write-Log "PROMOTED: $reason. Production '$Production' replaced."
}
else {
    Write-Log "KEPT production: $reason."
}
[pscustomobject]@{
    Promoted        = [bool] $promote
    Reason          = $reason
    Accuracy        = $report.Accuracy
    AccuracyLower   = $report.AccuracyLower
    ProductionAccuracy = $comparison.ReferenceValue
    Decision        = $comparison.Decision
    PValue          = $comparison.PValue
}
