# Issue 17: preprocessing steps compose in any order. Every order of ConvertTo-Imputed, ConvertTo-Standardized (each method,
# with and without -Column) and Select-Feature, with and without -Reference, through Start-Training, Save-Model/Import-Model,
# Test-Model, Invoke-Prediction (dataset, -Path, objects), Invoke-CrossValidation and Split-Dataset. The assertions are about
# preprocessing (parameters worked by hand, the same inputs on every path, no false leakage warning), not accuracy.
BeforeDiscovery {
    $orders = @(
        @('Impute', 'Standardize', 'Select'), @('Impute', 'Select', 'Standardize'), @('Standardize', 'Impute', 'Select'),
        @('Standardize', 'Select', 'Impute'), @('Select', 'Impute', 'Standardize'), @('Select', 'Standardize', 'Impute'))
    $script:cases = foreach ($o in $orders) {
        foreach ($method in 'ZScore', 'MinMax', 'Robust') {
            foreach ($column in $false, $true) { @{ Order = $o; Method = $method; Column = $column; Name = ($o -join ' | ') } }
        }
    }
    $script:referenceCases = foreach ($o in $orders) { @{ Order = $o; Name = ($o -join ' | ') } }
}

BeforeAll {
    Import-Module $env:DEEPSTATS_MODULE -Force
    # a small wine-like table: flavanoids and alcohol carry the class (ANOVA F in the hundreds), malic_acid and color hardly;
    # malic_acid and color have missing values. Values with 3 decimals from seeded generators: no test row equals a training row.
    function New-Table([int] $n, [int] $seed) {
        $rng = [System.Random]::new($seed)
        $lines = @('alcohol,malic_acid,color,flavanoids,class')
        for ($i = 0; $i -lt $n; $i++) {
            $k = $i % 3
            $alcohol = [math]::Round(11 + 1.5 * $k + $rng.NextDouble(), 3)
            $malic = if ($i % 7 -eq 3) { 'NA' } else { [math]::Round(1 + 4 * $rng.NextDouble(), 3) }
            $color = if ($i % 9 -eq 5) { 'NA' } else { [math]::Round(2 + 8 * $rng.NextDouble(), 3) }
            $flav = [math]::Round(0.5 + 1.2 * $k + 0.5 * $rng.NextDouble(), 3)
            $lines += "$alcohol,$malic,$color,$flav,$('c' + $k)"
        }
        $lines -join "`n"
    }
    Set-Content TestDrive:/train.csv (New-Table 60 1)
    Set-Content TestDrive:/test.csv (New-Table 21 2)
    Set-Content TestDrive:/reference.csv (New-Table 30 3)
    $script:trainPath = (Resolve-Path TestDrive:/train.csv).ProviderPath
    $script:testPath = (Resolve-Path TestDrive:/test.csv).ProviderPath
    $script:flav = [double[]]((Import-Csv $trainPath).flavanoids)

    function Get-Type7([double[]] $v, [double] $p) {
        $s = [double[]]($v | Sort-Object)
        $h = ($s.Count - 1) * $p
        $lo = [math]::Floor($h)
        if ($lo + 1 -ge $s.Count) { return $s[$lo] }
        $s[$lo] + ($h - $lo) * ($s[$lo + 1] - $s[$lo])
    }
    # the centre and scale of a column by hand: mean and sample sd, min and range, median and IQR (type 7)
    function Get-Scale([double[]] $v, [string] $method) {
        switch ($method) {
            'ZScore' { $m = ($v | Measure-Object -Average).Average; $ss = ($v | ForEach-Object { ($_ - $m) * ($_ - $m) } | Measure-Object -Sum).Sum; @($m, [math]::Sqrt($ss / ($v.Count - 1))) }
            'MinMax' { $r = $v | Measure-Object -Minimum -Maximum; @($r.Minimum, ($r.Maximum - $r.Minimum)) }
            'Robust' { @((Get-Type7 $v 0.5), ((Get-Type7 $v 0.75) - (Get-Type7 $v 0.25))) }
        }
    }
    function Invoke-Steps($data, [string[]] $order, [string] $method, [bool] $column, $reference) {
        foreach ($step in $order) {
            $data = switch ($step) {
                'Impute' { $data | ConvertTo-Imputed -Strategy Median }
                'Standardize' {
                    if ($reference) { $data | ConvertTo-Standardized -Reference $reference }
                    elseif ($column) { $data | ConvertTo-Standardized -Method $method -Column '[fm]*' }
                    else { $data | ConvertTo-Standardized -Method $method }
                }
                'Select' { $data | Select-Feature -Method AnovaF -Top 2 }
            }
        }
        $data
    }
    function Should-BeClose([double] $actual, [double] $expected) {
        [math]::Abs($actual - $expected) | Should -BeLessOrEqual (1e-12 * [math]::Max(1, [math]::Abs($expected)))
    }
}

Describe 'Every order of impute, standardize and select: <Name>, <Method>, -Column <Column>' -ForEach $cases {
    BeforeAll {
        $script:data = Invoke-Steps (Import-Dataset $trainPath -Target class) $Order $Method $Column $null
        $script:model = $data | Start-Training -Epochs 1 -Seed 1 -ValidationFraction 0
        Save-Model -Model $model -Path TestDrive:/m.dsmodel -Force
        $script:loaded = Import-Model TestDrive:/m.dsmodel
    }

    It 'keeps the raw columns as the model''s input and the steps in order' {
        $model.InputSchema.Features.Name | Should -Be @('alcohol', 'malic_acid', 'color', 'flavanoids')
        $model.Transforms.Kind | Should -Be @($Order | ForEach-Object { @{ Impute = 'Impute'; Standardize = 'Standardize'; Select = 'Select' }[$_] })
        $loaded.Transforms.Kind | Should -Be $model.Transforms.Kind
    }

    It 'fits the standardizer of flavanoids on the training rows as worked by hand' {
        # flavanoids has no missing value and is kept by every selection, so in any order the standardizer sees its raw values
        $p = ($model.Transforms | Where-Object Kind -eq 'Standardize').Parameters | Where-Object Name -eq 'flavanoids'
        $hand = Get-Scale $flav $Method
        Should-BeClose $p.Center $hand[0]
        Should-BeClose $p.Scale $hand[1]
    }

    It 'gives the same inputs through Test-Model, Invoke-Prediction (dataset, -Path, objects) and after Save-Model / Import-Model' {
        $test = Import-Dataset $testPath -Target class
        $report = $loaded | Test-Model -Data $test -WarningVariable w -WarningAction SilentlyContinue
        $report.Count | Should -Be 21
        $w | Should -BeNullOrEmpty   # no test row is a training row: no leakage warning (the issue's false "13 of the 39 rows")
        $byData = Invoke-Prediction -Model $model -Data $test
        $byPath = Invoke-Prediction -Model $loaded -Path $testPath
        $byObjects = Import-Csv $testPath | Invoke-Prediction -Model $loaded
        $byData.Count | Should -Be 21
        $byPath.Probability | Should -Be $byData.Probability
        $byObjects.Probability | Should -Be $byData.Probability
        $byPath.Predicted | Should -Be $byData.Predicted
    }

    It 'warns about the training rows, counted on the raw rows' {
        $null = $loaded | Test-Model -Data (Import-Dataset $trainPath -Target class) -WarningVariable w -WarningAction SilentlyContinue
        ($w -join ' ') | Should -BeLike '60 of the 60 rows*'
    }

    It 'cross-validates and splits through the same chain' {
        $cv = $data | Invoke-CrossValidation -Folds 2 -Epochs 1 -Seed 1 -ValidationFraction 0.2
        $cv.Folds.Count | Should -Be 2
        ($cv.Folds | Measure-Object -Property TestRows -Sum).Sum | Should -Be 60
        $split = $data | Split-Dataset -TestFraction 0.25 -Seed 3
        $m2 = $split.Train | Start-Training -Epochs 1 -Seed 1 -ValidationFraction 0
        $r = $m2 | Test-Model -Data $split.Test -WarningVariable w -WarningAction SilentlyContinue
        $r.Count | Should -Be $split.TestCount
        $w | Should -BeNullOrEmpty
        # the split's standardizer is fitted on its training rows
        $p = ($split.Train.Transforms | Where-Object Kind -eq 'Standardize').Parameters | Where-Object Name -eq 'flavanoids'
        $hand = Get-Scale ([double[]]($split.TrainRows | ForEach-Object { $flav[$_] })) $Method
        Should-BeClose $p.Center $hand[0]
    }
}

Describe 'A standardizer given with -Reference (frozen) in every order: <Name>' -ForEach $referenceCases {
    It 'applies the reference parameters as given through training, saving and cross-validation' {
        $before = @($Order | Select-Object -First ([array]::IndexOf($Order, 'Standardize')))
        $ref = Invoke-Steps (Import-Dataset TestDrive:/reference.csv -Target class) ($before + 'Standardize') 'MinMax' $false $null
        $data = Invoke-Steps (Import-Dataset $trainPath -Target class) $Order 'MinMax' $false $ref
        $data.Recipes[[array]::IndexOf($Order, 'Standardize')].Kind | Should -Be 'Frozen'
        $model = $data | Start-Training -Epochs 1 -Seed 1 -ValidationFraction 0.25
        $given = $ref.Transforms | Where-Object Kind -eq 'Standardize'
        $std = $model.Transforms | Where-Object Kind -eq 'Standardize'
        $std.Id | Should -Be $given.Id   # never refitted
        $refFlav = [double[]]((Import-Csv TestDrive:/reference.csv).flavanoids)
        $hand = Get-Scale $refFlav 'MinMax'
        Should-BeClose ($std.Parameters | Where-Object Name -eq 'flavanoids').Center $hand[0]
        Save-Model -Model $model -Path TestDrive:/f.dsmodel -Force
        $loaded = Import-Model TestDrive:/f.dsmodel
        $loaded.Recipes[[array]::IndexOf($Order, 'Standardize')].Kind | Should -Be 'Frozen'
        (Invoke-Prediction -Model $loaded -Path $testPath).Probability | Should -Be (Invoke-Prediction -Model $model -Path $testPath).Probability
        $cv = $data | Invoke-CrossValidation -Folds 2 -Epochs 1 -Seed 1
        ($cv.Folds | Measure-Object -Property TestRows -Sum).Sum | Should -Be 60
        ($loaded | Test-Model -Data (Import-Dataset $testPath -Target class) -WarningAction SilentlyContinue).Count | Should -Be 21
    }
}

Describe 'The issue''s pipeline: ConvertTo-Standardized | Select-Feature | Start-Training, saved and re-imported' {
    It 'tests, predicts and cross-validates the re-imported model on the raw file (malic_acid is dropped by the selection)' {
        $m = Import-Dataset $trainPath -Target class | ConvertTo-Imputed | ConvertTo-Standardized | Select-Feature -Method AnovaF -Top 2 |
            Start-Training -Epochs 2 -Seed 1
        $m.Transforms[2].Dropped | Should -Contain 'malic_acid'
        Save-Model -Model $m -Path TestDrive:/wine.dsmodel -Force
        $back = Import-Model TestDrive:/wine.dsmodel
        ($back | Test-Model -Data (Import-Dataset $testPath -Target class) -WarningVariable w -WarningAction SilentlyContinue).Count | Should -Be 21
        $w | Should -BeNullOrEmpty
        (Invoke-Prediction -Model $back -Path $testPath).Count | Should -Be 21
    }
}
