# The engine (DeepStats.Core, TorchSharp and its dependencies) loads in the module's own
# AssemblyLoadContext from engine/, so DeepStats shares a session with modules that bring other
# versions of Google.Protobuf, SharpZipLib or SkiaSharp (issue 8).
BeforeAll {
    Import-Module $env:DEEPSTATS_MODULE -Force
    $script:moduleDir = Split-Path $env:DEEPSTATS_MODULE
    $script:engineDir = Join-Path $moduleDir 'engine'

    function DefaultContextNames {
        [System.Runtime.Loader.AssemblyLoadContext]::Default.Assemblies | ForEach-Object { $_.GetName().Name }
    }

    # A fresh pwsh of the same PowerShell (dotnet-hosted or not) runs $Script; its output is returned.
    function Invoke-FreshPwsh([string] $Script, [string[]] $Arguments) {
        $exe = (Get-Process -Id $PID).Path
        [string[]] $pre = @()
        if ((Split-Path -Leaf $exe) -like 'dotnet*') { $pre = @(Join-Path $PSHOME 'pwsh.dll') }
        $out = & $exe @pre -NoProfile -NonInteractive -File $Script @Arguments 2>&1
        [pscustomobject]@{ ExitCode = $LASTEXITCODE; Output = ($out | Out-String) }
    }

    # Restores a throwaway project into TestDrive so the packages of other versions are there to load
    # (NuGet's cache or feed); the tests fail, never skip, when a file is missing.
    function Restore-OtherPackages {
        $dir = Join-Path $TestDrive 'other-packages'
        if (Test-Path (Join-Path $dir 'done')) { return $dir }
        New-Item -ItemType Directory -Force $dir | Out-Null
        Set-Content (Join-Path $dir 'other.csproj') @'
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup><TargetFramework>net10.0</TargetFramework></PropertyGroup>
  <ItemGroup>
    <PackageReference Include="Google.Protobuf" Version="3.30.2" />
    <PackageReference Include="SkiaSharp" Version="3.119.0" />
  </ItemGroup>
</Project>
'@
        $log = & dotnet restore (Join-Path $dir 'other.csproj') --packages (Join-Path $dir 'packages') --nologo 2>&1 | Out-String
        if ($LASTEXITCODE -ne 0) { throw "Restoring Google.Protobuf 3.30.2 / SkiaSharp 3.119.0 failed: $log" }
        Set-Content (Join-Path $dir 'done') ''
        return $dir
    }
}

Describe 'Module layout' {
    It 'keeps only the cmdlets and the user-visible types at the root, the engine in engine/' {
        Join-Path $moduleDir 'DeepStats.dll' | Should -Exist
        Join-Path $moduleDir 'DeepStats.Types.dll' | Should -Exist
        foreach ($f in 'DeepStats.Core.dll', 'TorchSharp.dll', 'Google.Protobuf.dll', 'ICSharpCode.SharpZipLib.dll',
            'SkiaSharp.dll', 'CsvHelper.dll', 'MathNet.Numerics.dll', 'StbImageSharp.dll', 'libtorch_cpu.so', 'libLibTorchSharp.so') {
            Join-Path $moduleDir $f | Should -Not -Exist
            Join-Path $engineDir $f | Should -Exist
        }
        Join-Path $engineDir 'cpu' | Should -Not -Exist
    }
}

Describe 'Engine load context' {
    It 'keeps the engine and its dependencies out of the default context after Import-Module' {
        $names = DefaultContextNames
        $names | Should -Contain 'DeepStats'
        $names | Should -Contain 'DeepStats.Types'
        foreach ($n in 'DeepStats.Core', 'TorchSharp', 'Google.Protobuf', 'ICSharpCode.SharpZipLib', 'SkiaSharp', 'CsvHelper', 'MathNet.Numerics') {
            $names | Should -Not -Contain $n
        }
    }

    It 'loads the engine from engine/ in the module''s own context, and keeps it there after training' {
        $m = Import-Dataset -Sample Penguins -DropMissing -WarningAction SilentlyContinue |
            Start-Training -Model (New-FeedForwardNet -Hidden 8) -Epochs 2 -ValidationFraction 0 -Seed 1
        $engine = [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext($m.GetType().Assembly)
        $engine.Name | Should -Be 'DeepStats.Engine'
        $torch = $engine.Assemblies | Where-Object { $_.GetName().Name -eq 'TorchSharp' }
        $torch | Should -Not -BeNullOrEmpty
        Split-Path $torch.Location | Should -Be $engineDir
        $names = DefaultContextNames
        foreach ($n in 'DeepStats.Core', 'TorchSharp', 'Google.Protobuf') { $names | Should -Not -Contain $n }
    }

    It 'shares the user-visible enums with the cmdlets (one DeepStats.Types, in the default context)' {
        $types = [System.AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { $_.GetName().Name -eq 'DeepStats.Types' }
        @($types).Count | Should -Be 1
        [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext($types).Name | Should -Be 'Default'
    }

    It 'resolves type literals of the engine: <Literal>' -ForEach @(
        @{ Literal = 'DeepStats.Core.Data.Dataset' }
        @{ Literal = 'DeepStats.Core.Training.TrainedModel' }
        @{ Literal = 'DeepStats.Core.Models.ModelSpec' }
        @{ Literal = 'DeepStats.Core.Evaluation.ClassificationReport' }
        @{ Literal = 'DeepStats.Core.Statistics.NumericSummary' }
    ) {
        $t = Invoke-Expression "[$Literal]"
        $t.FullName | Should -Be $Literal
        [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext($t.Assembly).Name | Should -Be 'DeepStats.Engine'
    }

    It 'registers a literal for every public engine type' {
        $core = ([System.Runtime.Loader.AssemblyLoadContext]::All | Where-Object Name -EQ 'DeepStats.Engine').Assemblies |
            Where-Object { $_.GetName().Name -eq 'DeepStats.Core' }
        $accelerators = [psobject].Assembly.GetType('System.Management.Automation.TypeAccelerators')::Get
        $public = @($core.GetExportedTypes() | Where-Object { -not $_.IsGenericTypeDefinition })
        $public.Count | Should -BeGreaterThan 20
        foreach ($t in $public) { $accelerators[$t.FullName] | Should -Be $t -Because $t.FullName }
    }

    It 'removes its literals with Remove-Module and brings them back with Import-Module' {
        $accelerators = [psobject].Assembly.GetType('System.Management.Automation.TypeAccelerators')
        Remove-Module DeepStats
        try {
            $accelerators::Get.ContainsKey('DeepStats.Core.Data.Dataset') | Should -BeFalse
        }
        finally { Import-Module $env:DEEPSTATS_MODULE -Force }
        $accelerators::Get.ContainsKey('DeepStats.Core.Data.Dataset') | Should -BeTrue
        (Import-Dataset -Sample Penguins) -is [DeepStats.Core.Data.Dataset] | Should -BeTrue
    }
}

Describe 'Sharing a session with other versions of the engine''s dependencies' {
    It 'imports and trains in a session that loaded another Google.Protobuf into the default context first' {
        $packages = Join-Path (Restore-OtherPackages) 'packages'
        $protobuf = Join-Path $packages 'google.protobuf/3.30.2/lib/net5.0/Google.Protobuf.dll'
        $protobuf | Should -Exist
        $script = Join-Path $TestDrive 'other-protobuf.ps1'
        Set-Content $script @'
param([string] $Module, [string] $Protobuf)
$ErrorActionPreference = 'Stop'
Add-Type -Path $Protobuf
Import-Module $Module
$m = Import-Dataset -Sample Penguins -DropMissing -WarningAction SilentlyContinue |
    Start-Training -Model (New-FeedForwardNet -Hidden 8) -Epochs 2 -ValidationFraction 0 -Seed 1
$engine = [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext($m.GetType().Assembly)
$torch = $engine.Assemblies | Where-Object { $_.GetName().Name -eq 'TorchSharp' }
$wanted = $torch.GetReferencedAssemblies() | Where-Object Name -EQ 'Google.Protobuf'
$enginePb = $engine.LoadFromAssemblyName($wanted)
$defaultPb = [System.Runtime.Loader.AssemblyLoadContext]::Default.Assemblies | Where-Object { $_.GetName().Name -eq 'Google.Protobuf' }
[pscustomobject]@{
    Parameters      = $m.Summary.TotalParameters
    Epochs          = @($m.History).Count
    DefaultProtobuf = $defaultPb.GetName().Version.ToString()
    EngineProtobuf  = $enginePb.GetName().Version.ToString()
    EngineLocation  = $enginePb.Location
    EngineContext   = [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext($enginePb).Name
} | ConvertTo-Json -Compress
'@
        $r = Invoke-FreshPwsh $script @($env:DEEPSTATS_MODULE, $protobuf)
        $r.ExitCode | Should -Be 0 -Because $r.Output
        $json = ($r.Output -split "`n" | Where-Object { $_ -like '{*' } | Select-Object -Last 1) | ConvertFrom-Json
        $json.Parameters | Should -BeGreaterThan 0
        $json.Epochs | Should -Be 2
        $json.DefaultProtobuf | Should -BeLike '3.30.*'
        $json.EngineProtobuf | Should -Not -Be $json.DefaultProtobuf
        $json.EngineContext | Should -Be 'DeepStats.Engine'
        Split-Path $json.EngineLocation | Should -Be $engineDir
    }

    It 'binds an older reference to a higher version shipped in the engine folder (SkiaSharp 3 for TorchSharp''s 2.88)' {
        $packages = Join-Path (Restore-OtherPackages) 'packages'
        $skia3 = Join-Path $packages 'skiasharp/3.119.0/lib/net8.0/SkiaSharp.dll'
        $skia3 | Should -Exist
        # an engine folder with TorchSharp and the newer SkiaSharp only: enough to resolve the reference
        $folder = Join-Path $TestDrive 'engine-skia3'
        New-Item -ItemType Directory -Force $folder | Out-Null
        Copy-Item (Join-Path $engineDir 'TorchSharp.dll') $folder
        Copy-Item $skia3 $folder
        $contextType = [DeepStats.Commands.EngineModuleInitializer].Assembly.GetType('DeepStats.Commands.EngineLoadContext')
        $context = $contextType.GetConstructor([type[]]@([string])).Invoke([object[]]@([string]$folder))
        $torch = $context.LoadFromAssemblyPath((Join-Path $folder 'TorchSharp.dll'))
        $wanted = $torch.GetReferencedAssemblies() | Where-Object Name -EQ 'SkiaSharp'
        $wanted.Version.Major | Should -Be 2
        $skia = $context.LoadFromAssemblyName($wanted)
        $skia.GetName().Version.Major | Should -Be 3
        Split-Path $skia.Location | Should -Be $folder
    }
}
