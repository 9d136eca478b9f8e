<#
.SYNOPSIS
    Cross-validation fanned out with PowerShell's own jobs: one fold per thread job, joined into
    the result a single run gives, then compared with a second configuration on the same folds.
.DESCRIPTION
    Every piece draws the same fold plan (same data, -Folds, -Seed), so Join-CrossValidation can
    check that the pieces fit together (it refuses pieces of another plan or trained differently).
    Thread jobs share one process, and the engine trains one model at a time per process, so this
    shows the mechanics rather than a speed-up; a fold that failed or was stopped is rerun alone
    with -Fold. Run from the repository after `dotnet pwsh ./build.ps1 build`:

        dotnet pwsh examples/cross-validation/Invoke-FoldsInJobs.ps1
#>
param(
    [string] $ModulePath = (Join-Path $PSScriptRoot '../../out/DeepStats/DeepStats.psd1'),
    [int] $Folds = 5
)
$ErrorActionPreference = 'Stop'
$ModulePath = (Resolve-Path $ModulePath).Path
Import-Module $ModulePath

$data = Import-Dataset -Sample Penguins -DropMissing -WarningAction SilentlyContinue
$training = @{ Model = (New-FeedForwardNet -Hidden 16); Epochs = 15; LearningRate = 0.01; Seed = 1 }

$jobs = foreach ($fold in 1..$Folds) {
    Start-ThreadJob -Name "fold $fold" -ArgumentList $fold -ScriptBlock {
        param($fold)
        Import-Module $using:ModulePath
        $p = $using:training
        Invoke-CrossValidation -Data $using:data @p -Folds $using:Folds -Fold $fold
    }
}
$cv = $jobs | Receive-Job -Wait -AutoRemoveJob | Join-CrossValidation
"Joined $($cv.Folds.Count) folds of plan $($cv.Plan.Id):"
$cv.Folds | Format-Table | Out-String
$cv.Summary | Format-Table | Out-String
"Pooled out-of-fold predictions ($($cv.PooledScope)):"
$cv.Pooled | Format-Table | Out-String
$cv.Pooled.ConfusionMatrix.ToString()

# a second configuration on the same folds, and the paired comparison (corrected resampled t-test)
$smaller = Invoke-CrossValidation -Data $data @training -Folds $Folds -Epochs 3
Compare-Model -Reference $cv -Difference $smaller | Format-List Test, Metric, ReferenceValue, DifferenceValue, Difference, DifferenceLower, DifferenceUpper, PValue, Decision, Explanation
