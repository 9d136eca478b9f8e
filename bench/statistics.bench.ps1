<#
.SYNOPSIS
    Get-DatasetStatistics against Measure-Object -AllStats on the same 1,000,000 x 10 numeric table.

.DESCRIPTION
    Data: bench/data/numeric-1m.csv (New-BenchData.ps1), 10 numeric columns x1..x10 and a label.
    Loading is outside the timed regions:
      - ours: Import-Dataset (typed float64 columns);
      - Measure-Object: Import-Csv once, then two ways, both timed:
        (a) "objects": the Import-Csv objects piped to Measure-Object -Property x1..x10 -AllStats
            (what a PowerShell user writes; Measure-Object converts the text values itself);
        (b) "arrays": each of the 10 columns first converted to a [double[]] (outside the timing),
            each array piped to Measure-Object -AllStats.
        Measure-Object -AllStats computes count, average, sum, maximum, minimum and the sample
        standard deviation; no quantiles, skewness, kurtosis, interval or test.
    Both sides get a small warm-up run first (JIT). Ours is timed 5 times (the first runs also fill the buffer pool) and the best run is kept;
    Measure-Object once (it takes tens of seconds). Benchmarks measure; they assert nothing.
#>
param([Parameter(Mandatory)][string]$ModuleDir)
$ErrorActionPreference = 'Stop'
Import-Module (Join-Path $ModuleDir 'DeepStats.psd1') -Force
$csv = & (Join-Path $PSScriptRoot 'New-BenchData.ps1')
$columns = 1..10 | ForEach-Object { "x$_" }
"data: $csv"
"machine: $([Environment]::ProcessorCount) logical cores, .NET $([Environment]::Version), PowerShell $($PSVersionTable.PSVersion)"

# --- ours -----------------------------------------------------------------------------------
$load = Measure-Command { $ds = Import-Dataset $csv -Target label }
"Import-Dataset: {0:F1} s (not timed below): $ds" -f $load.TotalSeconds
$null = 1..50 | ForEach-Object { [pscustomobject]@{ a = $_; b = $_ % 7 } } | Get-DatasetStatistics   # warm-up
[GC]::Collect()   # the import's garbage is not part of the statistics' work
$runs = 1..5 | ForEach-Object { (Measure-Command { $script:stats = Get-DatasetStatistics $ds }).TotalSeconds }
$ours = ($runs | Measure-Object -Minimum).Minimum
"Get-DatasetStatistics: runs {0} s; best {1:F3} s" -f (($runs | ForEach-Object { $_.ToString('F3') }) -join ', '), $ours
"  computed per numeric column: count, missing, distinct, mean, variance, sd, SE, t CI, min, Q1, median, Q3, max, IQR,"
"  G1/G2 and g1/g2, CV, Tukey outliers, D'Agostino-Pearson K2 (n > 5000); for 'label': level counts, mode, entropy, baseline"
$stats | Where-Object Column -EQ 'x3' | Select-Object Column, Count, Mean, StandardDeviation, Median, Skewness, Kurtosis, NormalityTest, NormalityPValue | Format-List | Out-String | ForEach-Object Trim

# --- Measure-Object -------------------------------------------------------------------------
Remove-Variable ds
[GC]::Collect()
$load = Measure-Command { $rows = Import-Csv $csv }
"Import-Csv: {0:F1} s (not timed below)" -f $load.TotalSeconds
$null = $rows[0..999] | Measure-Object -Property $columns -AllStats   # warm-up
$moObjects = (Measure-Command {
    $script:byObjects = $rows | Measure-Object -Property $columns -AllStats
}).TotalSeconds
"Measure-Object -Property x1..x10 -AllStats on the Import-Csv objects: {0:F3} s" -f $moObjects

$load = Measure-Command { $arrays = foreach ($c in $columns) { , [double[]]($rows.$c) } }
Remove-Variable rows
[GC]::Collect()
"conversion of the 10 columns to [double[]]: {0:F1} s (not timed below)" -f $load.TotalSeconds
$null = [double[]](1..1000) | Measure-Object -AllStats   # warm-up
$moArrays = (Measure-Command {
    $script:measured = foreach ($a in $arrays) { $a | Measure-Object -AllStats }
}).TotalSeconds
"Measure-Object -AllStats on the 10 [double[]] arrays: {0:F3} s" -f $moArrays
"  computed per column: count, average, sum, maximum, minimum, standard deviation (no quantiles, skewness, kurtosis, CI or test)"
"check x3: Measure-Object mean {0:R}, sd {1:R}; ours mean {2:R}, sd {3:R}" -f $measured[2].Average, $measured[2].StandardDeviation,
    ($stats | Where-Object Column -EQ 'x3').Mean, ($stats | Where-Object Column -EQ 'x3').StandardDeviation

""
"RESULT Get-DatasetStatistics {0:F3} s; Measure-Object -AllStats on Import-Csv objects {1:F3} s (ratio {2:F1}x), on [double[]] arrays {3:F3} s (ratio {4:F1}x); target >= 60x" -f $ours, $moObjects, ($moObjects / $ours), $moArrays, ($moArrays / $ours)
