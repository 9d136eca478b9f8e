#!/usr/bin/env pwsh
<#
.SYNOPSIS
    Builds, tests and demonstrates DeepStats.
.DESCRIPTION
    build  Lays the module out in out/DeepStats: manifest, format file, help, DLLs, the libtorch
           natives next to TorchSharp.dll (libstdc++ fix applied where the host needs it) and the
           built-in sample data.
    test   Builds, runs the xunit tests of the engine, then the Pester tests of the cmdlets in a fresh
           'pwsh -NoProfile -NonInteractive' against out/DeepStats. Ends with 'N passed, N failed';
           exits non-zero on any failure.
    demo   Builds, then trains the default ConvNet on the built-in Fashion-MNIST slice and prints the
           test accuracy with its 95% confidence interval. -Full uses all 70,000 images of Debian's
           dataset-fashion-mnist package (/usr/share/datasets/fashion-mnist).
    bench  Builds, then runs the benchmarks in bench/ and prints their results.
    clean  Removes out/, .tools/ and every bin/ and obj/.
.EXAMPLE
    dotnet tool restore; dotnet pwsh ./build.ps1 test
#>
[CmdletBinding()]
param(
    [Parameter(Position = 0)]
    [ValidateSet('build', 'test', 'demo', 'bench', 'clean')]
    [string] $Task = 'build',

    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release',

    # demo: train on the full Fashion-MNIST (60,000 + 10,000 images) instead of the built-in slice
    [switch] $Full,

    # demo: epochs to train
    [int] $Epochs = 0,

    # bench: run only the benchmarks whose name matches (bench/<name>.bench.ps1)
    [string] $Filter = '*'
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0
$root = $PSScriptRoot
$out = Join-Path $root 'out'
$moduleDir = Join-Path $out 'DeepStats'
$results = Join-Path $out 'test-results'

function Invoke-Native([string] $What, [scriptblock] $Command) {
    & $Command
    if ($LASTEXITCODE -ne 0) { throw "$What failed (exit code $LASTEXITCODE)." }
}

# A fresh PowerShell of the version pinned in the tool manifest, run from the repository so the
# local tool is found. Returns the child's exit code.
function Invoke-FreshPwsh([string[]] $Arguments) {
    Push-Location $root
    try {
        & dotnet tool run pwsh -- -NoProfile -NonInteractive @Arguments | Out-Host
        return $LASTEXITCODE
    }
    finally { Pop-Location }
}

function Invoke-Build {
    $sw = [Diagnostics.Stopwatch]::StartNew()
    $rid = [System.Runtime.InteropServices.RuntimeInformation]::RuntimeIdentifier
    Write-Host "Building DeepStats ($Configuration, $rid) into $moduleDir"
    Invoke-Native 'dotnet publish' {
        dotnet publish (Join-Path $root 'src/DeepStats.Module/DeepStats.Module.csproj') -c $Configuration -r $rid `
            --self-contained false -o $moduleDir --nologo -v quiet -clp:NoSummary
    }
    Copy-Item (Join-Path $root 'DeepStats.psd1') $moduleDir -Force
    Copy-Item (Join-Path $root 'src/DeepStats.Module/DeepStats.format.ps1xml') $moduleDir -Force
    Copy-Item (Join-Path $root 'src/DeepStats.Module/DeepStats.ShouldOperators.ps1') $moduleDir -Force
    $data = Join-Path $moduleDir 'data'
    if (Test-Path $data) { Remove-Item $data -Recurse -Force }
    Copy-Item (Join-Path $root 'data') $data -Recurse
    $help = Join-Path $moduleDir 'en-US'
    New-Item -ItemType Directory -Force $help | Out-Null
    Copy-Item (Join-Path $root 'docs/about_DeepStats.help.txt') $help -Force

    # MAML help from the cmdlets' XML doc comments and attributes, generated in a fresh process
    # (a loaded DLL cannot be unloaded), and only when the module DLL or the generator is newer than the help.
    $maml = Join-Path $help 'DeepStats.dll-help.xml'
    $dll = Join-Path $moduleDir 'DeepStats.dll'
    $generator = Join-Path $root 'build/New-MamlHelp.ps1'
    $newest = @((Get-Item $dll).LastWriteTimeUtc, (Get-Item $generator).LastWriteTimeUtc) | Sort-Object | Select-Object -Last 1
    if (-not (Test-Path $maml) -or $newest -gt (Get-Item $maml).LastWriteTimeUtc) {
        $code = Invoke-FreshPwsh @('-File', $generator, '-ModuleDir', $moduleDir, '-OutFile', $maml)
        if ($code -ne 0) { throw "Help generation failed (exit code $code)." }
    }
    Write-Host ("Built in {0:N1} s" -f $sw.Elapsed.TotalSeconds)
}

function Read-TrxCounts([string] $Path) {
    [xml] $trx = Get-Content -Raw $Path
    $c = $trx.TestRun.ResultSummary.Counters
    [pscustomobject]@{ Passed = [int]$c.passed; Failed = [int]$c.failed + [int]$c.error + [int]$c.timeout + [int]$c.aborted }
}

function Invoke-Test {
    Invoke-Build
    if (Test-Path $results) { Remove-Item $results -Recurse -Force }
    New-Item -ItemType Directory -Force $results | Out-Null
    $passed = 0; $failed = 0

    Write-Host "`n== xunit: DeepStats.Core.Tests"
    $trxName = 'core.trx'
    & dotnet test (Join-Path $root 'tests/DeepStats.Core.Tests/DeepStats.Core.Tests.csproj') -c $Configuration --nologo `
        --logger "trx;LogFileName=$trxName" --logger 'console;verbosity=normal' --results-directory $results
    $xunitExit = $LASTEXITCODE
    $trx = Join-Path $results $trxName
    if (Test-Path $trx) {
        $x = Read-TrxCounts $trx
        $passed += $x.Passed; $failed += $x.Failed
        Write-Host "xunit: $($x.Passed) passed, $($x.Failed) failed"
    }
    if ($xunitExit -ne 0 -and -not ((Test-Path $trx) -and (Read-TrxCounts $trx).Failed -gt 0)) {
        Write-Host 'xunit did not run to completion (build or host failure): counted as one failure.'
        $failed += 1
    }

    Write-Host "`n== Pester: tests/Pester against $moduleDir"
    Invoke-Native 'restoring Pester' { dotnet restore (Join-Path $root 'build/tools.proj') --nologo -v quiet }
    $pester = Get-ChildItem (Join-Path $root '.tools/packages/pester/6.2.0/tools/Pester.psd1')
    $pesterJson = Join-Path $results 'pester.json'
    $code = Invoke-FreshPwsh @('-File', (Join-Path $root 'tests/Invoke-PesterSuite.ps1'),
        '-ModuleDir', $moduleDir, '-PesterPath', $pester.FullName, '-ResultPath', $pesterJson)
    if (Test-Path $pesterJson) {
        $p = Get-Content -Raw $pesterJson | ConvertFrom-Json
        $passed += $p.Passed; $failed += $p.Failed
        Write-Host "Pester: $($p.Passed) passed, $($p.Failed) failed"
    }
    else {
        Write-Host "Pester did not report results (exit code $code): counted as one failure."
        $failed += 1
    }

    Write-Host ''
    Write-Host "$passed passed, $failed failed"
    if ($failed -gt 0) { exit 1 }
}

function Invoke-Demo {
    Invoke-Build
    $demoArgs = @('-File', (Join-Path $root 'build/Invoke-Demo.ps1'), '-ModuleDir', $moduleDir)
    if ($Full) { $demoArgs += '-Full' }
    if ($Epochs -gt 0) { $demoArgs += @('-Epochs', $Epochs) }
    $code = Invoke-FreshPwsh $demoArgs
    if ($code -ne 0) { exit $code }
}

function Invoke-Bench {
    Invoke-Build
    $code = Invoke-FreshPwsh @('-File', (Join-Path $root 'bench/Invoke-Benchmarks.ps1'), '-ModuleDir', $moduleDir, '-Filter', $Filter)
    if ($code -ne 0) { exit $code }
}

switch ($Task) {
    'build' { Invoke-Build }
    'test' { Invoke-Test }
    'demo' { Invoke-Demo }
    'bench' { Invoke-Bench }
    'clean' {
        foreach ($p in @($out, (Join-Path $root '.tools'))) { if (Test-Path $p) { Remove-Item $p -Recurse -Force } }
        Get-ChildItem $root -Directory -Recurse -Include bin, obj | Remove-Item -Recurse -Force
    }
}
