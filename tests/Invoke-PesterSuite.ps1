<#
.SYNOPSIS
    Runs the Pester tests of the cmdlets against a built module folder and writes the counts as JSON.
    build.ps1 starts it in a fresh 'pwsh -NoProfile -NonInteractive' (a loaded DLL cannot be unloaded).
#>
param(
    [Parameter(Mandatory)] [string] $ModuleDir,
    [Parameter(Mandatory)] [string] $PesterPath,
    [Parameter(Mandatory)] [string] $ResultPath,
    # run only the tests with one of these tags (build.ps1 test -Sweep: Learning)
    [string[]] $Tag
)
$ErrorActionPreference = 'Stop'
Import-Module $PesterPath -Force
$env:DEEPSTATS_MODULE = (Resolve-Path (Join-Path $ModuleDir 'DeepStats.psd1')).Path
# The built module is the one 'Import-Module DeepStats' finds (examples and their tests import it by name),
# here and in the runspaces, jobs and child processes the tests start.
$env:PSModulePath = (Split-Path (Resolve-Path $ModuleDir).Path) + [IO.Path]::PathSeparator + $env:PSModulePath

$config = New-PesterConfiguration
$config.Run.Path = @((Join-Path $PSScriptRoot 'Pester'), (Join-Path (Split-Path $PSScriptRoot) 'examples'))
$config.Run.PassThru = $true
if ($Tag) { $config.Filter.Tag = $Tag }
$config.Output.Verbosity = 'Detailed'
$config.TestResult.Enabled = $true
$config.TestResult.OutputPath = [System.IO.Path]::ChangeExtension($ResultPath, '.xml')
$result = Invoke-Pester -Configuration $config

# Containers that fail to load or blocks whose setup fails count as failures too.
$failed = $result.FailedCount + $result.FailedBlocksCount + $result.FailedContainersCount
[pscustomobject]@{ Passed = $result.PassedCount; Failed = $failed; Skipped = $result.SkippedCount } |
    ConvertTo-Json | Set-Content -Path $ResultPath -Encoding utf8
exit ([int]($failed -gt 0))
