BeforeAll {
    Import-Module $env:DEEPSTATS_MODULE -Force
    $script:penguins = Import-Dataset -Sample Penguins -DropMissing -WarningAction SilentlyContinue
    $script:params = @{ Model = (New-FeedForwardNet -Hidden 8); Epochs = 2; LearningRate = 0.01; Seed = 4; ValidationFraction = 0 }
}

Describe 'Invoke-HyperparameterSearch' {
    It 'cross-validates every trial on one plan with the splatted base: each run is Invoke-CrossValidation of its settings' {
        $s = $penguins | Invoke-HyperparameterSearch @params -Space @{ LearningRate = 1e-3, 3e-2 } -Folds 3
        $s | Should -BeOfType ([DeepStats.Core.Evaluation.SearchResult])
        $s.Trials.Count | Should -Be 2
        $s.Completed | Should -BeTrue
        foreach ($t in $s.Trials) {
            $cv = $penguins | Invoke-CrossValidation @params -Folds 3 -LearningRate $t.Settings['LearningRate']
            $t.Runs[0].Plan.Id | Should -Be $cv.Plan.Id
            $t.Runs[0].Summary | Should -Be $cv.Summary   # records: every double equal
            $t.Mean | Should -Be $cv.Summary[0].Mean
            $t.FoldScores | Should -Be ($cv.Folds.Score)
        }
        $s.Best.IsBest | Should -BeTrue
        $s.NotSignificantlyWorse.Number | Should -Contain $s.Best.Number
        $s.Selection.Method | Should -Match 'Bonferroni'
        ($s | Out-String) | Should -Match 'Accuracy'
        ($s.Trials | Out-String -Width 200) | Should -Match 'LearningRate=0.03'
    }

    It 'draws random trials from ranges and lists, seeded, and trains the chosen configuration on all rows with -Final' {
        $space = @{ LearningRate = @{ Min = 1e-3; Max = 1e-1; Log = $true }; Epochs = @{ Min = 1; Max = 3 }; Optimizer = 'Adam', [DeepStats.Core.Training.OptimizerKind]::AdamW }
        $a = $penguins | Invoke-HyperparameterSearch @params -Space $space -Strategy Random -Trials 3 -Folds 2 -Final -Choice OneStandardError
        $b = $penguins | Invoke-HyperparameterSearch @params -Space $space -Strategy Random -Trials 3 -Folds 2
        ($a.Trials.Settings | ForEach-Object ToString) | Should -Be ($b.Trials.Settings | ForEach-Object ToString)
        foreach ($t in $a.Trials) {
            $t.Settings['LearningRate'] | Should -BeGreaterOrEqual 1e-3
            $t.Settings['LearningRate'] | Should -BeLessOrEqual 1e-1
            $t.Settings['Epochs'] | Should -BeOfType ([int])   # integer Min and Max draw integers
            $t.Settings['Epochs'] | Should -BeIn 1, 2, 3
            $t.Settings['Optimizer'] | Should -BeIn 'Adam', 'AdamW'
        }
        $chosen = $a.OneStandardError.Settings
        $m = $penguins | Start-Training @params -LearningRate $chosen['LearningRate'] -Epochs $chosen['Epochs'] -Optimizer $chosen['Optimizer']
        $a.FinalModel.Options | Should -Be $m.Options
        $a.FinalModel.History[-1].Loss | Should -Be $m.History[-1].Loss
    }

    It 'trains each trial once per seed with -Repeat and nests the whole search with -OuterFolds' {
        $s = $penguins | Invoke-HyperparameterSearch @params -Space @{ LearningRate = 1e-3, 1e-2 } -Folds 2 -Repeat 2 -OuterFolds 2
        foreach ($t in $s.Trials) {
            $t.Runs.Count | Should -Be 2
            $t.Runs[1].TrainingOptions.Seed | Should -Be 5
            $t.FoldScores[0] | Should -Be (($t.Runs[0].Folds[0].Score + $t.Runs[1].Folds[0].Score) / 2)
            [double]::IsNaN($t.SeedStandardDeviation) | Should -BeFalse
        }
        $s.Nested.Folds.Count | Should -Be 2
        ($s.Nested.Folds.TestRows | Measure-Object -Sum).Sum | Should -Be $penguins.RowCount
        $s.Nested.Estimate.Upper | Should -BeLessOrEqual 1
        ($s.Nested | Out-String) | Should -Match 'Accuracy'
    }

    It 'refuses a space it cannot search, naming what to do' -ForEach @(
        @{ Space = @{ Seed = 1, 2 }; Says = 'cannot be searched' }
        @{ Space = @{ Epochs = @{ Min = 1; Maxx = 3 } }; Says = 'takes Min, Max, Log and Integer' }
        @{ Space = @{ LearningRate = @{ Min = 0; Max = 1; Log = $true } }; Says = 'Min above 0' }
        @{ Space = @{ LearningRate = @{ Min = 1e-3; Max = 1e-1 } }; Says = 'use -Strategy Random' }
        @{ Space = @{ Optimizer = 'Adam', 'Fastest' }; Says = 'Fastest' }
        @{ Space = @{}; Says = 'empty' }
    ) {
        { $penguins | Invoke-HyperparameterSearch @params -Space $Space -Folds 2 } |
            Should -Throw -ErrorId 'InvalidSearchSpace,DeepStats.Commands.InvokeHyperparameterSearchCommand' -ExpectedMessage "*$Says*"
    }
}
