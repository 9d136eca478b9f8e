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
           -Sweep runs only the learning tests (xunit Category=Learning, Pester tag Learning) under
           seeds 1..5 (DEEPSTATS_TEST_SEED) x 1 and 2 torch threads (DEEPSTATS_TEST_THREADS,
           OMP_NUM_THREADS) and prints each test's spread: min and max of its metric, its bar and the
           margin (min - bar). Exits non-zero when any run fails.
    demo   Builds, then trains the default ConvNet on the built-in Fashion-MNIST slice and prints the
           test accuracy with its 95% confidence interval. -Full uses all 70,000 images of Debian's
           dataset-fashion-mnist package (/usr/share/datasets/fashion-mnist).
    bench  Builds, then runs the benchmarks in bench/ and prints their results.
    package
           Builds, then packs out/DeepStats into out/package/DeepStats.<version>.nupkg (PSResourceGet's
           Compress-PSResource: the package Install-PSResource installs from a folder repository or a
           feed). The package holds the natives of this host's platform only; the build prints its size
           against the 250 MB a NuGet gallery accepts (nuget.org's limit; the PowerShell Gallery runs the
           same gallery software). 'test' makes it too: tests/Pester/Install.Tests.ps1 installs it.
    clean  Removes out/, .tools/ and every bin/ and obj/.
.EXAMPLE
    dotnet tool restore; dotnet pwsh ./build.ps1 test
#>
[CmdletBinding()]
param(
    [Parameter(Position = 0)]
    [ValidateSet('build', 'test', 'package', 'demo', 'bench', 'clean')]
    [string] $Task = 'build',

    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release',

    # demo: train on the full Fashion-MNIST (60,000 + 10,000 images) instead of the built-in slice
    [switch] $Full,

    # demo: epochs to train
    [int] $Epochs = 0,

    # bench: run only the benchmarks whose name matches (bench/<name>.bench.ps1)
    [string] $Filter = '*',

    # test: run the learning tests under seeds 1..5 x 1 and 2 torch threads and print their spread
    [switch] $Sweep
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0
$root = $PSScriptRoot
$out = Join-Path $root 'out'
$moduleDir = Join-Path $out 'DeepStats'
$results = Join-Path $out 'test-results'
$packageDir = Join-Path $out 'package'

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
    # The engine and its dependencies live in engine/ (loaded by the module's own context): drop
    # what an older flat layout left at the root, where it would shadow nothing but confuse.
    if (Test-Path $moduleDir) {
        Get-ChildItem $moduleDir -File | Where-Object {
            $_.Extension -in '.dll', '.so', '.pdb', '.xml', '.dylib' -or $_.Name -like '*.so.*'
        } | Where-Object { $_.BaseName -notin 'DeepStats', 'DeepStats.Types' } | Remove-Item -Force
    }
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

# The .nupkg of the built module, for Install-PSResource / Install-Module from a folder repository or a feed.
function Invoke-Package {
    $version = (Import-PowerShellDataFile (Join-Path $moduleDir 'DeepStats.psd1')).ModuleVersion
    if (Test-Path $packageDir) { Remove-Item $packageDir -Recurse -Force }
    New-Item -ItemType Directory -Force $packageDir | Out-Null
    Import-Module Microsoft.PowerShell.PSResourceGet
    Compress-PSResource -Path $moduleDir -DestinationPath $packageDir
    $nupkg = Get-Item (Join-Path $packageDir "DeepStats.$version.nupkg")
    $limit = 250MB
    Write-Host ("Packed {0} ({1:N1} MB; a NuGet gallery accepts at most {2:N0} MB)" -f $nupkg.FullName, ($nupkg.Length / 1MB), ($limit / 1MB))
    if ($nupkg.Length -gt $limit) { Write-Warning "The package is larger than a gallery accepts: install it from a folder repository or a private feed." }
}

function Read-TrxCounts([string] $Path) {
    [xml] $trx = Get-Content -Raw $Path
    $c = $trx.TestRun.ResultSummary.Counters
    [pscustomobject]@{ Passed = [int]$c.passed; Failed = [int]$c.failed + [int]$c.error + [int]$c.timeout + [int]$c.aborted }
}

# The report test renders the HTML report in Debian's headless Chromium (and fails without it): a fresh
# machine gets it from Debian's packages here, so the README's test command needs nothing else.
function Install-TestBrowser {
    if (-not $IsLinux -or (Test-Path /usr/bin/chromium)) { return }
    if (-not (Get-Command apt-get -ErrorAction Ignore) -or (& id -u) -ne '0') {
        Write-Warning 'Chromium (/usr/bin/chromium) is missing and cannot be installed here (needs apt-get as root): the report test will fail.'
        return
    }
    Write-Host 'Installing Debian''s chromium for the report test'
    $env:DEBIAN_FRONTEND = 'noninteractive'
    Invoke-Native 'apt-get update' { apt-get update -q | Out-Null }
    Invoke-Native 'apt-get install chromium' { apt-get install -y -q chromium | Out-Null }
}

function Invoke-Test {
    Install-TestBrowser
    Invoke-Build
    Invoke-Package
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

# The learning tests under seeds 1..5 x 1, 2 torch threads (the reduction-order spread another CPU's
# kernels give): each test appends "test, metric, value, bar" to DEEPSTATS_LEARNING_LOG
# (LearningTest.AssertAbove, tests/Pester/LearningTest.ps1); the table shows min, max, bar, margin.
function Invoke-Sweep {
    Invoke-Build
    if (Test-Path $results) { Remove-Item $results -Recurse -Force }
    New-Item -ItemType Directory -Force $results | Out-Null
    $testProject = Join-Path $root 'tests/DeepStats.Core.Tests/DeepStats.Core.Tests.csproj'
    Invoke-Native 'building the xunit tests' { dotnet build $testProject -c $Configuration --nologo -v quiet -clp:NoSummary }
    Invoke-Native 'restoring Pester' { dotnet restore (Join-Path $root 'build/tools.proj') --nologo -v quiet }
    $pester = Get-ChildItem (Join-Path $root '.tools/packages/pester/6.2.0/tools/Pester.psd1')
    $saved = @{}
    foreach ($n in 'DEEPSTATS_TEST_SEED', 'DEEPSTATS_TEST_THREADS', 'OMP_NUM_THREADS', 'DEEPSTATS_LEARNING_LOG') { $saved[$n] = [Environment]::GetEnvironmentVariable($n) }
    $rows = [System.Collections.Generic.List[object]]::new()
    $failedRuns = [System.Collections.Generic.List[string]]::new()
    try {
        foreach ($seed in 1..5) {
            foreach ($threads in 1, 2) {
                $run = "seed $seed, $threads thread(s)"
                Write-Host "`n== Learning tests: $run"
                $log = Join-Path $results "learning-s$seed-t$threads.tsv"
                $env:DEEPSTATS_TEST_SEED = "$seed"; $env:DEEPSTATS_TEST_THREADS = "$threads"
                $env:OMP_NUM_THREADS = "$threads"; $env:DEEPSTATS_LEARNING_LOG = $log
                & dotnet test $testProject -c $Configuration --no-build --nologo --filter 'Category=Learning' `
                    --logger "trx;LogFileName=learning-s$seed-t$threads.trx" --results-directory $results | Out-Host
                if ($LASTEXITCODE -ne 0) { $failedRuns.Add("xunit, $run") }
                $pesterJson = Join-Path $results "learning-s$seed-t$threads.json"
                $code = Invoke-FreshPwsh @('-File', (Join-Path $root 'tests/Invoke-PesterSuite.ps1'), '-ModuleDir', $moduleDir,
                    '-PesterPath', $pester.FullName, '-ResultPath', $pesterJson, '-Tag', 'Learning')
                if ($code -ne 0) { $failedRuns.Add("Pester, $run") }
                if (Test-Path $log) {
                    foreach ($line in Get-Content $log) {
                        $f = $line -split "`t"
                        $rows.Add([pscustomobject]@{ Test = $f[0]; Metric = $f[1]; Seed = $seed; Threads = $threads
                                Value = [double]::Parse($f[2], [cultureinfo]::InvariantCulture); Bar = [double]::Parse($f[3], [cultureinfo]::InvariantCulture) })
                    }
                }
            }
        }
    }
    finally {
        foreach ($n in $saved.Keys) { [Environment]::SetEnvironmentVariable($n, $saved[$n]) }
    }
    Write-Host "`n== Spread over seeds 1..5 x 1, 2 torch threads (margin = min - bar)"
    $inv = [cultureinfo]::InvariantCulture
    $table = $rows | Group-Object Test, Metric | ForEach-Object {
        $v = $_.Group.Value | Measure-Object -Minimum -Maximum
        $bar = $_.Group[0].Bar
        [pscustomobject]@{
            Test = $_.Group[0].Test; Metric = $_.Group[0].Metric; Runs = $_.Count
            Min = $v.Minimum.ToString('F4', $inv); Max = $v.Maximum.ToString('F4', $inv); Bar = $bar.ToString('F4', $inv)
            Margin = ($v.Minimum - $bar).ToString('F4', $inv)
        }
    } | Sort-Object Test
    $table | Format-Table -AutoSize | Out-String -Width 200 | Write-Host
    $table | Export-Csv (Join-Path $results 'learning-spread.csv') -NoTypeInformation
    if ($failedRuns.Count -gt 0) {
        Write-Host "Failed runs: $($failedRuns -join '; ')"
        exit 1
    }
    Write-Host 'Every learning test cleared its bar in every run.'
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
    'test' { if ($Sweep) { Invoke-Sweep } else { Invoke-Test } }
    'package' { Invoke-Build; Invoke-Package }
    'demo' { Invoke-Demo }
    'bench' { Invoke-Bench }
    'clean' {
        foreach ($p in @($out, (Join-Path $root '.tools'))) { if (Test-Path $p) { Remove-Item $p -Recurse -Force } }
        Get-ChildItem $root -Directory -Recurse -Include bin, obj | Remove-Item -Recurse -Force
    }
}
