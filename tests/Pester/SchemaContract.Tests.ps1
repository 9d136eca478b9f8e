BeforeAll {
    Import-Module $env:DEEPSTATS_MODULE -Force
    Set-Content -Path TestDrive:/week1.csv -NoNewline -Value "temp,site,label`n20.5,a,x`n21,b,y`n19.5,a,x`n22,b,y`n20,a,x`n21.5,b,y`n"
    # the week with a first-row sensor error, a missing column the week after
    Set-Content -Path TestDrive:/week2.csv -NoNewline -Value "temp,site,label`nsensor-error,a,x`n21,c,y`n19.5,a,x`n"
    Set-Content -Path TestDrive:/week3.csv -NoNewline -Value "site,label`na,x`nb,y`n"
    $week1 = Import-Dataset TestDrive:/week1.csv -Target label
    $model = $week1 | Start-Training -Model (New-FeedForwardNet -Hidden 4) -Epochs 1 -Seed 1 -ValidationFraction 0 -WarningAction SilentlyContinue
}

Describe 'Import-Dataset -Schema' {
    It 'reads a conforming file with the target of the model it was trained for' {
        $d = Import-Dataset TestDrive:/week1.csv -Schema $model
        $d.Target.Name | Should -Be 'label'
        ($d.Schema | Where-Object Name -eq 'site').Levels | Should -Be @('a', 'b')
    }
    It 'refuses text on the first row of a numeric column and an unseen level in one SchemaMismatch' {
        { Import-Dataset TestDrive:/week2.csv -Schema $model } | Should -Throw -ErrorId 'SchemaMismatch,DeepStats.Commands.ImportDatasetCommand'
        try { Import-Dataset TestDrive:/week2.csv -Schema $model } catch { $e = $_ }
        @($e.TargetObject).Kind | Should -Be @('TextInNumericColumn', 'UnseenLevel')
        $e.Exception.Message | Should -Match "'sensor-error' \(line 2\)"
    }
    It 'refuses a missing column where a dataset is the reference' {
        { Import-Dataset TestDrive:/week3.csv -Schema $week1 } | Should -Throw -ErrorId 'SchemaMismatch,DeepStats.Commands.ImportDatasetCommand'
    }
    It 'takes the same contract on ConvertTo-Dataset' {
        { Import-Csv TestDrive:/week2.csv | ConvertTo-Dataset -Schema $model } | Should -Throw -ErrorId 'SchemaMismatch,DeepStats.Commands.ConvertToDatasetCommand'
        (Import-Csv TestDrive:/week1.csv | ConvertTo-Dataset -Schema $model).RowCount | Should -Be 6
    }
    It 'refuses a -Schema that is neither a model nor a dataset' {
        { Import-Dataset TestDrive:/week1.csv -Schema 'week1' } | Should -Throw -ErrorId 'InvalidSchemaReference,DeepStats.Commands.ImportDatasetCommand'
    }
}

Describe 'Compare-DatasetSchema' {
    It 'returns the differences of a file as objects without an error' {
        $diff = @(Compare-DatasetSchema -Path TestDrive:/week2.csv -Schema $model)
        $diff.Kind | Should -Be @('TextInNumericColumn', 'UnseenLevel')
        $diff[0].Rows | Should -Be 1
        $diff[1].Actual | Should -Be 'c'
    }
    It 'returns the differences of a dataset from the pipeline, and nothing for a conforming one' {
        @(Import-Dataset TestDrive:/week3.csv -Target label | Compare-DatasetSchema -Schema $week1).Kind | Should -Be @('MissingColumn')
        @($week1 | Compare-DatasetSchema -Schema $model).Count | Should -Be 0
    }
}

Describe 'Test-DataDrift' {
    BeforeAll {
        $rng = [Random]::new(5)
        $rows = 1..400 | ForEach-Object { [pscustomobject]@{ temp = 20 + 3 * ($rng.NextDouble() - 0.5); site = ('a', 'b')[$_ % 2]; label = ('x', 'y')[$_ % 2] } }
        $train = $rows[0..199] | ConvertTo-Dataset -Target label
        $clean = $rows[200..399] | ConvertTo-Dataset -Schema $train
        $unit = $rows[200..399] | ForEach-Object { [pscustomobject]@{ temp = $_.temp * 1000; site = $_.site; label = $_.label } } | ConvertTo-Dataset -Schema $train
    }
    It 'finds no drift in a clean week and says so' {
        $r = Test-DataDrift -Reference $train -Data $clean
        $r.Drifted | Should -BeFalse
        $r.Columns.Column | Should -Be @('temp', 'site', 'label')
        $r.Decision | Should -Match '^No drift'
        $clean | Should -HaveNoDataDrift -Reference $train
    }
    It 'finds the unit change and fails with DataDriftDetected under -FailOnDrift' {
        $r = $unit | Test-DataDrift -Reference $train -FailOnDrift -ErrorVariable drift -ErrorAction SilentlyContinue
        @($r.DriftedColumns).Column | Should -Be @('temp')
        $drift[0].FullyQualifiedErrorId | Should -Be 'DataDriftDetected,DeepStats.Commands.TestDataDriftCommand'
        { $unit | Should -HaveNoDataDrift -Reference $train } | Should -Throw '*Drift in 1 of 3 columns*'
    }
}

Describe 'Join-Dataset' {
    It 'appends weeks of one schema with a source column for -GroupBy, new levels joining' {
        Set-Content -Path TestDrive:/week4.csv -NoNewline -Value "temp,site,label`n18,c,x`n19,a,y`n"
        $j = Import-Dataset TestDrive:/week1.csv, TestDrive:/week4.csv -Target label | Join-Dataset -SourceColumn week
        $j.RowCount | Should -Be 8
        ($j.Schema | Where-Object Name -eq 'site').Levels | Should -Be @('a', 'b', 'c')
        ($j.Schema | Where-Object Name -eq 'week').Levels | Should -Be @('week1', 'week4')
        $j.Columns[0].Values[6] | Should -Be 18
        @($j | Split-Dataset -Folds 2 -GroupBy week -Seed 1).Count | Should -Be 2
    }
    It 'refuses a week missing a column, listing the difference, and appends nothing' {
        { Import-Dataset TestDrive:/week1.csv, TestDrive:/week3.csv -Target label | Join-Dataset } |
            Should -Throw -ErrorId 'SchemaMismatch,DeepStats.Commands.JoinDatasetCommand' -ExpectedMessage "*'week3': Column 'temp' (Numeric)*"
    }
}
