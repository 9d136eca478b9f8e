BeforeAll {
    Import-Module $env:DEEPSTATS_MODULE -Force
    # Two well separated classes in two numeric features plus a category, with an id column (deterministic rows).
    $lines = @('id,f1,f2,colour,label')
    for ($i = 0; $i -lt 200; $i++) {
        $pos = $i % 2 -eq 0
        $jitter = (($i * 37) % 100) / 100.0
        $f1 = if ($pos) { 3 + $jitter } else { -3 - $jitter }
        $f2 = if ($pos) { 1 + $jitter / 2 } else { -1 - $jitter / 2 }
        $colour = @('red', 'green', 'blue')[$i % 3]
        $label = if ($pos) { 'yes' } else { 'no' }
        $lines += "r$i,$f1,$f2,$colour,$label"
    }
    Set-Content TestDrive:/train.csv ($lines -join "`n")
    Set-Content TestDrive:/new.csv ((@($lines[0]) + $lines[1..40]) -join "`n")
    $train = Import-Dataset TestDrive:/train.csv -Target label -Exclude id
    $model = $train | Start-Training -Model (New-FeedForwardNet -Hidden 8) -Epochs 4 -LearningRate 0.01 -Seed 3
}

Describe 'Save-Model and Import-Model' {
    It 'round-trips through TestDrive: with bit-identical predictions' {
        $model | Save-Model -Path TestDrive:/m.dsmodel
        $loaded = Import-Model -Path TestDrive:/m.dsmodel
        $loaded | Should -BeOfType ([DeepStats.Core.Training.TrainedModel])
        $loaded.Classes | Should -Be @('no', 'yes')
        $loaded.History.Count | Should -Be 4
        $new = Import-Dataset TestDrive:/new.csv -Target label
        $a = Invoke-Prediction -Model $model -Data $new
        $b = Invoke-Prediction -Model $loaded -Data $new
        $b.Count | Should -Be 40
        for ($i = 0; $i -lt 40; $i++) {
            # exact equality of the doubles widened from float32: bit-identical outputs
            $b[$i].P_yes | Should -Be $a[$i].P_yes
            $b[$i].Predicted | Should -Be $a[$i].Predicted
        }
    }

    It 'resolves relative paths against the current location, not the process folder' {
        Push-Location TestDrive:/
        try {
            $file = $model | Save-Model -Path rel.dsmodel -PassThru
            $file | Should -BeOfType ([IO.FileInfo])
            $file.FullName | Should -Be (Join-Path (Get-PSDrive TestDrive).Root 'rel.dsmodel')
            (Import-Model rel.dsmodel).Classes | Should -Be @('no', 'yes')
            Get-ChildItem TestDrive:/ -Filter *.dsmodel | Import-Model | Should -HaveCount 2
        }
        finally { Pop-Location }
    }

    It 'writes nothing with -WhatIf, refuses to replace without -Force, replaces with it' {
        $model | Save-Model -Path TestDrive:/w.dsmodel -WhatIf
        'TestDrive:/w.dsmodel' | Should -Not -Exist
        Set-Content TestDrive:/w.dsmodel 'precious'
        { $model | Save-Model -Path TestDrive:/w.dsmodel } | Should -Throw -ErrorId 'ModelFileExists,DeepStats.Commands.SaveModelCommand'
        Get-Content TestDrive:/w.dsmodel | Should -Be 'precious'
        $model | Save-Model -Path TestDrive:/w.dsmodel -Force
        (Import-Model TestDrive:/w.dsmodel).Classes | Should -Be @('no', 'yes')
        Get-ChildItem TestDrive:/ -Filter '*.saving' | Should -BeNullOrEmpty
    }

    It 'gives one clear error for a truncated copy, and for a file that is not a model' {
        $model | Save-Model -Path TestDrive:/full.dsmodel -Force
        $bytes = [IO.File]::ReadAllBytes((Join-Path (Get-PSDrive TestDrive).Root 'full.dsmodel'))
        [IO.File]::WriteAllBytes((Join-Path (Get-PSDrive TestDrive).Root 'cut.dsmodel'), $bytes[0..([int]($bytes.Length * 0.6))])
        { Import-Model TestDrive:/cut.dsmodel } | Should -Throw -ErrorId 'ModelFileCorrupt,DeepStats.Commands.ImportModelCommand'
        { Import-Model TestDrive:/train.csv } | Should -Throw -ErrorId 'NotAModelFile,DeepStats.Commands.ImportModelCommand'
        { Import-Model TestDrive:/nothing-here.dsmodel } | Should -Throw -ErrorId 'FileNotFound,DeepStats.Commands.ImportModelCommand'
    }

    It 'leaves the previous file intact and loadable when the saving process is killed (SIGKILL) mid-write' {
        $root = (Get-PSDrive TestDrive).Root
        $target = Join-Path $root 'prod.dsmodel'
        $model | Save-Model -LiteralPath $target -Force
        $before = (Get-FileHash $target).Hash
        $marker = Join-Path $root 'paused.txt'
        # The child saves another model through the one writer Save-Model uses (AtomicFile, with the bytes Save-Model
        # writes), its stream filled by a test-only callback that writes half the archive, flushes it to disk, says so
        # in the marker file and waits: the seam is in this test, not in the product.
        $script = @"
Import-Module '$env:DEEPSTATS_MODULE'
`$m = Import-Dataset '$root/train.csv' -Target label -Exclude id | Start-Training -Epochs 1 -Seed 99
`$bytes = [DeepStats.Core.Persistence.ModelFile]::Serialise(`$m.Artifact)
[DeepStats.Core.Persistence.AtomicFile]::Write('$target', [Action[IO.Stream]] {
    param(`$s)
    `$s.Write(`$bytes, 0, [int](`$bytes.Length / 2)); `$s.Flush(`$true)
    Set-Content -LiteralPath '$marker' -Value `$PID
    Start-Sleep -Seconds 120
    `$s.Write(`$bytes, [int](`$bytes.Length / 2), `$bytes.Length - [int](`$bytes.Length / 2))
}, 'the model', 'ModelFileWriteFailed')
"@
        # a child PowerShell of this same version: the pwsh apphost when there is one, else 'dotnet pwsh.dll' (the dotnet tool)
        $apphost = Join-Path $PSHOME 'pwsh'
        $psi = [Diagnostics.ProcessStartInfo]::new($(if (Test-Path $apphost) { $apphost } else { [Environment]::ProcessPath }))
        if (-not (Test-Path $apphost)) { $psi.ArgumentList.Add((Join-Path $PSHOME 'pwsh.dll')) }
        foreach ($a in @('-NoProfile', '-NonInteractive', '-Command', $script)) { $psi.ArgumentList.Add($a) }
        $psi.RedirectStandardOutput = $true
        $child = [Diagnostics.Process]::Start($psi)
        try {
            $deadline = [DateTime]::UtcNow.AddSeconds(180)
            while (-not (Test-Path $marker) -and -not $child.HasExited -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 100 }
            $marker | Should -Exist -Because 'the child must reach the middle of its write'
            (Get-Content $marker) | Should -Be $child.Id
            $child.Kill()   # SIGKILL on Unix: no finally blocks, no cleanup in the child
            $child.WaitForExit()
        }
        finally { if (-not $child.HasExited) { $child.Kill() } }
        (Get-FileHash $target).Hash | Should -Be $before
        (Import-Model -LiteralPath $target).Classes | Should -Be @('no', 'yes')
        # the only leftover is the killed write's own temp file: half an archive, clearly named, itself no loadable model
        $left = @(Get-ChildItem $root -Force -Filter 'prod.dsmodel*' | Where-Object Name -ne 'prod.dsmodel')
        $left | Should -HaveCount 1
        $left[0].Name | Should -Match '^prod\.dsmodel\.[0-9]+-[0-9a-f]{12}\.saving$'
        $left[0].Length | Should -BeGreaterThan 0
        { Import-Model -LiteralPath $left[0].FullName } | Should -Throw -ErrorId 'ModelFileCorrupt,DeepStats.Commands.ImportModelCommand'
        # the next save goes through; it writes through a temp file of its own and leaves nothing more behind
        $model | Save-Model -LiteralPath $target -Force
        (Import-Model -LiteralPath $target).Classes | Should -Be @('no', 'yes')
        @(Get-ChildItem $root -Force -Filter 'prod.dsmodel*').Count | Should -Be 2
    }
}

Describe 'Invoke-Prediction' {
    It 'predicts pipeline objects from Import-Csv: one object per row with key, label and probabilities' {
        $p = Import-Csv TestDrive:/new.csv | Invoke-Prediction -Model $model -KeyColumn id -BatchSize 7
        $p | Should -HaveCount 40
        $p[0].Key | Should -Be 'r0'
        $p[39].Key | Should -Be 'r39'
        foreach ($r in $p) {
            ($r.P_no + $r.P_yes) | Should -BeGreaterThan 0.9999
            ($r.P_no + $r.P_yes) | Should -BeLessThan 1.0001
            $r.Probability | Should -Be ([Math]::Max($r.P_no, $r.P_yes))
        }
        # the same numbers as the dataset and file routes: bit for bit in one batch; batches of 7 may round the last
        # float32 digit differently (libtorch picks kernels by batch shape), nothing more
        $d = Invoke-Prediction -Model $model -Data (Import-Dataset TestDrive:/new.csv -Target label)
        $f = Invoke-Prediction -Model $model -Path TestDrive:/new.csv
        $one = Import-Csv TestDrive:/new.csv | Invoke-Prediction -Model $model
        for ($i = 0; $i -lt 40; $i++) {
            $one[$i].P_yes | Should -Be $d[$i].P_yes
            $f[$i].P_yes | Should -Be $d[$i].P_yes
            [Math]::Abs($p[$i].P_yes - $d[$i].P_yes) | Should -BeLessThan 1e-6
        }
        $d[0].Key | Should -Be 1
        $d[0].Actual | Should -Be 'yes'   # r0: an even row
        (@($d | Where-Object { $_.Predicted -eq $_.Actual })).Count | Should -BeGreaterThan 36
    }

    It 'names the row and column of a value that does not fit' {
        $rows = Import-Csv TestDrive:/new.csv
        $rows[2].f1 = 'abc'
        { $rows | Invoke-Prediction -Model $model } | Should -Throw -ExpectedMessage "*Row 3, column 'f1'*not a number*"
        { $rows | Invoke-Prediction -Model $model } | Should -Throw -ErrorId 'PredictionInputInvalid,DeepStats.Commands.InvokePredictionCommand'
        $rows = Import-Csv TestDrive:/new.csv
        $rows[4].colour = 'purple'
        { $rows | Invoke-Prediction -Model $model } | Should -Throw -ExpectedMessage "*Row 5, column 'colour'*'purple'*not seen in training*"
        { [pscustomobject]@{ f1 = 1; colour = 'red' } | Invoke-Prediction -Model $model } |
            Should -Throw -ExpectedMessage "*Row 1 has no property 'f2'*"
    }
}

Describe 'Test-Model gates, Compare-Model and the Should operators' {
    BeforeAll {
        $real = Import-Dataset TestDrive:/train.csv -Target label -Exclude id
        # a weak model: trained on labels that follow the colour, which says nothing about the real label (the row's parity)
        $weakLines = @('id,f1,f2,colour,label') + ($lines[1..200] | ForEach-Object {
            $f = $_ -split ','; "$($f[0]),$($f[1]),$($f[2]),$($f[3]),$(if ($f[3] -eq 'red') { 'yes' } else { 'no' })" })
        Set-Content TestDrive:/weak.csv ($weakLines -join "`n")
        $weak = Import-Dataset TestDrive:/weak.csv -Target label -Exclude id | Start-Training -Epochs 10 -LearningRate 0.02 -Seed 2
    }

    It 'reports the full set of metrics with its conventions and the per-row results' {
        $r = Test-Model $model $real
        $r.Predictions.Count | Should -Be 200
        $r.Predictions.RowIds[0] | Should -Be '1'
        $r.Auc | Should -BeGreaterThan 0.95
        $r.AucLower | Should -BeLessOrEqual $r.Auc
        $r.BaselineAccuracy | Should -Be 0.5
        $r.Conventions | Should -Match 'DeLong'
        $r.Passed | Should -BeNullOrEmpty
    }

    It 'sets Passed and writes QualityGateFailed when a gate is not met' {
        $ok = Test-Model $model $real -MinimumAccuracy 0.6 -MinimumAuc 0.6 -MinimumF1 0.6 -OnLowerBound -ErrorVariable gateErrors
        $ok.Passed | Should -BeTrue
        $gateErrors | Should -BeNullOrEmpty
        $bad = Test-Model $weak $real -MinimumAccuracy 0.9 -ErrorVariable gateErrors -ErrorAction SilentlyContinue
        $bad.Passed | Should -BeFalse
        $bad.GateResults[0] | Should -Match 'does not meet the gate of at least 0.9'
        $gateErrors[0].FullyQualifiedErrorId | Should -Be 'QualityGateFailed,DeepStats.Commands.TestModelCommand'
        { Test-Model $weak $real -MinimumAccuracy 0.9 -ErrorAction Stop } | Should -Throw -ErrorId 'QualityGateFailed,DeepStats.Commands.TestModelCommand'
        { Test-Model $model $real -MaximumRmse 1 } | Should -Throw -ErrorId 'InvalidQualityGate,DeepStats.Commands.TestModelCommand'
    }

    It 'warns, naming the class, when a class has no rows in the test data' {
        Set-Content TestDrive:/onlyyes.csv ((@($lines[0]) + ($lines[1..40] | Where-Object { $_ -like '*,yes' })) -join "`n")
        $r = Test-Model $model (Import-Dataset TestDrive:/onlyyes.csv -Target label) -WarningVariable w -WarningAction SilentlyContinue
        @($w | Where-Object { "$_" -like "*has no rows*" }) | Should -HaveCount 1
        "$($w[0])" | Should -Match "Class 'no' has no rows"
        $r.AbsentClasses | Should -Be @('no')
        [double]::IsNaN($r.PerClass[0].Recall) | Should -BeTrue
        [double]::IsNaN($r.Auc) | Should -BeTrue
    }

    It 'compares two models with the exact McNemar test and decides' {
        $cmp = Compare-Model -Reference $weak -Difference $model -Data $real
        $cmp.Test | Should -Be 'Exact McNemar test'
        $cmp.Decision | Should -Be 'Better'
        $cmp.PValue | Should -BeLessThan 1e-6
        ($cmp.DifferenceOnlyCorrect - $cmp.ReferenceOnlyCorrect) / 200 | Should -Be $cmp.Difference
        (Compare-Model $model $weak $real).Decision | Should -Be 'Worse'
        (Compare-Model $model $model $real).Decision | Should -Be 'NoSignificantDifference'
        $cmp.Explanation | Should -Match 'discordant'
    }

    It 'adds Should -HaveAccuracyAtLeast and -BeSignificantlyBetterThan to Pester' {
        $model | Should -HaveAccuracyAtLeast 0.9 -Data $real
        Test-Model $model $real | Should -HaveAccuracyAtLeast 0.85 -OnLowerBound
        { $weak | Should -HaveAccuracyAtLeast 0.9 -Data $real } | Should -Throw '*Expected the accuracy to be at least 0.9, but it was*'
        $model | Should -BeSignificantlyBetterThan $weak -Data $real
        { $weak | Should -BeSignificantlyBetterThan $model -Data $real } | Should -Throw '*decision was Worse*'
    }
}
