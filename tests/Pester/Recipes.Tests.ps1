# Preprocessing as recipes (issue 11): refit on training rows, standardizer methods, feature selection,
# augmentation, and the leakage warning of Test-Model.
BeforeAll {
    Import-Module $env:DEEPSTATS_MODULE -Force
    $script:raw = Import-Dataset -Sample Penguins -DropMissing
    function Get-Mean([double[]] $v) { ($v | Measure-Object -Average).Average }
}

Describe 'Refitting on the training rows' {
    It 'keeps the validation rows out of the standardizer of ConvertTo-Standardized | Start-Training (the README leak)' {
        $data = $raw | ConvertTo-Standardized
        $out = $data | Start-Training -Epochs 1 -Seed 3 -ValidationFraction 0.2 -Verbose 4>&1
        $verbose = $out | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }
        $model = $out | Where-Object { $_ -is [DeepStats.Core.Training.TrainedModel] }
        ($verbose.Message -join "`n") | Should -BeLike '*Refitted the preprocessing*training rows*held-out rows were not used*'
        # the trainer's validation split, recomputed: the model's standardizer is the mean of the training rows only
        $split = [DeepStats.Core.Data.DatasetSplitter]::Split($raw, 0.2, 3)
        $bill = $raw.Columns[1].Values
        $bill.Count | Should -Be $raw.RowCount
        $trainMean = Get-Mean ($split.Item1 | ForEach-Object { $bill[$_] })
        $allMean = Get-Mean $bill
        $p = $model.Transforms[0].Parameters | Where-Object Name -eq $raw.Columns[1].Name
        $p.Center | Should -BeGreaterThan ($trainMean - 1e-9)
        $p.Center | Should -BeLessThan ($trainMean + 1e-9)
        [math]::Abs($p.Center - $allMean) | Should -BeGreaterThan 1e-6
        $model.Transforms[0].RowCount | Should -Be $split.Item1.Count
    }

    It 'refits in Split-Dataset and says so' {
        $data = $raw | ConvertTo-Standardized -Method MinMax
        $s = $data | Split-Dataset -TestFraction 0.3 -Seed 5 -Verbose 4>&1
        $split = $s | Where-Object { $_ -is [DeepStats.Core.Data.DatasetSplit] }
        (($s | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }).Message -join "`n") | Should -BeLike '*Refitted*'
        $split.Refitted | Should -BeTrue
        $mass = $raw.Columns[4].Values
        $trainMin = ($split.TrainRows | ForEach-Object { $mass[$_] } | Measure-Object -Minimum).Minimum
        ($split.Train.Transforms[0].Parameters | Where-Object Name -eq $raw.Columns[4].Name).Center | Should -Be $trainMin
        $split.Test.Transforms[0].Id | Should -Be $split.Train.Transforms[0].Id
    }

    It 'refits in each cross-validation fold and says so' {
        $data = $raw | ConvertTo-Standardized -Method MinMax
        $out = $data | Split-Dataset -Folds 3 -Seed 2 -Verbose 4>&1
        (($out | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }).Message -join "`n") | Should -BeLike '*refits*training rows*'
        $mass = $raw.Columns[4].Values
        foreach ($fold in $out | Where-Object { $_ -is [DeepStats.Core.Data.DatasetFold] }) {
            $trainMin = ($fold.TrainRows | ForEach-Object { $mass[$_] } | Measure-Object -Minimum).Minimum
            ($fold.Train.Transforms[0].Parameters | Where-Object Name -eq $raw.Columns[4].Name).Center | Should -Be $trainMin
            $fold.Train.Transforms[0].RowCount | Should -Be $fold.TrainCount
        }
    }

    It 'refits ConvertTo-Imputed too' {
        $m = Import-Dataset -Sample Penguins | ConvertTo-Imputed -Strategy Median -AddIndicator |
            Start-Training -Epochs 1 -Seed 1 -ValidationFraction 0.2
        $m.Transforms.Kind | Should -Be @('Impute', 'Standardize')
        $m.Transforms[0].RefitOf | Should -Not -BeNullOrEmpty
        $m.Transforms[0].RowCount | Should -Be $m.TrainingRows
    }
}

Describe 'ConvertTo-Standardized methods' {
    It 'scales only the columns matching -Column, to [0, 1] with MinMax, and states its convention' {
        $out = $raw | ConvertTo-Standardized -Method MinMax -Column bill_* -Verbose 4>&1
        $d = $out | Where-Object { $_ -is [DeepStats.Core.Data.Dataset] }
        (($out | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }).Message -join "`n") | Should -BeLike '*maximum - minimum*'
        $bl = ($d.Columns | Where-Object Name -eq 'bill_length_mm').Values | Measure-Object -Minimum -Maximum
        $bl.Minimum | Should -Be 0
        $bl.Maximum | Should -Be 1
        ($d.Columns | Where-Object Name -eq 'body_mass_g').Values[0] | Should -Be ($raw.Columns | Where-Object Name -eq 'body_mass_g').Values[0]
    }

    It 'warns about a constant column and sets it to 0' {
        Set-Content TestDrive:/const.csv "a,k,y`n1,5,p`n2,5,q`n4,5,p`n"
        $d = Import-Dataset TestDrive:/const.csv -Target y | ConvertTo-Standardized -Method Robust -WarningVariable w -WarningAction SilentlyContinue
        ($w -join ' ') | Should -BeLike "*'k' is constant*"
        $d.Columns[1].Values | Should -Be @(0, 0, 0)
        $d.Transforms[0].Convention | Should -BeLike '*type 7*'
    }
}

Describe 'Select-Feature' {
    It 'keeps the best ANOVA F columns and reports every feature' {
        $d = $raw | Select-Feature -Method AnovaF -Top 2
        $d.FeatureReport.Count | Should -Be 6
        ($d.FeatureReport | Where-Object Kept).Count | Should -Be 4  # 2 kept + island and sex passed through
        ($d.FeatureReport | Where-Object { -not $_.Kept }).Reason | Should -BeLike '*outside the top 2*'
        ($d.FeatureReport | Where-Object Rank -eq 1).AdjustedPValue | Should -BeLessThan 1e-10
        $d.Columns.Count | Should -Be 4
    }

    It 'is refitted and kept with the model' {
        $m = $raw | Select-Feature -Method MutualInformation -Top 2 | Start-Training -Epochs 1 -Seed 1
        $m.Transforms.Kind | Should -Be @('Select', 'Standardize')
        $m.Transforms[0].RefitOf | Should -Not -BeNullOrEmpty
        ($m | Test-Model -Data $raw -WarningAction SilentlyContinue).Count | Should -Be $raw.RowCount
    }

    It 'scores mutual information from -Seed: the same seed gives the same scores' {
        $a = $raw | Select-Feature -Method MutualInformation -Top 2 -Seed 5
        $b = $raw | Select-Feature -Method MutualInformation -Top 2 -Seed 5
        $c = $raw | Select-Feature -Method MutualInformation -Top 2
        $scored = { param($d) ($d.FeatureReport | Where-Object { $null -ne $_.Rank }).Score }  # island and sex pass through unscored
        & $scored $a | Should -Be (& $scored $b)
        ((& $scored $a) -join ',') | Should -Not -Be ((& $scored $c) -join ',')
        # every measurement is tied (whole millimetres and grams): no informative column scores 0
        & $scored $a | ForEach-Object { $_ | Should -BeGreaterThan 0.1 }
    }

    It 'asks for a criterion' {
        { $raw | Select-Feature -Method AnovaF } | Should -Throw -ErrorId 'FeatureSelectionCriterion,DeepStats.Commands.SelectFeatureCommand'
    }
}

Describe 'New-Augmentation' {
    It 'builds a seeded policy that Start-Training applies to training batches' {
        $aug = New-Augmentation -Noise 0.5 -Seed 2
        $aug.NoiseStd | Should -Be 0.5
        $a = $raw | Start-Training -Epochs 2 -Seed 1 -Augmentation $aug
        $b = $raw | Start-Training -Epochs 2 -Seed 1 -Augmentation $aug
        $c = $raw | Start-Training -Epochs 2 -Seed 1
        $a.History.Loss | Should -Be $b.History.Loss
        $a.History[0].Loss | Should -Not -Be $c.History[0].Loss
    }

    It 'refuses image operations on a table' {
        { $raw | Start-Training -Epochs 1 -Augmentation (New-Augmentation -FlipProbability 0.5) } |
            Should -Throw -ErrorId 'AugmentationNotApplicable,DeepStats.Commands.StartTrainingCommand'
    }
}

Describe 'The leakage guard of Test-Model' {
    It 'warns with the count when test rows were fitted on, and not for held-out rows' {
        $split = $raw | Split-Dataset -TestFraction 0.25 -Seed 4
        $m = $split.Train | Start-Training -Epochs 1 -Seed 2 -ValidationFraction 0
        $null = $m | Test-Model -Data $split.Test -WarningVariable clean -WarningAction SilentlyContinue
        $clean | Should -BeNullOrEmpty
        $null = $m | Test-Model -Data $raw -WarningVariable leak -WarningAction SilentlyContinue
        ($leak -join ' ') | Should -BeLike "$($split.TrainCount) of the $($raw.RowCount) rows*"
    }
}
