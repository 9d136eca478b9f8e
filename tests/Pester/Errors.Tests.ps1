# Error conventions (issue 8): one bad input among many is a non-terminating error and the others
# come through; bad arguments and the only input stay terminating; an empty pipeline is an error.
BeforeAll {
    Import-Module $env:DEEPSTATS_MODULE -Force
    $cmd = 'DeepStats.Commands.ImportDatasetCommand'
    New-Item -ItemType Directory TestDrive:/mix | Out-Null
    Set-Content TestDrive:/mix/a.csv "x,y`n1,p`n2,q`n3,p"
    Set-Content TestDrive:/mix/b.csv "x,y`n1,p`n2`n3,p"          # line 3 is ragged
    Set-Content TestDrive:/mix/c.csv "x,y`n4,q`n5,p`n6,q`n7,p"
}

Describe 'One bad file among many' {
    It 'writes an error for the bad file and imports the others (pipeline input)' {
        $ds = @('TestDrive:/mix/a.csv', 'TestDrive:/mix/b.csv', 'TestDrive:/mix/c.csv' |
                Import-Dataset -Target y -ErrorVariable errs -ErrorAction SilentlyContinue)
        $ds.RowCount | Should -Be @(3, 4)
        $errs.Count | Should -Be 1
        $errs[0].FullyQualifiedErrorId | Should -Be "CsvRaggedRow,$cmd"
        $errs[0].Exception.Message | Should -BeLike '*b.csv*line 3*'
    }

    It 'does the same for Get-ChildItem and for a wildcard' {
        $ds = @(Get-ChildItem TestDrive:/mix -Filter *.csv | Import-Dataset -Target y -ErrorVariable e1 -ErrorAction SilentlyContinue)
        $ds.Count | Should -Be 2
        $e1.FullyQualifiedErrorId | Should -Be "CsvRaggedRow,$cmd"
        $ds = @(Import-Dataset TestDrive:/mix/*.csv -Target y -ErrorVariable e2 -ErrorAction SilentlyContinue)
        $ds.Count | Should -Be 2
        $e2.FullyQualifiedErrorId | Should -Be "CsvRaggedRow,$cmd"
    }

    It 'reports a missing file among several paths and imports the rest' {
        $ds = @(Import-Dataset TestDrive:/mix/a.csv, TestDrive:/mix/nope.csv, TestDrive:/mix/c.csv -Target y -ErrorVariable errs -ErrorAction SilentlyContinue)
        $ds.Count | Should -Be 2
        $errs.FullyQualifiedErrorId | Should -Be "FileNotFound,$cmd"
    }

    It 'stops at the bad file with -ErrorAction Stop' {
        { 'TestDrive:/mix/a.csv', 'TestDrive:/mix/b.csv' | Import-Dataset -Target y -ErrorAction Stop } |
            Should -Throw -ErrorId "CsvRaggedRow,$cmd"
    }

    It 'keeps a single named bad file terminating' {
        { Import-Dataset TestDrive:/mix/b.csv -Target y } | Should -Throw -ErrorId "CsvRaggedRow,$cmd"
    }

    It 'keeps a bad argument terminating even among many inputs' {
        { 'TestDrive:/mix/a.csv', 'TestDrive:/mix/c.csv' | Import-Dataset -Target y -ColumnType @{ x = 'Date' } -ErrorAction SilentlyContinue } |
            Should -Throw -ErrorId "InvalidColumnType,$cmd"
    }
}

Describe 'An empty pipeline' {
    It 'into Start-Training says no data arrived' {
        { @() | Start-Training -Epochs 1 } | Should -Throw -ErrorId 'NoDataReceived,DeepStats.Commands.StartTrainingCommand' -ExpectedMessage '*No dataset arrived*'
    }
    It 'into Test-Model says no model arrived' {
        $data = Import-Dataset -Sample Penguins -DropMissing -WarningAction SilentlyContinue
        { @() | Test-Model -Data $data } | Should -Throw -ErrorId 'NoDataReceived,DeepStats.Commands.TestModelCommand' -ExpectedMessage '*No trained model arrived*'
    }
}

Describe 'Import-Dataset -Sample with -Target' {
    It 'predicts another penguin column when asked' {
        $ds = Import-Dataset -Sample Penguins -Target island
        $ds.Target.Name | Should -Be 'island'
        $ds.Target.Classes | Should -Be @('Biscoe', 'Dream', 'Torgersen')
        (Import-Dataset -Sample Penguins -Target species).Target.Name | Should -BeIn 'species', 'Species'
    }
    It 'refuses a target the image sample does not have' {
        { Import-Dataset -Sample FashionMnist -Target colour } | Should -Throw -ErrorId "TargetColumnNotFound,$cmd"
    }
}
