<#
.SYNOPSIS
    Writes the benchmark table once: bench/data/numeric-1m.csv, 1,000,000 rows of 10 numeric columns
    (x1..x10, seeded pseudo-random values with 6 decimals, some columns on large or tiny scales)
    plus a categorical 'label' column (3 classes). Returns the path. bench/data/ is not tracked.
#>
param(
    [int] $Rows = 1000000,
    [int] $Seed = 20261125
)
$ErrorActionPreference = 'Stop'
$dir = Join-Path $PSScriptRoot 'data'
New-Item -ItemType Directory -Force $dir | Out-Null
$path = Join-Path $dir ("numeric-{0}.csv" -f $(if ($Rows -eq 1000000) { '1m' } else { $Rows }))
if (Test-Path $path) { return $path }
$rng = [System.Random]::new($Seed)
$inv = [System.Globalization.CultureInfo]::InvariantCulture
$tmp = "$path.tmp"
$w = [System.IO.StreamWriter]::new($tmp, $false, [System.Text.UTF8Encoding]::new($false), 1MB)
try {
    $w.Write("x1,x2,x3,x4,x5,x6,x7,x8,x9,x10,label`n")
    $labels = 'alpha', 'beta', 'gamma'
    $sb = [System.Text.StringBuilder]::new(256)
    for ($i = 0; $i -lt $Rows; $i++) {
        [void]$sb.Clear()
        for ($j = 1; $j -le 10; $j++) {
            $v = switch ($j) {
                1 { $rng.NextDouble() }
                2 { 1000 * $rng.NextDouble() - 500 }
                3 { 1e6 + $rng.NextDouble() }
                4 { -$rng.NextDouble() * 1e-3 }
                default { ($rng.NextDouble() + $rng.NextDouble() + $rng.NextDouble() - 1.5) * $j }
            }
            [void]$sb.Append($v.ToString('F6', $inv)).Append(',')
        }
        [void]$sb.Append($labels[$rng.Next(3)]).Append("`n")
        $w.Write($sb.ToString())
    }
}
finally { $w.Dispose() }
Move-Item $tmp $path -Force
return $path
