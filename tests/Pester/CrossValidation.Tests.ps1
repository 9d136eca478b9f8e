BeforeAll {
    Import-Module $env:DEEPSTATS_MODULE -Force
    $script:penguins = Import-Dataset -Sample Penguins -DropMissing -WarningAction SilentlyContinue
    $script:params = @{ Model = (New-FeedForwardNet -Hidden 8); Epochs = 3; LearningRate = 0.01; Seed = 4; ValidationFraction = 0 }
}

Describe 'Invoke-CrossValidation' {
    It 'takes the same training parameters as Start-Training (one hashtable splats to both)' {
        $cv = $penguins | Invoke-CrossValidation @params -Folds 3
        $m = $penguins | Start-Training @params
        $cv | Should -BeOfType ([DeepStats.Core.Evaluation.CrossValidationResult])
        $cv.TrainingOptions | Should -Be $m.Options   # records: every option equal
        $cv.Folds.Count | Should -Be 3
        ($cv.Folds | Measure-Object TestRows -Sum).Sum | Should -Be $penguins.RowCount
        $cv.Predictions.Count | Should -Be $penguins.RowCount
        $cv.Plan.Strategy | Should -Be 'Stratified'
        $cv.Plan.DataFingerprint | Should -Be $penguins.Fingerprint
        $cv.Summary[0].Metric | Should -Be 'Accuracy'
        $cv.Summary[0].Method | Should -Match 'Nadeau-Bengio'
        $cv.Summary[0].Mean | Should -Be (($cv.Folds | Measure-Object Score -Average).Average)
        $cv.Pooled.Count | Should -Be $penguins.RowCount
    }

    It 'refuses a -Fold outside the plan' {
        { Invoke-CrossValidation $penguins -Folds 3 -Fold 4 -Epochs 1 } |
            Should -Throw -ErrorId 'CrossValidationFoldOutOfRange,DeepStats.Commands.InvokeCrossValidationCommand'
    }

    It 'groups by a column and reports per-fold progress in the verbose stream' {
        $out = Invoke-CrossValidation $penguins -Folds 3 -GroupBy island -Epochs 1 -Seed 2 -Verbose 4>&1
        $cv = $out | Where-Object { $_ -is [DeepStats.Core.Evaluation.CrossValidationResult] }
        $cv.Plan.Strategy | Should -Be 'Grouped by island, stratified'
        @($out | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] -and $_.Message -match '^Repeat 1, fold \d: Accuracy' }).Count | Should -Be 3
        $island = $penguins.GetColumn('island').Codes
        foreach ($f in 1..3) {
            $test = $cv.Plan.TestRows(1, $f) | ForEach-Object { $island[$_] } | Sort-Object -Unique
            $train = $cv.Plan.TrainRows(1, $f) | ForEach-Object { $island[$_] } | Sort-Object -Unique
            @($test | Where-Object { $_ -in $train }).Count | Should -Be 0
        }
    }

    It 'keeps the finished folds when stopped (Ctrl+C) in $DeepStatsPartialCrossValidation' {
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddScript("Import-Module '$env:DEEPSTATS_MODULE'; `$d = Import-Dataset -Sample Penguins -DropMissing -WarningAction SilentlyContinue; Invoke-CrossValidation `$d -Folds 5 -Epochs 40 -Seed 1 -Verbose")
            $async = $ps.BeginInvoke()
            $deadline = [DateTime]::UtcNow.AddMinutes(5)
            while ($ps.Streams.Verbose.Count -lt 1 -and -not $async.IsCompleted -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 20 }
            $ps.Stop()   # what Ctrl+C does: StopProcessing, then the pipeline's output is discarded
            $ps.Streams.Error | Should -BeNullOrEmpty
            $partial = $ps.Runspace.SessionStateProxy.GetVariable('DeepStatsPartialCrossValidation')
            $partial | Should -Not -BeNullOrEmpty
            $partial.Completed | Should -BeFalse
            $partial.Folds.Count | Should -BeGreaterOrEqual 1
            $partial.Folds.Count | Should -BeLessThan 5
            $partial.Folds[0].Fold | Should -Be 1
        }
        finally { $ps.Dispose() }
    }
}

Describe 'Join-CrossValidation' {
    It 'joins pieces run with -Fold into the one-shot result' {
        $whole = Invoke-CrossValidation $penguins @params -Folds 3
        $joined = 3, 1, 2 | ForEach-Object { Invoke-CrossValidation $penguins @params -Folds 3 -Fold $_ } | Join-CrossValidation
        $joined.Plan.Id | Should -Be $whole.Plan.Id
        $joined.CoversPlan | Should -BeTrue
        $joined.Summary[0] | Should -Be $whole.Summary[0]
        $joined.Predictions.PredictedLabels | Should -Be $whole.Predictions.PredictedLabels
        ($joined.Folds | ForEach-Object Score) | Should -Be ($whole.Folds | ForEach-Object Score)
    }

    It 'joins pieces returned by thread jobs' {
        $module = $env:DEEPSTATS_MODULE
        $d = $penguins
        $p = $params
        $jobs = 1, 2 | ForEach-Object {
            Start-ThreadJob -ArgumentList $_ -ScriptBlock { param($fold) Import-Module $using:module; $q = $using:p; Invoke-CrossValidation -Data $using:d @q -Folds 2 -Fold $fold }
        }
        $joined = $jobs | Receive-Job -Wait -AutoRemoveJob | Join-CrossValidation
        $whole = Invoke-CrossValidation $penguins @params -Folds 2
        $joined.Folds.Count | Should -Be 2
        $joined.Summary[0] | Should -Be $whole.Summary[0]
    }

    It 'refuses pieces from another plan or trained differently' {
        $a = Invoke-CrossValidation $penguins @params -Folds 3 -Fold 1
        $b = Invoke-CrossValidation $penguins @params -Folds 3 -Fold 2 -Seed 5
        { Join-CrossValidation $a, $b } | Should -Throw -ErrorId 'CrossValidationPlanMismatch,DeepStats.Commands.JoinCrossValidationCommand'
        $c = Invoke-CrossValidation $penguins -Model $params.Model -Epochs 2 -LearningRate 0.01 -Seed 4 -ValidationFraction 0 -Folds 3 -Fold 2
        { Join-CrossValidation $a, $c } | Should -Throw -ErrorId 'CrossValidationConfigurationMismatch,DeepStats.Commands.JoinCrossValidationCommand'
        { $a, $a | Join-CrossValidation } | Should -Throw -ErrorId 'CrossValidationDuplicateFold,DeepStats.Commands.JoinCrossValidationCommand'
    }
}

Describe 'Compare-Model on cross-validation results' {
    It 'uses the 5x2cv F-test for -Folds 2 -Repeat 5 and the corrected t-test otherwise' {
        $a = Invoke-CrossValidation $penguins @params -Folds 2 -Repeat 5 -Epochs 1
        $b = Invoke-CrossValidation $penguins @params -Folds 2 -Repeat 5
        $f = Compare-Model $a $b
        $f | Should -BeOfType ([DeepStats.Core.Evaluation.ModelComparison])
        $f.Test | Should -Match 'Alpaydin'
        $f.DegreesOfFreedom | Should -Be 10
        $f.DenominatorDegreesOfFreedom | Should -Be 5
        $f.Count | Should -Be 10
        $f.Decision | Should -BeIn @('Better', 'Worse', 'NoSignificantDifference')
        $f.Explanation | Should -Match 'Accuracy over 10 paired fold'
        $t = Compare-Model -Reference $a -Difference $b -Test CorrectedResampledT
        $t.Test | Should -Match 'Nadeau'
        $t.DegreesOfFreedom | Should -Be 9
        [math]::Abs($t.Difference - ($b.Summary[0].Mean - $a.Summary[0].Mean)) | Should -BeLessThan 1e-12
    }

    It 'refuses results of different plans' {
        $a = Invoke-CrossValidation $penguins @params -Folds 2 -Fold 1
        $b = Invoke-CrossValidation $penguins @params -Folds 3 -Fold 1
        { Compare-Model $a $b } | Should -Throw -ErrorId 'CrossValidationPlanMismatch,DeepStats.Commands.CompareModelCommand'
    }
}
