<#
.SYNOPSIS
    Import speed and memory on bench/data/numeric-1m.csv (1,000,000 x 10 numeric + label), in one run:
    Import-Dataset, Import-Csv, and a plain CsvHelper loop into float arrays (bench/CsvBaseline).
.DESCRIPTION
    Each contender runs in its own fresh process so peak memory is its own. Peak memory is the
    process's PeakWorkingSet64 (Linux VmHWM) after the work, and, for Import-Dataset, also the
    growth over the peak before the import (the module and pwsh loaded). Times are the best of three
    runs for Import-Dataset and the baseline (after a warm-up run: JIT and page cache), one run for
    Import-Csv (it is slow). Measures only; never asserts.
#>
param([Parameter(Mandatory)][string] $ModuleDir)
$ErrorActionPreference = 'Stop'
$csv = & (Join-Path $PSScriptRoot 'New-BenchData.ps1')
$rows = 1000000
$payloadMB = $rows * 10 * 8 / 1MB
# a fresh PowerShell: the pinned local tool (this script runs from the repository root, as build.ps1 bench starts it)
function Invoke-ChildPwsh([string] $Script) { & dotnet tool run pwsh -- -NoProfile -NonInteractive -Command $Script }
Write-Host ("Data: {0} ({1:N0} MB), float64 payload {2:N0} MB" -f $csv, ((Get-Item $csv).Length / 1MB), $payloadMB)

# 1. the plain CsvHelper baseline
$proj = Join-Path $PSScriptRoot 'CsvBaseline/CsvBaseline.csproj'
dotnet build $proj -c Release --nologo -v quiet -clp:NoSummary -o (Join-Path $PSScriptRoot 'CsvBaseline/bin/out') | Out-Host
if ($LASTEXITCODE -ne 0) { throw 'Building bench/CsvBaseline failed.' }
$exe = Join-Path $PSScriptRoot "CsvBaseline/bin/out/CsvBaseline$(if ($IsWindows) { '.exe' })"
$line = & $exe $csv
if ($LASTEXITCODE -ne 0) { throw 'The CsvHelper baseline failed.' }
$base = @{}; foreach ($kv in $line -split ' ') { $k, $v = $kv -split '=', 2; $base[$k] = [double]::Parse($v, [cultureinfo]::InvariantCulture) }

# 2. Import-Dataset, in a child pwsh; the warm-up (JIT) reads a 5,000-row slice so it does not raise the peak
$small = Join-Path (Split-Path $csv) 'numeric-5k.csv'
if (-not (Test-Path $small)) { Get-Content -LiteralPath $csv -TotalCount 5001 | Set-Content -LiteralPath $small }
$script = @"
`$ErrorActionPreference = 'Stop'
Import-Module '$ModuleDir/DeepStats.psd1'
`$p = [System.Diagnostics.Process]::GetCurrentProcess()
`$null = Import-Dataset -LiteralPath '$small' -Target label   # warm-up: JIT
`$f = [System.IO.File]::OpenRead('$csv'); `$f.CopyTo([System.IO.Stream]::Null); `$f.Dispose()   # page cache, streamed
[GC]::Collect(); [GC]::WaitForPendingFinalizers(); [GC]::Collect()
`$p.Refresh(); `$before = `$p.PeakWorkingSet64
`$best = [double]::MaxValue
foreach (`$i in 1..3) {
    `$ds = `$null; [GC]::Collect()
    `$sw = [System.Diagnostics.Stopwatch]::StartNew()
    `$ds = Import-Dataset -LiteralPath '$csv' -Target label
    `$sw.Stop(); `$best = [math]::Min(`$best, `$sw.Elapsed.TotalSeconds)
    if (`$i -eq 1) { `$p.Refresh(); `$after = `$p.PeakWorkingSet64 }
}
'{0} {1} {2} {3}' -f `$ds.RowCount, `$best, `$before, `$after
"@
$out = Invoke-ChildPwsh $script
$parts = ($out | Select-Object -Last 1) -split ' '
$dsRows = [int]$parts[0]; $dsSeconds = [double]$parts[1]; $dsBefore = [double]$parts[2] / 1MB; $dsAfter = [double]$parts[3] / 1MB
if ($dsRows -ne $rows) { throw "Import-Dataset read $dsRows rows, expected $rows." }

# 3. Import-Csv, in a child pwsh (counting rows; its peak memory too)
$script = @"
`$p = [System.Diagnostics.Process]::GetCurrentProcess(); `$p.Refresh(); `$before = `$p.PeakWorkingSet64
`$sw = [System.Diagnostics.Stopwatch]::StartNew()
`$rows = @(Import-Csv -LiteralPath '$csv').Count
`$sw.Stop(); `$p.Refresh()
'{0} {1} {2} {3}' -f `$rows, `$sw.Elapsed.TotalSeconds, `$before, `$p.PeakWorkingSet64
"@
$out = Invoke-ChildPwsh $script
$parts = ($out | Select-Object -Last 1) -split ' '
$icRows = [int]$parts[0]; $icSeconds = [double]$parts[1]; $icBefore = [double]$parts[2] / 1MB; $icAfter = [double]$parts[3] / 1MB

$baseRate = $base.rowsPerSecond; $dsRate = $rows / $dsSeconds; $icRate = $icRows / $icSeconds
$table = @(
    [pscustomobject]@{ Reader = 'CsvHelper loop (float32 arrays)'; Seconds = [math]::Round($base.seconds, 2); RowsPerSecond = [math]::Round($baseRate); VsBaseline = 1.0; PeakMB = $base.peakWorkingSetMB; PeakGrowthMB = $null }
    [pscustomobject]@{ Reader = 'Import-Dataset (float64 columns)'; Seconds = [math]::Round($dsSeconds, 2); RowsPerSecond = [math]::Round($dsRate); VsBaseline = [math]::Round($dsRate / $baseRate, 2); PeakMB = [math]::Round($dsAfter); PeakGrowthMB = [math]::Round($dsAfter - $dsBefore) }
    [pscustomobject]@{ Reader = 'Import-Csv (count rows)'; Seconds = [math]::Round($icSeconds, 2); RowsPerSecond = [math]::Round($icRate); VsBaseline = [math]::Round($icRate / $baseRate, 3); PeakMB = [math]::Round($icAfter); PeakGrowthMB = [math]::Round($icAfter - $icBefore) }
)
$table | Format-Table -AutoSize | Out-String -Width 160 | Out-Host
Write-Host ("Import-Dataset: {0:N2}x the CsvHelper loop, {1:N1}x Import-Csv; peak working-set growth {2:N0} MB = {3:N2}x the {4:N0} MB float64 payload." -f ($dsRate / $baseRate), ($dsRate / $icRate), ($dsAfter - $dsBefore), (($dsAfter - $dsBefore) / $payloadMB), $payloadMB)
$results = Join-Path $PSScriptRoot 'results'
New-Item -ItemType Directory -Force $results | Out-Null
$table | ConvertTo-Json | Set-Content (Join-Path $results 'import.json')
