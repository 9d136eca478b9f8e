# One model, one test set: Test-Model, Export-Chart, Export-ModelReport and a pooled cross-validation state the same
# numbers, because they all score a PredictionSet with the one scorer. The data make class 'c' never predicted: its rows
# lie where class 'a' is four times as common, so a model that learned predicts 'a' there.
BeforeAll {
    Import-Module $env:DEEPSTATS_MODULE -Force
    $inv = [cultureinfo]::InvariantCulture

    function New-Table([string] $Path, [int] $PerClass, [int] $Rare, [int] $Seed) {
        $rng = [Random]::new($Seed)
        $lines = [Collections.Generic.List[string]]::new()
        $lines.Add('x1,x2,label')
        $add = { param($cx, $cy, $label, $n) for ($i = 0; $i -lt $n; $i++) { $lines.Add([string]::Format($inv, '{0:R},{1:R},{2}', $cx + $rng.NextDouble() - 0.5, $cy + $rng.NextDouble() - 0.5, $label)) } }
        & $add 0 0 'a' $PerClass
        & $add 4 4 'b' $PerClass
        & $add 0 0 'c' $Rare
        Set-Content -LiteralPath $Path -Value $lines
    }
    New-Table (Join-Path $TestDrive 'train.csv') 40 10 1
    New-Table (Join-Path $TestDrive 'test.csv') 10 5 2
    $script:train = Import-Dataset (Join-Path $TestDrive 'train.csv') -Target label
    $script:test = Import-Dataset (Join-Path $TestDrive 'test.csv') -Target label
    $script:model = Start-Training $train -Epochs 40 -Seed 1 -ValidationFraction 0
    $script:report = Test-Model $model $test

    # macro F1 by hand from the confusion counts: per present class 2TP / (2TP + FP + FN), a never-predicted class counting 0
    function Get-MacroF1($r) {
        $cm = $r.ConfusionMatrix; $k = $cm.Classes.Count; $f = @()
        for ($c = 0; $c -lt $k; $c++) {
            $tp = $cm[$c, $c]; $fp = 0; $fn = 0
            for ($j = 0; $j -lt $k; $j++) { if ($j -ne $c) { $fp += $cm[$j, $c]; $fn += $cm[$c, $j] } }
            if ($tp + $fn -gt 0) { $f += 2 * $tp / (2 * $tp + $fp + $fn) }
        }
        ($f | Measure-Object -Sum).Sum / $f.Count
    }

    # the unrounded numbers a report page writes on its cards (data-<metric>="R-format value")
    function Get-PageNumbers([string] $Path) {
        $page = Get-Content -Raw -LiteralPath $Path
        $n = @{}
        foreach ($m in [regex]::Matches($page, ' data-([a-z0-9]+)="([-+0-9.eE]+|NaN)"')) { $n[$m.Groups[1].Value] = [double]::Parse($m.Groups[2].Value, $inv) }
        $n
    }
}

Describe 'One scorer: Test-Model' {
    It 'gives the never-predicted class F1 0 and counts it in the macro F1' {
        $c = $report.PerClass | Where-Object Class -eq 'c'
        $c.Support | Should -Be 5
        ($report.ConfusionMatrix.Rows() | ForEach-Object { $_.Predicted[2] } | Measure-Object -Sum).Sum | Should -Be 0 -Because 'the data make c never predicted'
        [double]::IsNaN($c.Precision) | Should -BeTrue
        $c.F1 | Should -Be 0
        $report.MacroF1 | Should -Be (Get-MacroF1 $report)
        $report.Notes | Should -Contain "Class 'c' is never predicted: its precision is undefined (counted as 0 in the macro and weighted means) and its F1 is 0."
    }
}

Describe 'One scorer: Export-Chart states Test-Model''s numbers' {
    It 'ROC of <Name>: the same AUC and DeLong interval' -ForEach @(
        @{ Name = 'the report'; Make = { @{ InputObject = $report } } }
        @{ Name = 'the model with -Predictions'; Make = { @{ InputObject = $model; Predictions = $report.Predictions } } }
        @{ Name = 'the model with -Data'; Make = { @{ InputObject = $model; Data = $test } } }
        @{ Name = 'the prediction set'; Make = { @{ InputObject = $report.Predictions } } }
    ) {
        $a = & $Make
        $f = Export-Chart @a -Kind Roc -Path (Join-Path $TestDrive "roc-$([guid]::NewGuid()).png") -PassThru
        $f.ChartValues.Auc | Should -Be $report.Auc
        $f.ChartValues.AucLower | Should -Be $report.AucLower
        $f.ChartValues.AucUpper | Should -Be $report.AucUpper
        $f.ChartTitle | Should -BeLike '*DeLong*'
        $f.ChartTitle | Should -Not -BeLike '*Hanley*'
    }

    It 'calibration of <Name>: the same top-label ECE' -ForEach @(
        @{ Name = 'the report'; Make = { @{ InputObject = $report } } }
        @{ Name = 'the model with -Data'; Make = { @{ InputObject = $model; Data = $test } } }
    ) {
        $a = & $Make
        $f = Export-Chart @a -Kind Calibration -Path (Join-Path $TestDrive "cal-$([guid]::NewGuid()).png") -PassThru
        $f.ChartValues.ExpectedCalibrationError | Should -Be $report.ExpectedCalibrationError
        $f.ChartTitle | Should -BeLike '*top-label*'
    }

    It 'confusion matrix: the same accuracy' {
        $f = $report | Export-Chart -Path (Join-Path $TestDrive 'cm.png') -PassThru
        $f.ChartValues.Accuracy | Should -Be $report.Accuracy
    }
}

Describe 'One scorer: Export-ModelReport states Test-Model''s numbers' {
    It 'from <Name>' -ForEach @(
        @{ Name = 'Test-Model''s report (-Evaluation)'; Make = { @{ Evaluation = $report } } }
        @{ Name = 'its prediction set (-Predictions)'; Make = { @{ Predictions = $report.Predictions } } }
        @{ Name = 'the test data (-Data, predicted once)'; Make = { @{ Data = $test } } }
    ) {
        $a = & $Make
        $path = Join-Path $TestDrive "report-$([guid]::NewGuid()).html"
        Export-ModelReport $model @a -Path $path
        $n = Get-PageNumbers $path
        $n.accuracy | Should -Be $report.Accuracy
        $n.macrof1 | Should -Be $report.MacroF1
        $n.auc | Should -Be $report.Auc
        $n.auclower | Should -Be $report.AucLower
        $n.aucupper | Should -Be $report.AucUpper
        $n.expectedcalibrationerror | Should -Be $report.ExpectedCalibrationError
        $n.brier | Should -Be $report.Brier
        $n.logloss | Should -Be $report.LogLoss
        Get-Content -Raw $path | Should -Not -Match 'Hanley'
    }

    It 'refuses an -Evaluation that is not a Test-Model report' {
        { Export-ModelReport $model -Evaluation $model -Path (Join-Path $TestDrive 'bad.html') } |
            Should -Throw -ErrorId 'ChartNotApplicable,DeepStats.Commands.ExportModelReportCommand'
    }
}

Describe 'One scorer: cross-validation' {
    BeforeAll {
        $script:cv = Invoke-CrossValidation $train -Folds 3 -Epochs 40 -Seed 1 -ValidationFraction 0
    }

    It 'pools the out-of-fold predictions into the report Test-Model would give, AUC and log-loss included' {
        $p = $cv.Pooled
        $p | Should -BeOfType ([DeepStats.Core.Evaluation.ClassificationReport])
        $p.Count | Should -Be $train.RowCount
        $p.MacroF1 | Should -Be (Get-MacroF1 $p)
        [double]::IsNaN($p.Auc) | Should -BeFalse
        [double]::IsNaN($p.LogLoss) | Should -BeFalse
        $f = $p | Export-Chart -Kind Roc -Path (Join-Path $TestDrive 'cv-roc.png') -PassThru
        $f.ChartValues.Auc | Should -Be $p.Auc
        $f.ChartValues.AucLower | Should -Be $p.AucLower
        $path = Join-Path $TestDrive 'cv-report.html'
        Export-ModelReport $model -Predictions $cv.Predictions -CrossValidation $cv -Path $path
        $n = Get-PageNumbers $path
        foreach ($k in 'MacroF1', 'Auc', 'AucLower', 'AucUpper', 'ExpectedCalibrationError', 'Brier', 'LogLoss') { $n[$k.ToLowerInvariant()] | Should -Be $p.$k -Because $k }
    }

    It 'charts and reports the result''s own corrected interval under the metric''s name' {
        $s = $cv.Summary[0]
        $s.Method | Should -Match 'Nadeau-Bengio'
        $f = $cv | Export-Chart -Path (Join-Path $TestDrive 'cv.png') -PassThru
        $f.ChartValues.Mean | Should -Be $s.Mean
        $f.ChartValues.Lower | Should -Be $s.Lower
        $f.ChartValues.Upper | Should -Be $s.Upper
        $f.ChartTitle | Should -BeLike 'Accuracy per fold*'
        $path = Join-Path $TestDrive 'cv-card.html'
        Export-ModelReport $model -CrossValidation $cv -Path $path
        $n = Get-PageNumbers $path
        $n.crossvalidationlower | Should -Be $s.Lower
        $n.crossvalidationupper | Should -Be $s.Upper
        Get-Content -Raw $path | Should -BeLike '*Cross-validated Accuracy*'
    }

    It 'Compare-Model reads the metric''s direction from the catalogue: <Metric>' -ForEach @(
        @{ Metric = 'LogLoss' }, @{ Metric = 'Brier' }, @{ Metric = 'MacroF1' }
    ) {
        $b = Invoke-CrossValidation $train -Folds 3 -Epochs 2 -Seed 1 -ValidationFraction 0
        $cmp = Compare-Model -Reference $cv -Difference $b -Metric $Metric
        $lowerIsBetter = $Metric -ne 'MacroF1'
        $cmp.HigherIsBetter | Should -Be (-not $lowerIsBetter)
        $expected = if ($cmp.PValue -ge $cmp.Alpha) { 'NoSignificantDifference' } elseif (($cmp.Difference -lt 0) -eq $lowerIsBetter) { 'Better' } else { 'Worse' }
        $cmp.Decision | Should -Be $expected
    }

    It 'refuses to compare on a metric without a direction, and names unknown ones' {
        { Compare-Model -Reference $cv -Difference $cv -Metric AccuracyLower } | Should -Throw -ErrorId 'MetricHasNoDirection,DeepStats.Commands.CompareModelCommand'
        { Compare-Model -Reference $cv -Difference $cv -Metric Bias } | Should -Throw -ErrorId 'MetricHasNoDirection,DeepStats.Commands.CompareModelCommand'
        { Compare-Model -Reference $cv -Difference $cv -Metric Speed } | Should -Throw -ErrorId 'UnknownMetric,DeepStats.Commands.CompareModelCommand' -ExpectedMessage '*LogLoss*'
    }
}
