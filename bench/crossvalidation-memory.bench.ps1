<#
.SYNOPSIS
    Peak memory of a 5-fold Invoke-CrossValidation on a 1,000,000 x 10 table against the raw payload
    and one fold's tensors (issue 17, item 7).

.DESCRIPTION
    Each measurement runs in a fresh pwsh process: Import-Dataset bench/data/numeric-1m.csv -Target
    label (New-BenchData.ps1: 10 numeric columns, 3 classes), a full GC, then the kernel's peak
    resident set (VmHWM in /proc/self/status, what Process.PeakWorkingSet64 reports) is reset through
    /proc/self/clear_refs (after a warm-up cross-validation of a small sample, so libtorch's code pages and
    the JIT are already loaded) and Invoke-CrossValidation -Folds 5 runs with a tiny network (one hidden
    layer of 8), 1 epoch, batches of 4096 and seed 1, so the run is short and the memory is the data's.
    Reported: the payload (8 bytes per numeric value, 4 per category code), the working set after the
    import, the peak during cross-validation, the peak's extra over the loaded set, and one fold's
    tensors (the fold's 800,000 training rows as float32 features plus int64 labels, its validation
    part included). Target: extra <= one fold's tensors (the raw payload is already loaded).
    -BaselineModuleDir measures a second build (for example main's) in the same run, for before/after.
    Benchmarks measure; they assert nothing. Numbers depend on what else runs on the machine.
#>
param(
    [Parameter(Mandatory)][string]$ModuleDir,
    # a second build to measure in the same run (before/after)
    [string]$BaselineModuleDir,
    [int]$Folds = 5,
    # run only this fold of the plan (0: all), to see one fold's peak
    [int]$Fold = 0
)
$ErrorActionPreference = 'Stop'
$csv = & (Join-Path $PSScriptRoot 'New-BenchData.ps1')
"data: $csv"
"machine: $([Environment]::ProcessorCount) logical cores, load average $((Get-Content /proc/loadavg -ErrorAction SilentlyContinue) -split ' ' | Select-Object -First 3)"

# Runs in the child process: prints one JSON object.
$probe = {
    param($module, $csv, $folds, $fold)
    $ErrorActionPreference = 'Stop'
    function Hwm { [long](((Get-Content /proc/self/status | Where-Object { $_ -like 'VmHWM:*' }) -split '\s+')[1]) * 1KB }
    function ResetHwm { [System.IO.File]::WriteAllText('/proc/self/clear_refs', '5') }
    Import-Module $module
    $ds = Import-Dataset $csv -Target label -WarningAction SilentlyContinue
    $model = New-FeedForwardNet -Hidden 8
    # warm-up on a small sample, so libtorch's code and the JIT are loaded before the peak is reset
    $null = Import-Dataset -Sample Penguins -DropMissing | Invoke-CrossValidation -Folds 2 -Model $model -Epochs 1 -Seed 1
    [GC]::Collect(); [GC]::WaitForPendingFinalizers(); [GC]::Collect()
    $payload = 4L * $ds.RowCount
    foreach ($c in $ds.Columns) { $payload += $(if ($c -is [DeepStats.Core.Data.NumericColumn]) { 8L } else { 4L }) * $c.Length }
    $features = 0
    foreach ($c in $ds.Columns) { $features += $c.EncodedWidth }
    $foldRows = [long]($ds.RowCount * ($folds - 1) / $folds)
    $tensors = $foldRows * (4L * $features + 8L)
    $loaded = [System.Diagnostics.Process]::GetCurrentProcess().WorkingSet64
    ResetHwm
    $t0 = Get-Date
    $only = if ($fold -gt 0) { @{ Fold = $fold } } else { @{} }
    $cv = $ds | Invoke-CrossValidation -Folds $folds @only -Model $model -Epochs 1 -BatchSize 4096 -Seed 1
    $seconds = ((Get-Date) - $t0).TotalSeconds
    $peak = Hwm
    [pscustomobject]@{ Rows = $ds.RowCount; Payload = $payload; FoldTensors = $tensors; Loaded = $loaded; Peak = $peak; Seconds = $seconds
        Score = $cv.Summary[0].Mean } | ConvertTo-Json -Compress
}

function Measure-Build([string]$Label, [string]$Dir) {
    $module = (Resolve-Path (Join-Path $Dir 'DeepStats.psd1')).Path
    $cmd = "& { $probe } '$module' '$csv' $Folds $Fold"
    # a fresh pwsh, started as Invoke-Benchmarks starts the benchmarks (the tool manifest is at the repository root)
    Push-Location (Split-Path $PSScriptRoot)
    try { $json = & dotnet tool run pwsh -- -NoProfile -NonInteractive -Command $cmd }
    finally { Pop-Location }
    if ($LASTEXITCODE -ne 0) { throw "The probe of $Label failed: $json" }
    $r = $json | Select-Object -Last 1 | ConvertFrom-Json
    $mb = { param($b) '{0:N0} MB' -f ($b / 1MB) }
    "{0}: {1:N0} rows, payload {2}, one fold's tensors {3}; loaded {4}, peak during {5}-fold cross-validation{9} {6} ({7:F1} s, mean accuracy {8:F4})" -f `
        $Label, $r.Rows, (& $mb $r.Payload), (& $mb $r.FoldTensors), (& $mb $r.Loaded), $Folds, (& $mb $r.Peak), $r.Seconds, $r.Score, $(if ($Fold -gt 0) { " (fold $Fold only)" } else { '' })
    "RESULT {0}: peak - loaded = {1} = {2:F2} x payload; target <= one fold's tensors ({3}, {4:F2} x payload)" -f `
        $Label, (& $mb ($r.Peak - $r.Loaded)), (($r.Peak - $r.Loaded) / $r.Payload), (& $mb $r.FoldTensors), ($r.FoldTensors / $r.Payload)
}

if ($BaselineModuleDir) { Measure-Build 'baseline' $BaselineModuleDir }
Measure-Build 'this build' $ModuleDir
