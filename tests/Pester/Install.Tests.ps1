# The module installs like one (issue 24): the .nupkg that 'build.ps1 package' makes (out/package, next to the
# module under test; 'build.ps1 test' makes it) is installed with Install-PSResource from a folder repository
# into a throwaway home, and fresh processes of that home import DeepStats by name, train and test in
# ForEach-Object -Parallel runspaces and in a Start-Job. The home is a temporary folder, so nothing of the
# machine's own modules, repositories or NuGet cache is used or changed.
BeforeAll {
    $script:moduleDir = Split-Path $env:DEEPSTATS_MODULE
    $script:version = (Import-PowerShellDataFile $env:DEEPSTATS_MODULE).ModuleVersion
    $script:repository = Join-Path (Split-Path $moduleDir) 'package'
    $script:nupkg = Join-Path $repository "DeepStats.$version.nupkg"
    $script:home24 = Join-Path $TestDrive 'home'
    New-Item -ItemType Directory -Force $home24 | Out-Null

    # A fresh pwsh of the same PowerShell (dotnet-hosted or not) whose home is $home24, with no inherited
    # module path: it sees only PowerShell's own modules and what was installed into that home.
    function Invoke-InstalledPwsh([string] $Script) {
        $file = Join-Path $TestDrive "script-$([guid]::NewGuid().ToString('n')).ps1"
        Set-Content -Path $file -Value $Script
        $exe = (Get-Process -Id $PID).Path
        [string[]] $pre = @()
        if ((Split-Path -Leaf $exe) -like 'dotnet*') { $pre = @(Join-Path $PSHOME 'pwsh.dll') }
        $saved = @{}
        foreach ($n in 'HOME', 'PSModulePath', 'XDG_DATA_HOME', 'XDG_CONFIG_HOME', 'XDG_CACHE_HOME', 'DEEPSTATS_MODULE') {
            $saved[$n] = [Environment]::GetEnvironmentVariable($n)
        }
        try {
            $env:HOME = $home24
            foreach ($n in 'PSModulePath', 'XDG_DATA_HOME', 'XDG_CONFIG_HOME', 'XDG_CACHE_HOME', 'DEEPSTATS_MODULE') {
                [Environment]::SetEnvironmentVariable($n, $null)
            }
            $out = & $exe @pre -NoProfile -NonInteractive -File $file 2>&1
            [pscustomobject]@{ ExitCode = $LASTEXITCODE; Output = ($out | Out-String) }
        }
        finally {
            foreach ($n in $saved.Keys) { [Environment]::SetEnvironmentVariable($n, $saved[$n]) }
        }
    }
    # Installed once for the file (TestDrive items made at the top live for all its blocks).
    $script:install = Invoke-InstalledPwsh @"
`$ErrorActionPreference = 'Stop'
Register-PSResourceRepository -Name DeepStatsLocal -Uri '$repository' -Trusted
Install-PSResource -Name DeepStats -Version '$version' -Repository DeepStatsLocal -Scope CurrentUser -TrustRepository
(Get-InstalledPSResource -Name DeepStats).InstalledLocation
"@
    $script:installed = Join-Path $home24 ".local/share/powershell/Modules/DeepStats/$version"
}

Describe 'The package' {
    It 'is the .nupkg of the module under test, within the size a gallery accepts' {
        $nupkg | Should -Exist -Because "'build.ps1 package' (or 'build.ps1 test') writes it next to the module"
        (Get-Item $nupkg).Length | Should -BeLessThan 250MB
        Add-Type -AssemblyName System.IO.Compression.FileSystem
        $zip = [System.IO.Compression.ZipFile]::OpenRead($nupkg)
        try {
            $names = $zip.Entries.FullName
            foreach ($f in 'DeepStats.psd1', 'DeepStats.dll', 'DeepStats.format.ps1xml', 'en-US/DeepStats.dll-help.xml',
                'engine/TorchSharp.dll', 'engine/libtorch_cpu.so', 'engine/libLibTorchSharp.so', 'data/penguins/penguins.csv') {
                $names | Should -Contain $f
            }
        }
        finally { $zip.Dispose() }
    }
}

Describe 'Install-PSResource from a folder repository' {
    It 'installs the module into the user''s module folder' {
        $install.ExitCode | Should -Be 0 -Because $install.Output
        Join-Path $installed 'DeepStats.psd1' | Should -Exist
        (Get-FileHash (Join-Path $installed 'DeepStats.dll')).Hash | Should -Be (Get-FileHash (Join-Path $moduleDir 'DeepStats.dll')).Hash
        (Get-FileHash (Join-Path $installed 'engine/DeepStats.Core.dll')).Hash | Should -Be (Get-FileHash (Join-Path $moduleDir 'engine/DeepStats.Core.dll')).Hash
    }

    It 'is found by name, in ForEach-Object -Parallel runspaces and in a Start-Job, which train and test' {
        $r = Invoke-InstalledPwsh @'
$ErrorActionPreference = 'Stop'
function Measure-Penguins([int] $Seed) {
    $ds = Import-Dataset -Sample Penguins -DropMissing -WarningAction SilentlyContinue
    $s = Split-Dataset -Data $ds -TestFraction 0.3 -Seed $Seed
    $m = $s.Train | Start-Training -Model (New-FeedForwardNet -Hidden 8) -Epochs 3 -Seed $Seed 6>$null
    (Test-Model -Model $m -Data $s.Test -WarningAction SilentlyContinue).Accuracy
}
Import-Module DeepStats
$here = Measure-Penguins 1
$measure = ${function:Measure-Penguins}.ToString()
$parallel = 1, 2 | ForEach-Object -ThrottleLimit 2 -Parallel {
    Import-Module DeepStats
    ${function:Measure-Penguins} = $using:measure
    [pscustomobject]@{ Seed = $_; Accuracy = Measure-Penguins $_; Base = (Get-Module DeepStats).ModuleBase }
}
$job = Start-Job -ArgumentList $measure {
    param($measure)
    Import-Module DeepStats
    ${function:Measure-Penguins} = $measure
    [pscustomobject]@{ Accuracy = Measure-Penguins 1; Base = (Get-Module DeepStats).ModuleBase }
} | Receive-Job -Wait -AutoRemoveJob
[pscustomobject]@{
    Base = (Get-Module DeepStats).ModuleBase; Here = $here
    Parallel1 = ($parallel | Where-Object Seed -eq 1).Accuracy; Parallel2 = ($parallel | Where-Object Seed -eq 2).Accuracy
    ParallelBases = @($parallel.Base | Sort-Object -Unique); Job = $job.Accuracy; JobBase = $job.Base
} | ConvertTo-Json -Compress
'@
        $r.ExitCode | Should -Be 0 -Because $r.Output
        $json = ($r.Output -split "`n" | Where-Object { $_ -like '{*' } | Select-Object -Last 1) | ConvertFrom-Json
        $json.Base | Should -Be $installed
        $json.ParallelBases | Should -Be @($installed)
        $json.JobBase | Should -Be $installed
        # a trained model that tests: the same seed gives
        # the same model in the session, in a runspace beside another training, and in a job's own process
        $json.Here | Should -BeGreaterThan 0
        $json.Parallel2 | Should -BeGreaterThan 0
        $json.Parallel1 | Should -Be $json.Here
        $json.Job | Should -Be $json.Here
    }
}

# Pester builds Should's parameters from the operators registered in its own module state: DeepStats adds
# its operators when Pester is loaded, or else when Should of a Pester not yet served is first looked up.
Describe 'Should -HaveAccuracyAtLeast with <Order>' -ForEach @(
    @{ Order = 'Pester, then DeepStats'; Imports = 'Import-Module $pester; Import-Module DeepStats' }
    @{ Order = 'DeepStats, then Pester'; Imports = 'Import-Module DeepStats; Import-Module $pester' }
    @{ Order = 'DeepStats twice, then Pester'; Imports = 'Import-Module DeepStats; Import-Module DeepStats -Force; Import-Module $pester' }
    @{ Order = 'Pester, DeepStats, then Pester again with -Force'; Imports = 'Import-Module $pester; Import-Module DeepStats; Import-Module $pester -Force' }
) {
    It 'binds and judges in a user''s own test file' {
        $tests = Join-Path $TestDrive 'Own.Tests.ps1'
        Set-Content -Path $tests -Value @'
Describe 'my model' {
    BeforeAll {
        $s = Split-Dataset -Data (Import-Dataset -Sample Penguins -DropMissing -WarningAction SilentlyContinue) -TestFraction 0.3 -Seed 1
        $m = $s.Train | Start-Training -Model (New-FeedForwardNet -Hidden 8) -Epochs 3 -Seed 1 6>$null
    }
    It 'clears a low bar' { $m | Should -HaveAccuracyAtLeast 0.05 -Data $s.Test }
    It 'fails a bar above 1' { $m | Should -HaveAccuracyAtLeast 1.01 -Data $s.Test }
}
'@
        $pester = (Get-Module Pester).Path
        $r = Invoke-InstalledPwsh @"
`$pester = '$pester'
$Imports
`$result = Invoke-Pester -Path '$tests' -PassThru -Output None
`$result.Tests | ForEach-Object { '{0}|{1}|{2}' -f `$_.Name, `$_.Result, (`$_.ErrorRecord | Select-Object -First 1) }
"@
        $r.ExitCode | Should -Be 0 -Because $r.Output
        $lines = $r.Output -split "`n" | Where-Object { $_ -like '*|*' }
        $lines | Should -Contain 'clears a low bar|Passed|'
        $failed = $lines | Where-Object { $_ -like 'fails a bar above 1|*' }
        $failed | Should -BeLike 'fails a bar above 1|Failed|Expected the accuracy to be at least 1.01, but it was*'
    }
}
