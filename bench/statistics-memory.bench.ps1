<#
.SYNOPSIS
    Peak memory of Get-DatasetStatistics against the float64 payload (issue 9, item 11).

.DESCRIPTION
    Each measurement runs in a fresh pwsh process and reads the kernel's peak resident set (VmHWM in
    /proc/self/status, what Process.PeakWorkingSet64 reports), reset through /proc/self/clear_refs
    after the import so that the statistics' own peak is seen:
      - dataset: Import-Dataset file -Target label, then Get-DatasetStatistics. Reported: the payload
        (8 bytes per numeric value, 4 per category code), the working set after the import, the peak
        while the statistics run and their ratio (target: peak / loaded < 1.15, and the extra over
        the loaded set below 15% of the payload);
      - file: Get-DatasetStatistics -Path file in a fresh process (the table is never held): its peak
        against the payload the table would have had.
    Data: bench/data/numeric-1m.csv (New-BenchData.ps1, 1,000,000 x 10 numeric + label). With -Large,
    also a generated file of about -LargeBytes (default 2 GB) with the same columns, written under
    -LargeDir (default the temp folder) and deleted afterwards; check the free space first (df -h).
    Benchmarks measure; they assert nothing. Numbers depend on what else runs on the machine.
#>
param(
    [Parameter(Mandatory)][string]$ModuleDir,
    [switch]$Large,
    [long]$LargeBytes = 2GB,
    [string]$LargeDir = [System.IO.Path]::GetTempPath(),
    # skip the -Path measurement (to measure a build that predates it)
    [switch]$DatasetOnly,
    # measure this existing large file instead of generating one (it is not deleted)
    [string]$LargeCsv
)
$ErrorActionPreference = 'Stop'
$module = (Resolve-Path (Join-Path $ModuleDir 'DeepStats.psd1')).Path

# Runs in the child process: prints one JSON object.
$probe = {
    param($module, $csv, $mode)
    $ErrorActionPreference = 'Stop'
    function Hwm { [long](((Get-Content /proc/self/status | Where-Object { $_ -like 'VmHWM:*' }) -split '\s+')[1]) * 1KB }
    function ResetHwm { [System.IO.File]::WriteAllText('/proc/self/clear_refs', '5') }
    Import-Module $module
    if ($mode -eq 'dataset') {
        $t0 = Get-Date
        $ds = Import-Dataset $csv -Target label -WarningAction SilentlyContinue
        $load = ((Get-Date) - $t0).TotalSeconds
        $importPeak = Hwm
        [GC]::Collect(); [GC]::WaitForPendingFinalizers(); [GC]::Collect()
        $payload = 4L * $ds.RowCount
        foreach ($c in $ds.Columns) { $payload += $(if ($c -is [DeepStats.Core.Data.NumericColumn]) { 8L } else { 4L }) * $c.Length }
        $loaded = [System.Diagnostics.Process]::GetCurrentProcess().WorkingSet64
        ResetHwm
        $t0 = Get-Date
        $stats = Get-DatasetStatistics $ds -WarningAction SilentlyContinue
        $seconds = ((Get-Date) - $t0).TotalSeconds
        $peak = Hwm
        [pscustomobject]@{ Mode = $mode; Rows = $ds.RowCount; Payload = $payload; Loaded = $loaded; ImportPeak = $importPeak; StatisticsPeak = $peak
            ImportSeconds = $load; StatisticsSeconds = $seconds; Mean1 = ($stats | Where-Object Column -EQ 'x3').Mean } | ConvertTo-Json -Compress
    }
    else {
        [GC]::Collect()
        $before = [System.Diagnostics.Process]::GetCurrentProcess().WorkingSet64
        ResetHwm
        $t0 = Get-Date
        $stats = Get-DatasetStatistics -LiteralPath $csv -WarningAction SilentlyContinue -Verbose 4>&1
        $seconds = ((Get-Date) - $t0).TotalSeconds
        $peak = Hwm
        $passes = ($stats | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] -and $_.Message -like 'Pass *' }).Count
        $s = $stats | Where-Object { $_ -isnot [System.Management.Automation.VerboseRecord] }
        $rows = ($s | Select-Object -First 1 | ForEach-Object { $_.Count + $_.Missing })
        $payload = 0L
        foreach ($x in $s) { $payload += $(if ($x -is [DeepStats.Core.Statistics.NumericSummary]) { 8L } else { 4L }) * ($x.Count + $x.Missing) }
        [pscustomobject]@{ Mode = $mode; Rows = $rows; Payload = $payload; Loaded = $before; StatisticsPeak = $peak; Passes = $passes
            StatisticsSeconds = $seconds; Mean1 = ($s | Where-Object Column -EQ 'x3').Mean } | ConvertTo-Json -Compress
    }
}

function Measure-Peak([string]$Csv, [string]$Mode) {
    # a fresh pwsh, started as Invoke-Benchmarks starts the benchmarks (the tool manifest is at the repository root)
    Push-Location (Split-Path $PSScriptRoot)
    try { $out = & dotnet tool run pwsh -- -NoProfile -NonInteractive -Command "& { $probe } '$module' '$Csv' '$Mode'" }
    finally { Pop-Location }
    if ($LASTEXITCODE -ne 0) { throw "probe failed: $out" }
    $r = ($out | Select-Object -Last 1) | ConvertFrom-Json
    $mb = { param($b) '{0:N0} MB' -f ($b / 1MB) }
    if ($Mode -eq 'dataset') {
        '{0}: {1:N0} rows, payload {2}; after import {3} (import peak {4}, {5:F1} s); statistics peak {6} ({7:F1} s): peak / loaded {8:F3}x, extra {9:P1} of the payload' -f `
            $Mode, $r.Rows, (& $mb $r.Payload), (& $mb $r.Loaded), (& $mb $r.ImportPeak), $r.ImportSeconds, (& $mb $r.StatisticsPeak), $r.StatisticsSeconds,
            ($r.StatisticsPeak / $r.Loaded), (($r.StatisticsPeak - $r.Loaded) / $r.Payload)
    }
    else {
        '{0}: {1:N0} rows, payload if loaded {2}; process before {3}; -Path peak {4} in {5} pass(es), {6:F1} s: peak / payload {7:F3}x' -f `
            $Mode, $r.Rows, (& $mb $r.Payload), (& $mb $r.Loaded), (& $mb $r.StatisticsPeak), $r.Passes, $r.StatisticsSeconds, ($r.StatisticsPeak / $r.Payload)
    }
    "  check: mean of x3 = $($r.Mean1)"
}

"machine: $([Environment]::ProcessorCount) logical cores, $('{0:N1}' -f ([long]((Get-Content /proc/meminfo -TotalCount 1) -replace '\D', '') / 1MB)) GiB RAM, .NET $([Environment]::Version); shared: numbers vary with other work"
$csv = & (Join-Path $PSScriptRoot 'New-BenchData.ps1')
"data: $csv ($('{0:N0}' -f ((Get-Item $csv).Length / 1MB)) MB)"
Measure-Peak $csv 'dataset'
if (-not $DatasetOnly) { Measure-Peak $csv 'file' }

if ($LargeCsv) {
    "large: $LargeCsv, $('{0:N2}' -f ((Get-Item $LargeCsv).Length / 1GB)) GiB (given)"
    Measure-Peak $LargeCsv 'dataset'
    if (-not $DatasetOnly) { Measure-Peak $LargeCsv 'file' }
}
elseif ($Large) {
    $big = Join-Path $LargeDir ("deepstats-bench-{0}.csv" -f [guid]::NewGuid().ToString('N'))
    try {
        Add-Type -TypeDefinition @'
using System; using System.IO; using System.Text; using System.Globalization;
public static class DeepStatsBenchWriter {
    // the columns of New-BenchData.ps1, written until the file reaches the size asked for
    public static long Write(string path, long bytes, int seed) {
        var rng = new Random(seed); var inv = CultureInfo.InvariantCulture; string[] labels = { "alpha", "beta", "gamma" };
        long rows = 0;
        using (var w = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 20)) {
            w.Write("x1,x2,x3,x4,x5,x6,x7,x8,x9,x10,label\n");
            var sb = new StringBuilder(256);
            while (w.BaseStream.Position < bytes) {
                sb.Clear();
                for (int j = 1; j <= 10; j++) {
                    double v = j == 1 ? rng.NextDouble() : j == 2 ? 1000 * rng.NextDouble() - 500 : j == 3 ? 1e6 + rng.NextDouble()
                        : j == 4 ? -rng.NextDouble() * 1e-3 : (rng.NextDouble() + rng.NextDouble() + rng.NextDouble() - 1.5) * j;
                    sb.Append(v.ToString("F6", inv)).Append(',');
                }
                sb.Append(labels[rng.Next(3)]).Append('\n');
                w.Write(sb.ToString());
                rows++;
            }
        }
        return rows;
    }
}
'@
        $t0 = Get-Date
        $rows = [DeepStatsBenchWriter]::Write($big, $LargeBytes, 20261126)
        "large: $big, $('{0:N0}' -f $rows) rows, $('{0:N2}' -f ((Get-Item $big).Length / 1GB)) GiB, written in $('{0:F0}' -f ((Get-Date) - $t0).TotalSeconds) s"
        Measure-Peak $big 'dataset'
        if (-not $DatasetOnly) { Measure-Peak $big 'file' }
    }
    finally { Remove-Item -LiteralPath $big -ErrorAction SilentlyContinue }
}
