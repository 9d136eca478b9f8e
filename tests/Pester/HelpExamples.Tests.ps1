# Every example in the help of every exported cmdlet runs as written (issue 8). The examples run in
# a folder of TestDrive that holds the built-in samples as files (penguins.csv, fashion-mnist/), a
# generated hourly series (series.csv: t, load, temperature, state), a German Latin-1 table
# (messwerte.csv) and a folder of small PNG images
# (photos/cat, photos/dog). An example passes when it raises no error (non-terminating errors
# included) and yields something: output, or a value in every variable it assigns.
BeforeDiscovery {
    Import-Module $env:DEEPSTATS_MODULE -Force
    $script:examples = foreach ($cmd in Get-Command -Module DeepStats -CommandType Cmdlet | Sort-Object Name) {
        $i = 0
        foreach ($ex in (Get-Help $cmd.Name -Examples).examples.example) {
            $i++
            @{ Cmdlet = $cmd.Name; Index = $i; Code = ($ex.code | Out-String).Trim() }
        }
    }
}

BeforeAll {
    Import-Module $env:DEEPSTATS_MODULE -Force
    $script:workspace = Join-Path $TestDrive 'examples'
    New-Item -ItemType Directory $workspace | Out-Null
    $data = Join-Path (Split-Path $env:DEEPSTATS_MODULE) 'data'
    Copy-Item (Join-Path $data 'penguins/penguins.csv') $workspace
    Copy-Item (Join-Path $data 'fashion-mnist') $workspace -Recurse

    # an hourly series: a daily load cycle, the temperature, and a state label
    $inv = [cultureinfo]::InvariantCulture
    $rows = [System.Collections.Generic.List[string]]::new()
    $rows.Add('t,load,temperature,state')
    for ($t = 0; $t -lt 400; $t++) {
        $load = 100 + 10 * [Math]::Sin(2 * [Math]::PI * $t / 24) + (($t * 7) % 5) / 5.0
        $temp = 15 + 5 * [Math]::Cos(2 * [Math]::PI * $t / 24)
        $state = if ($load -gt 100) { 'high' } else { 'low' }
        $rows.Add([string]::Format($inv, '{0},{1:F3},{2:F3},{3}', $t, $load, $temp, $state))
    }
    Set-Content (Join-Path $workspace 'series.csv') $rows
    # German measurements: semicolons, decimal commas, Latin-1 text
    $messwerte = "Messpunkt;Temperatur;Druck;Zustand`nA;21,5;1013,2;gut`nB;19,75;1009,8;mäßig`nC;22,125;1011,0;gut`n"
    [System.IO.File]::WriteAllText((Join-Path $workspace 'messwerte.csv'), $messwerte, [System.Text.Encoding]::Latin1)

    . (Join-Path $PSScriptRoot 'TestImages.ps1')
    New-Item -ItemType Directory (Join-Path $workspace 'photos/cat'), (Join-Path $workspace 'photos/dog') | Out-Null
    New-Png (Join-Path $workspace 'photos/cat/a.png') 8 6 40
    New-Png (Join-Path $workspace 'photos/cat/b.png') 10 8 60
    New-Png (Join-Path $workspace 'photos/dog/c.png') 8 6 200
    New-Png (Join-Path $workspace 'photos/dog/d.png') 12 9 220
}

Describe 'Help examples' {
    It 'every cmdlet has examples to run' {
        $names = $examples.Cmdlet | Sort-Object -Unique
        $names | Should -Be ((Get-Command -Module DeepStats -CommandType Cmdlet).Name | Sort-Object)
    }

    It '<Cmdlet> example <Index> runs: <Code>' -ForEach $examples {
        $block = [scriptblock]::Create($Code)
        $assigned = @($block.Ast.FindAll({ $args[0] -is [System.Management.Automation.Language.AssignmentStatementAst] }, $true) |
            ForEach-Object { $_.Left.VariablePath.UserPath } | Sort-Object -Unique)
        Push-Location $workspace
        try {
            $ErrorActionPreference = 'Stop'     # a non-terminating error fails the example too
            $ProgressPreference = 'SilentlyContinue'
            $out = @(. $block 3>$null 4>$null 6>$null)
        }
        finally { Pop-Location }
        foreach ($v in $assigned) { Get-Variable $v -ValueOnly | Should -Not -BeNullOrEmpty -Because "the example assigns `$$v" }
        if ($assigned.Count -eq 0) { $out.Count | Should -BeGreaterThan 0 -Because 'the example should write something' }
    }
}

Describe 'The README' {
    It 'quotes the shape error exactly as New-ConvNet prints it' {
        $readme = Get-Content -Raw (Join-Path $PSScriptRoot '../../README.md')
        $m = [regex]::Match($readme, '`(New-ConvNet [^`]+)`\s+fails with one line \(error id `ModelShapeMismatch`\): `([^`]+)`')
        $m.Success | Should -BeTrue -Because 'the README shows the shape error of a New-ConvNet command'
        $command, $quoted = $m.Groups[1].Value, $m.Groups[2].Value
        $err = { & ([scriptblock]::Create($command)) } | Should -Throw -ErrorId 'ModelShapeMismatch,DeepStats.Commands.NewConvNetCommand' -PassThru
        $err.Exception.Message | Should -BeExactly $quoted
    }
}
