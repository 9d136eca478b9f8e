<#
.SYNOPSIS
    Runs every benchmark script bench/*.bench.ps1 against a built module, one fresh process each,
    and prints their results. Benchmarks measure; they never assert timings (tests do not either).
#>
param(
    [Parameter(Mandatory)] [string] $ModuleDir,
    # run only the benchmarks whose file name matches
    [string] $Filter = '*'
)
$ErrorActionPreference = 'Stop'
$failed = 0
foreach ($b in Get-ChildItem $PSScriptRoot -Filter "$Filter.bench.ps1" | Sort-Object Name) {
    Write-Host "`n== $($b.BaseName)"
    Push-Location (Split-Path $PSScriptRoot)
    try {
        & dotnet tool run pwsh -- -NoProfile -NonInteractive -File $b.FullName -ModuleDir $ModuleDir | Out-Host
        if ($LASTEXITCODE -ne 0) { $failed++; Write-Host "$($b.BaseName) failed (exit code $LASTEXITCODE)" }
    }
    finally { Pop-Location }
}
exit ([int]($failed -gt 0))
