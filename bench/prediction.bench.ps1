<#
.SYNOPSIS
    Prediction speed. (1) DeepStats' Predictor (the engine of Invoke-Prediction: stored preprocessing,
    batches, per-row results) against a bare TorchSharp batch inference on the same net and data, for
    the default ConvNet on Fashion-MNIST and a small FFN on a table; target: at least 0.9x. (2) Pipeline
    objects ([pscustomobject] rows, as from Import-Csv) through Invoke-Prediction into a small FFN, rows/s
    end to end including the output objects; target: at least 50,000 rows/s.
#>
param([Parameter(Mandatory)] [string] $ModuleDir)
$ErrorActionPreference = 'Stop'
$root = Split-Path $PSScriptRoot
$full = '/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz'
$images = if (Test-Path $full) { $full } else { Join-Path $root 'data/fashion-mnist/train-images-idx3-ubyte.gz' }
$project = Join-Path $PSScriptRoot 'PredictionBaseline/PredictionBaseline.csproj'
dotnet build $project -c Release --nologo -v quiet -clp:NoSummary | Out-Host
if ($LASTEXITCODE -ne 0) { throw "Building the prediction benchmark failed." }
dotnet run --project $project -c Release --no-build -- $images 10000 200000 3
if ($LASTEXITCODE -ne 0) { throw "The prediction benchmark failed." }

Import-Module (Join-Path $ModuleDir 'DeepStats.psd1')
$n = 200000
$rng = [Random]::new(1)
$train = 1..2000 | ForEach-Object {
    $a = $rng.NextDouble() * 4 - 2; $b = $rng.NextDouble() * 4 - 2
    [pscustomobject]@{ a = $a; b = $b; c = $rng.NextDouble(); d = $rng.NextDouble(); y = if ($a + $b -gt 0) { 'pos' } else { 'neg' } }
} | ConvertTo-Dataset -Target y
$model = $train | Start-Training -Model (New-FeedForwardNet -Hidden 16) -Epochs 1 -Seed 1
$rows = [System.Collections.Generic.List[object]]::new($n)
for ($i = 0; $i -lt $n; $i++) { $rows.Add([pscustomobject]@{ id = $i; a = $rng.NextDouble(); b = $rng.NextDouble(); c = $rng.NextDouble(); d = $rng.NextDouble() }) }
$runs = foreach ($r in 1..3) {
    $sw = [Diagnostics.Stopwatch]::StartNew()
    $count = ($rows | Invoke-Prediction -Model $model -KeyColumn id | Measure-Object).Count
    $sw.Stop()
    if ($count -ne $n) { throw "expected $n predictions, got $count" }
    $n / $sw.Elapsed.TotalSeconds
}
"pipeline objects -> Invoke-Prediction (FFN 4-16-2, $n rows, with -KeyColumn, counted by Measure-Object): best {0:N0} rows/s (runs: {1})" -f
    ($runs | Measure-Object -Maximum).Maximum, (($runs | ForEach-Object { $_.ToString('N0') }) -join ', ')
