<#
.SYNOPSIS
    5-fold cross-validation: Invoke-CrossValidation against the loop a user writes today
    (Split-Dataset -Folds 5, then Start-Training and Test-Model per fold) on the same folds, and,
    for scale, 5 separate Start-Training runs on all rows.
.DESCRIPTION
    Data: bench/data/numeric-50000.csv (New-BenchData.ps1 -Rows 50000: 10 numeric columns and a
    3-class label), a feed-forward net (64, 32), 3 epochs, batch 256, seed 1, the default 10%
    validation holdout. Both contenders train the same five models on the same fold plan (the
    plan's seed is -Seed, as Split-Dataset's), so the difference is what cross-validation adds: the
    per-fold refit, scoring, pooled predictions and summary. A warm-up run first (JIT, libtorch);
    then the contenders alternate for two rounds and the best time of each is kept.
    Target: Invoke-CrossValidation within 5% of the loop. Measures only; asserts nothing.
#>
param([Parameter(Mandatory)][string] $ModuleDir, [int] $Rounds = 2)
$ErrorActionPreference = 'Stop'
Import-Module (Join-Path $ModuleDir 'DeepStats.psd1') -Force
$csv = & (Join-Path $PSScriptRoot 'New-BenchData.ps1') -Rows 50000
"data: $csv"
"machine: $([Environment]::ProcessorCount) logical cores, load average $((Get-Content /proc/loadavg -ErrorAction SilentlyContinue) -split ' ' | Select-Object -First 3)"
$ds = Import-Dataset $csv -Target label
$p = @{ Model = (New-FeedForwardNet -Hidden 64, 32); Epochs = 3; BatchSize = 256; LearningRate = 0.003; Seed = 1 }

# warm-up: JIT and libtorch on a small slice
$small = Import-Dataset $csv -Target label | Split-Dataset -TestFraction 0.9 -Seed 1
$null = $small.Train | Invoke-CrossValidation @p -Folds 2

function Invoke-Loop {
    $folds = $ds | Split-Dataset -Folds 5 -Seed $p.Seed
    foreach ($f in $folds) {
        $m = $f.Train | Start-Training @p
        $null = $m | Test-Model -Data $f.Test
        $m.Dispose()
    }
}

$cvTimes = @(); $loopTimes = @()
for ($r = 1; $r -le $Rounds; $r++) {
    [GC]::Collect()
    $cvTimes += (Measure-Command { $script:cv = $ds | Invoke-CrossValidation @p -Folds 5 }).TotalSeconds
    [GC]::Collect()
    $loopTimes += (Measure-Command { Invoke-Loop }).TotalSeconds
}
[GC]::Collect()
$fullTime = (Measure-Command { foreach ($i in 1..5) { $m = $ds | Start-Training @p; $m.Dispose() } }).TotalSeconds

$bestCv = ($cvTimes | Measure-Object -Minimum).Minimum
$bestLoop = ($loopTimes | Measure-Object -Minimum).Minimum
"Invoke-CrossValidation -Folds 5: runs {0} s; best {1:F2} s ({2})" -f (($cvTimes | ForEach-Object { $_.ToString('F2') }) -join ', '), $bestCv, $cv
"Split-Dataset -Folds 5 + Start-Training + Test-Model per fold: runs {0} s; best {1:F2} s" -f (($loopTimes | ForEach-Object { $_.ToString('F2') }) -join ', '), $bestLoop
"5 x Start-Training on all {0} rows (one run, for scale: each trains on 5/4 of a fold's rows): {1:F2} s" -f $ds.RowCount, $fullTime
""
"RESULT Invoke-CrossValidation {0:F2} s vs the per-fold loop {1:F2} s: ratio {2:F3} (target <= 1.05); 5 x Start-Training on all rows {3:F2} s (ratio {4:F3})" -f $bestCv, $bestLoop, ($bestCv / $bestLoop), $fullTime, ($bestCv / $fullTime)
