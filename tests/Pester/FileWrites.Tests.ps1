BeforeAll {
    Import-Module $env:DEEPSTATS_MODULE -Force
    # Two well separated classes in two numeric features (deterministic rows).
    $lines = @('f1,f2,label')
    for ($i = 0; $i -lt 120; $i++) {
        $pos = $i % 2 -eq 0
        $jitter = (($i * 37) % 100) / 100.0
        $f1 = if ($pos) { 3 + $jitter } else { -3 - $jitter }
        $f2 = if ($pos) { 1 + $jitter / 2 } else { -1 - $jitter / 2 }
        $lines += "$f1,$f2,$(if ($pos) { 'yes' } else { 'no' })"
    }
    $root = (Get-PSDrive TestDrive).Root
    Set-Content (Join-Path $root 'train.csv') ($lines -join "`n")
    $train = Import-Dataset (Join-Path $root 'train.csv') -Target label
    $model = $train | Start-Training -Model (New-FeedForwardNet -Hidden 4) -Epochs 2 -Seed 5
    # a file where a folder is expected: every write into it fails, for root as for anyone
    Set-Content (Join-Path $root 'not-a-folder') 'plain file'

    # A child PowerShell of this same version: the pwsh apphost when there is one, else 'dotnet pwsh.dll' (the dotnet tool).
    function New-ChildPwsh([string] $script) {
        $apphost = Join-Path $PSHOME 'pwsh'
        $psi = [Diagnostics.ProcessStartInfo]::new($(if (Test-Path $apphost) { $apphost } else { [Environment]::ProcessPath }))
        if (-not (Test-Path $apphost)) { $psi.ArgumentList.Add((Join-Path $PSHOME 'pwsh.dll')) }
        foreach ($a in @('-NoProfile', '-NonInteractive', '-Command', $script)) { $psi.ArgumentList.Add($a) }
        $psi.RedirectStandardOutput = $true
        $psi
    }
}

Describe 'One atomic writer' {
    It 'lets two processes replace one model file 40 times each: no save fails, every read finds a valid model' {
        $target = Join-Path $root 'shared.dsmodel'
        $model | Save-Model -LiteralPath $target -Force
        $go = Join-Path $root 'go.txt'
        # each writer: 40 rounds of Save-Model -Force then Import-Model of the same path (while the other writes);
        # prints one line: failed saves, failed loads, loads that found a model
        $script = @"
`$ErrorActionPreference = 'Stop'
Import-Module '$env:DEEPSTATS_MODULE'
`$m = Import-Model -LiteralPath '$target'
while (-not (Test-Path '$go')) { Start-Sleep -Milliseconds 20 }
`$saveFailed = 0; `$loadFailed = 0; `$loaded = 0
for (`$i = 0; `$i -lt 40; `$i++) {
    try { `$m | Save-Model -LiteralPath '$target' -Force } catch { `$saveFailed++; [Console]::Error.WriteLine(`$_.FullyQualifiedErrorId + ': ' + `$_) }
    try { if ((Import-Model -LiteralPath '$target').Classes.Count -eq 2) { `$loaded++ } } catch { `$loadFailed++; [Console]::Error.WriteLine(`$_.FullyQualifiedErrorId + ': ' + `$_) }
}
"`$saveFailed `$loadFailed `$loaded"
"@
        $children = 1..2 | ForEach-Object { [Diagnostics.Process]::Start((New-ChildPwsh $script)) }
        try {
            $outputs = $children | ForEach-Object { $_.StandardOutput.ReadToEndAsync() }
            Start-Sleep -Milliseconds 200
            Set-Content $go 'go'
            foreach ($c in $children) { $c.WaitForExit() }
            $results = $outputs | ForEach-Object { ($_.GetAwaiter().GetResult().Trim() -split "`n")[-1] }
        }
        finally { foreach ($c in $children) { if (-not $c.HasExited) { $c.Kill() } } }
        # per writer: saves that failed, loads that failed, loads that found the model
        ($results -join '; ') | Should -Be '0 0 40; 0 0 40'
        (Import-Model -LiteralPath $target).Classes | Should -Be @('no', 'yes')
        # every writer renamed its own temp file over the target: none is left behind
        @(Get-ChildItem $root -Force -Filter '*shared.dsmodel*').Name | Should -Be @('shared.dsmodel')
    }
}

# /proc takes no new files, even from root (the tests run as root in CI, where a read-only folder is not read-only)
Describe 'Write failures are DeepStats errors, and never cost a trained model' -Skip:(-not $IsLinux) {
    It 'Export-Chart to a folder that takes no files: FileWriteFailed naming the file, not a raw FileNotFoundException' {
        $err = $null
        try { $model.History | Export-Chart -Path /proc/curves.png; throw 'no error' } catch { $err = $_ }
        $err.FullyQualifiedErrorId | Should -Be 'FileWriteFailed,DeepStats.Commands.ExportChartCommand'
        $err.Exception | Should -BeOfType ([DeepStats.Core.DeepStatsException])
        $err.Exception.Message | Should -BeLike "*chart*'/proc/curves.png'*Choose a folder you can write to*"
        $err.CategoryInfo.Category | Should -Be 'WriteError'
    }

    It 'Export-ModelReport to a folder that takes no files: FileWriteFailed' {
        { Export-ModelReport $model -Data $train -Path /proc/report.html } |
            Should -Throw -ErrorId 'FileWriteFailed,DeepStats.Commands.ExportModelReportCommand'
    }

    It 'Start-Training -ChartPath that cannot be written: one non-terminating error, and the model is still returned' {
        $out = $train | Start-Training -Model (New-FeedForwardNet -Hidden 4) -Epochs 2 -Seed 5 -ChartPath /proc/c.png -ErrorVariable bad -ErrorAction SilentlyContinue
        $out | Should -BeOfType ([DeepStats.Core.Training.TrainedModel])
        $out.History.Count | Should -Be 2
        $bad | Should -HaveCount 1
        $bad[0].FullyQualifiedErrorId | Should -Be 'FileWriteFailed,DeepStats.Commands.StartTrainingCommand'
        $bad[0].Exception.Message | Should -BeLike "*'/proc/c.png'*"
    }

    It 'Start-Training -TensorBoardPath that cannot be written: one non-terminating error, training goes on, the model is returned' {
        $out = $train | Start-Training -Model (New-FeedForwardNet -Hidden 4) -Epochs 3 -Seed 5 -TensorBoardPath /proc/tb -ErrorVariable bad -ErrorAction SilentlyContinue
        $out | Should -BeOfType ([DeepStats.Core.Training.TrainedModel])
        $out.History.Count | Should -Be 3
        $bad | Should -HaveCount 1
        $bad[0].FullyQualifiedErrorId | Should -Be 'FileWriteFailed,DeepStats.Commands.StartTrainingCommand'
        $bad[0].Exception.Message | Should -BeLike "*TensorBoard*'/proc/tb'*"
        # and it is an error the caller can stop on: -ErrorAction Stop turns it into a terminating one
        { $train | Start-Training -Model (New-FeedForwardNet -Hidden 4) -Epochs 1 -Seed 5 -TensorBoardPath /proc/tb -ErrorAction Stop } |
            Should -Throw -ErrorId 'FileWriteFailed,DeepStats.Commands.StartTrainingCommand'
    }

    It 'Save-Model into a file used as a folder: ModelFileWriteFailed naming the folder' {
        { $model | Save-Model -LiteralPath (Join-Path $root 'not-a-folder/m.dsmodel') -Force } |
            Should -Throw -ErrorId 'ModelFileWriteFailed,DeepStats.Commands.SaveModelCommand' -ExpectedMessage "*is a file, not a folder*"
    }
}
