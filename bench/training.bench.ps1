<#
.SYNOPSIS
    Training speed and memory: the reference CNN and an MLP 784-256-128-10 (Adam 1e-3, batch 128),
    each trained (a) through Start-Training, (b) through a minimal TorchSharp loop written without
    DeepStats' classes (bench/TrainingBaseline) and (c) through the same loop in PyTorch when Debian's
    python3-torch is installed. The systems alternate round by round in one run, so they see the same
    machine load; throughput is images/s over the epochs after the first (best round). Then the resident
    memory of a 50-epoch Start-Training run, epoch 2 against epoch 50. Uses the full Fashion-MNIST when
    Debian's dataset-fashion-mnist is installed (first -Rows images), else the built-in 2,000-image slice.
    Measures only; never asserts (timings are not tests).
#>
param(
    [Parameter(Mandatory)] [string] $ModuleDir,
    [int] $Rows = 10000,
    [int] $Epochs = 3,
    [int] $Rounds = 2,
    [int] $MemoryEpochs = 50
)
$ErrorActionPreference = 'Stop'
$root = Split-Path $PSScriptRoot
Import-Module (Join-Path $ModuleDir 'DeepStats.psd1') -Force
$full = '/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz'
$images = if (Test-Path $full) { $full } else { Join-Path $ModuleDir 'data/fashion-mnist/train-images-idx3-ubyte.gz' }

# --- the machine
$cpu = ((Get-Content /proc/cpuinfo -ErrorAction SilentlyContinue | Where-Object { $_ -like 'model name*' } | Select-Object -First 1) -split ':', 2)[-1].Trim()
"CPU: $cpu ($([Environment]::ProcessorCount) logical); load average: $((Get-Content /proc/loadavg -ErrorAction SilentlyContinue) -split ' ' | Select-Object -First 3)"
# Debian's interpreter (python3-torch installs into its dist-packages), not a pyenv shim earlier on PATH
$python = if (Test-Path /usr/bin/python3) { '/usr/bin/python3' } else { (Get-Command python3 -ErrorAction SilentlyContinue).Source }
$torchVersion = if ($python) { & $python -c 'import torch; print(torch.__version__)' 2>$null }
# which libblas.so.3 Debian's alternatives point at (PyTorch from Debian links it): OpenBLAS or the reference BLAS
$blas = (Get-Item /etc/alternatives/libblas.so.3-x86_64-linux-gnu -ErrorAction SilentlyContinue).LinkTarget
$pytorchState = if ($torchVersion) { "PyTorch $torchVersion (Debian python3-torch); BLAS: $(if ($blas -match 'openblas') { "OpenBLAS ($blas)" } elseif ($blas) { "reference BLAS ($blas) - install libopenblas0-openmp for OpenBLAS" } else { 'unknown' })" } else { 'PyTorch: not installed (apt-get install python3-torch libopenblas0-openmp for the side-by-side)' }
$pytorchState

# --- data: the first -Rows images, written once as plain IDX files that every system reads
function Read-Gz([string] $path) {
    $in = [IO.File]::OpenRead($path); $gz = [IO.Compression.GZipStream]::new($in, [IO.Compression.CompressionMode]::Decompress)
    $ms = [IO.MemoryStream]::new(); $gz.CopyTo($ms); $gz.Dispose(); $in.Dispose(); , $ms.ToArray()
}
$img = Read-Gz $images
$lab = Read-Gz ($images -replace 'images-idx3', 'labels-idx1')
$total = [int]$img[4] * 16777216 + [int]$img[5] * 65536 + [int]$img[6] * 256 + [int]$img[7]
$Rows = [math]::Min($Rows, $total)
$dir = Join-Path ([IO.Path]::GetTempPath()) "deepstats-bench-$PID"
$null = New-Item -ItemType Directory -Force $dir
$count = [BitConverter]::GetBytes([int]$Rows); [Array]::Reverse($count)
$imgOut = [byte[]]::new(16 + $Rows * 784); [Array]::Copy($img, $imgOut, 16 + $Rows * 784); [Array]::Copy($count, 0, $imgOut, 4, 4)
$labOut = [byte[]]::new(8 + $Rows); [Array]::Copy($lab, $labOut, 8 + $Rows); [Array]::Copy($count, 0, $labOut, 4, 4)
[IO.File]::WriteAllBytes((Join-Path $dir 'train-images-idx3-ubyte'), $imgOut)
[IO.File]::WriteAllBytes((Join-Path $dir 'train-labels-idx1-ubyte'), $labOut)
$source = $images
$images = Join-Path $dir 'train-images-idx3-ubyte'
$data = Import-Dataset $images
"data: $($data.RowCount) images from $source; $Epochs epochs per run, batch 128, $Rounds rounds; torch threads: default"

$L = [DeepStats.Core.Models.LayerSpec]; $T = [DeepStats.Core.Models.LayerType]
$cnn = [DeepStats.Core.Models.ModelSpec]@{ Kind = 'ReferenceCNN'; Layers = [DeepStats.Core.Models.LayerSpec[]]@(
    $L::Conv(32, 3, 1, 1), $L::Of($T::BatchNorm2d), $L::Of($T::ReLU), $L::Pool($T::MaxPool2d, 2),
    $L::Conv(64, 3, 1, 1), $L::Of($T::BatchNorm2d), $L::Of($T::ReLU), $L::Pool($T::MaxPool2d, 2),
    $L::Of($T::Flatten), $L::Dense(128), $L::Of($T::ReLU), $L::DropoutLayer(0.25), $L::Dense($null)) }
# issue 9 makes New-FeedForwardNet flatten images: then this becomes New-FeedForwardNet -Hidden 256,128
$mlp = [DeepStats.Core.Models.ModelSpec]@{ Kind = 'MLP'; Layers = [DeepStats.Core.Models.LayerSpec[]]@(
    $L::Of($T::Flatten), $L::Dense(256), $L::Of($T::ReLU), $L::Dense(128), $L::Of($T::ReLU), $L::Dense($null)) }

$project = Join-Path $PSScriptRoot 'TrainingBaseline/TrainingBaseline.csproj'
dotnet build $project -c Release --nologo -v quiet -clp:NoSummary | Out-Host
if ($LASTEXITCODE -ne 0) { throw 'Building the training baseline failed.' }
$baseline = Join-Path $PSScriptRoot 'TrainingBaseline/bin/Release/net10.0/TrainingBaseline.dll'

function Measure-Child([string[]] $command) {
    $lines = & $command[0] $command[1..($command.Count - 1)]
    if ($LASTEXITCODE -ne 0) { throw "$($command -join ' ') failed." }
    $perEpoch = @($lines | Where-Object { $_ -like 'epoch *' } | ForEach-Object { [double]($_ -split ' ')[2] })
    ($perEpoch | Select-Object -Skip 1 | Measure-Object -Average).Average
}

$table = foreach ($net in @(@{ Name = 'cnn'; Spec = $cnn; Label = 'reference CNN' }, @{ Name = 'mlp'; Spec = $mlp; Label = 'MLP 784-256-128-10' })) {
    $runs = @{ 'Start-Training' = @(); 'TorchSharp loop' = @(); 'PyTorch' = @() }
    for ($r = 1; $r -le $Rounds; $r++) {
        $m = $data | Start-Training -Model $net.Spec -Epochs $Epochs -BatchSize 128 -LearningRate 1e-3 -ValidationFraction 0 -Seed 1
        $runs['Start-Training'] += ($m.History | Select-Object -Skip 1 | Measure-Object ExamplesPerSecond -Average).Average
        $m.Dispose()
        $runs['TorchSharp loop'] += Measure-Child @('dotnet', $baseline, $net.Name, $images, $Rows, $Epochs, 128)
        if ($torchVersion) { $runs['PyTorch'] += Measure-Child @($python, (Join-Path $PSScriptRoot 'pytorch_loop.py'), $net.Name, $images, $Rows, $Epochs, 128) }
    }
    $raw = ($runs['TorchSharp loop'] | Measure-Object -Maximum).Maximum
    foreach ($system in 'Start-Training', 'TorchSharp loop', 'PyTorch') {
        if (-not $runs[$system]) { continue }
        $best = ($runs[$system] | Measure-Object -Maximum).Maximum
        [pscustomobject]@{
            Network = $net.Label; System = $system; ImagesPerSecond = [math]::Round($best)
            Runs = ($runs[$system] | ForEach-Object { [math]::Round($_) }) -join ', '
            VsTorchSharpLoop = '{0:N2}x' -f ($best / $raw)
        }
    }
}

$table | Format-Table -AutoSize | Out-String -Width 200

# --- the flat parameter buffer's share: the same Trainer with and without it, alternating in this process
$flatRuns = @{ $true = @(); $false = @() }
$opts = [DeepStats.Core.Training.TrainingOptions]@{ Epochs = $Epochs; BatchSize = 128; LearningRate = 1e-3; ValidationFraction = 0; Seed = 1 }
for ($r = 1; $r -le $Rounds * 2; $r++) {
    foreach ($flat in $true, $false) {
        $t = [DeepStats.Core.Training.Trainer]::new($opts); $t.FlatParameters = $flat
        $m = $t.Fit($data, $mlp, [Threading.CancellationToken]::None)
        $flatRuns[$flat] += ($m.History | Select-Object -Skip 1 | Measure-Object ExamplesPerSecond -Average).Average
        $m.Dispose()
    }
}
'MLP through the Trainer, one flat parameter buffer: {0:N0} images/s (runs {1}); per-parameter optimiser: {2:N0} (runs {3}); ratio {4:N2}x' -f `
    ($flatRuns[$true] | Measure-Object -Maximum).Maximum, (($flatRuns[$true] | ForEach-Object { '{0:N0}' -f $_ }) -join ', '),
    ($flatRuns[$false] | Measure-Object -Maximum).Maximum, (($flatRuns[$false] | ForEach-Object { '{0:N0}' -f $_ }) -join ', '),
    (($flatRuns[$true] | Measure-Object -Maximum).Maximum / ($flatRuns[$false] | Measure-Object -Maximum).Maximum)

# --- memory: resident set of this process at the end of every epoch of a long Start-Training run
$rss = [System.Collections.Generic.List[long]]::new()
$small = (Split-Dataset $data -TestFraction ([math]::Max(0.0, 1.0 - 2000.0 / $data.RowCount)) -Seed 1).Train
$null = $small | Start-Training -Model $mlp -Epochs $MemoryEpochs -BatchSize 128 -ValidationFraction 0.1 -Seed 1 -Verbose 4>&1 |
    ForEach-Object { if ($_ -is [System.Management.Automation.VerboseRecord] -and $_.Message -like 'Epoch *') { [GC]::Collect(); $rss.Add([Diagnostics.Process]::GetCurrentProcess().WorkingSet64) } }
if ($rss.Count -ge $MemoryEpochs) {
    'Memory (MLP, {0} images, {1} epochs, Start-Training): resident {2:N1} MB after epoch 2, {3:N1} MB after epoch {1}: growth {4:P2} (target below 5%)' -f `
        $small.RowCount, $MemoryEpochs, ($rss[1] / 1MB), ($rss[$MemoryEpochs - 1] / 1MB), (($rss[$MemoryEpochs - 1] - $rss[1]) / $rss[1])
}
Remove-Item -Recurse -Force $dir
"Measured while the machine is shared: load average now $((Get-Content /proc/loadavg -ErrorAction SilentlyContinue) -split ' ' | Select-Object -First 3)"
