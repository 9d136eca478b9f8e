<#
.SYNOPSIS
    Training speed: DeepStats' Trainer against a bare TorchSharp loop (same network, data, batch size
    and optimizer), alternating in one process; reports images/s and the ratio. Uses the full
    Fashion-MNIST when Debian's dataset-fashion-mnist is installed (first 10,000 images), else the
    built-in 2,000-image slice.
#>
param([Parameter(Mandatory)] [string] $ModuleDir)
$ErrorActionPreference = 'Stop'
$root = Split-Path $PSScriptRoot
$full = '/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz'
$images = if (Test-Path $full) { $full } else { Join-Path $root 'data/fashion-mnist/train-images-idx3-ubyte.gz' }
$project = Join-Path $PSScriptRoot 'TrainingBaseline/TrainingBaseline.csproj'
dotnet build $project -c Release --nologo -v quiet -clp:NoSummary | Out-Host
if ($LASTEXITCODE -ne 0) { throw "Building the training benchmark failed." }
dotnet run --project $project -c Release --no-build -- $images 10000 2 2
if ($LASTEXITCODE -ne 0) { throw "The training benchmark failed." }
