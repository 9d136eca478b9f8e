BeforeAll {
    Import-Module $env:DEEPSTATS_MODULE -Force
    $csv = "x,z,kind,y`n1.5,2,a,cat`n2.5,NA,b,dog`n3.5,6,a,cat`n4.5,8,b,dog`n"
    Set-Content -Path TestDrive:/one.csv -Value $csv -NoNewline
    Set-Content -Path TestDrive:/two.csv -Value $csv -NoNewline
    New-Item -ItemType Directory TestDrive:/odd | Out-Null
    Set-Content -LiteralPath (Join-Path (Get-PSDrive TestDrive).Root 'odd/we[ir]d.csv') -Value $csv -NoNewline
    $root = (Get-PSDrive TestDrive).Root
}

Describe 'Import-Dataset path binding' {
    It 'reads -Path given by name' {
        (Import-Dataset -Path TestDrive:/one.csv -Target y).RowCount | Should -Be 4
    }
    It 'reads -Path given by position' {
        (Import-Dataset TestDrive:/one.csv -Target y).RowCount | Should -Be 4
    }
    It 'expands wildcards in -Path, one dataset per file' {
        $ds = @(Import-Dataset TestDrive:/*.csv -Target y)
        $ds.Count | Should -Be 2
        ($ds.Source | ForEach-Object { Split-Path $_ -Leaf } | Sort-Object) | Should -Be @('one.csv', 'two.csv')
    }
    It 'takes path strings from the pipeline' {
        $ds = @('TestDrive:/one.csv', 'TestDrive:/two.csv' | Import-Dataset -Target y)
        $ds.Count | Should -Be 2
    }
    It 'takes files from Get-ChildItem through PSPath' {
        $ds = @(Get-ChildItem TestDrive:/ -Filter *.csv | Import-Dataset -Target y)
        $ds.Count | Should -Be 2
        $ds[0].Target.Name | Should -Be 'y'
    }
    It 'reads -LiteralPath without treating brackets as wildcards' {
        $ds = Import-Dataset -LiteralPath (Join-Path $root 'odd/we[ir]d.csv') -Target y
        $ds.RowCount | Should -Be 4
    }
    It 'takes a Get-Item object with brackets in its name through PSPath' {
        $ds = Get-Item -LiteralPath (Join-Path $root 'odd/we[ir]d.csv') | Import-Dataset -Target y
        $ds.RowCount | Should -Be 4
    }
    It 'resolves a relative path against the PowerShell location, not the process directory' {
        Push-Location TestDrive:/
        try { (Import-Dataset ./one.csv -Target y).Source | Should -Be (Join-Path $root 'one.csv') }
        finally { Pop-Location }
    }
    It 'fails with FileNotFound for a missing file' {
        { Import-Dataset TestDrive:/nope.csv } | Should -Throw -ErrorId 'FileNotFound,DeepStats.Commands.ImportDatasetCommand'
    }
    It 'fails with FileNotFound for a missing literal path' {
        { Import-Dataset -LiteralPath (Join-Path $root 'nope.csv') } | Should -Throw -ErrorId 'FileNotFound,DeepStats.Commands.ImportDatasetCommand'
    }
}

Describe 'Import-Dataset typing and errors' {
    It 'types columns and counts missing values' {
        $ds = Import-Dataset TestDrive:/one.csv -Target y
        $ds.Columns.Name | Should -Be @('x', 'z', 'kind')
        $ds.Columns.Kind | Should -Be @('Numeric', 'Numeric', 'Categorical')
        $ds.GetColumn('z').MissingCount | Should -Be 1
        $ds.Target.Classes | Should -Be @('cat', 'dog')
    }
    It 'leaves out -Exclude columns' {
        (Import-Dataset TestDrive:/one.csv -Target y -Exclude kind).Columns.Name | Should -Be @('x', 'z')
    }
    It 'drops incomplete rows only when asked, with a warning naming them' {
        $ds = Import-Dataset TestDrive:/one.csv -Target y -DropMissing -WarningVariable w -WarningAction SilentlyContinue
        $ds.RowCount | Should -Be 3
        "$w" | Should -Match 'Dropped 1 of 4 rows.*data rows 2\b'
    }
    It 'names the missing target and lists the columns' {
        { Import-Dataset TestDrive:/one.csv -Target label } |
            Should -Throw -ErrorId 'TargetColumnNotFound,DeepStats.Commands.ImportDatasetCommand' -ExpectedMessage '*x, z, kind, y*'
    }
    It 'reports a ragged row with its line' {
        Set-Content TestDrive:/ragged.csv "a,b`n1,2`n3,4,5`n" -NoNewline
        { Import-Dataset TestDrive:/ragged.csv } | Should -Throw -ErrorId 'CsvRaggedRow,DeepStats.Commands.ImportDatasetCommand' -ExpectedMessage '*line 3*3 field(s)*header has 2*'
    }
    It 'reports text in a numeric column with line, column and value' {
        Set-Content TestDrive:/text.csv "a,b`n1,2`n3,four`n" -NoNewline
        { Import-Dataset TestDrive:/text.csv } | Should -Throw -ErrorId 'CsvTextInNumericColumn,DeepStats.Commands.ImportDatasetCommand' -ExpectedMessage "*line 3, column 2 ('b'): 'four'*"
    }
    It 'reports a header-only file' {
        Set-Content TestDrive:/header.csv "a,b`n" -NoNewline
        { Import-Dataset TestDrive:/header.csv } | Should -Throw -ErrorId 'CsvNoDataRows,DeepStats.Commands.ImportDatasetCommand'
    }
}

Describe 'Import-Dataset samples and images' {
    It 'loads the Fashion-MNIST sample without a path' {
        $train = Import-Dataset -Sample FashionMnist
        $test = Import-Dataset -Sample FashionMnist -Subset Test
        $train.RowCount | Should -Be 2000
        $test.RowCount | Should -Be 500
        $train.InputShape | Should -Be @(1, 28, 28)
        $train.Target.Classes[9] | Should -Be 'Ankle boot'
    }
    It 'loads the penguin sample with species as target' {
        $p = Import-Dataset -Sample Penguins
        $p.RowCount | Should -Be 344
        $p.Target.Name | Should -Be 'species'
    }
    It 'reads IDX images from a path and finds the label file beside them' {
        $src = Join-Path (Split-Path $env:DEEPSTATS_MODULE) 'data/fashion-mnist'
        Copy-Item "$src/t10k-*" TestDrive:/
        $ds = Import-Dataset TestDrive:/t10k-images-idx3-ubyte.gz
        $ds.Kind | Should -Be 'Image'
        $ds.RowCount | Should -Be 500
        $ds.Target.ClassCount | Should -Be 10
    }
}

Describe 'Column name completion' {
    It 'completes -Target from the header of the file given in -Path' {
        $line = 'Import-Dataset -Path TestDrive:/one.csv -Target '
        $names = (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText
        $names | Should -Be @('x', 'z', 'kind', 'y')
    }
    It 'completes -Exclude with the typed prefix' {
        $line = 'Import-Dataset -Path TestDrive:/one.csv -Exclude k'
        (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText | Should -Be @('kind')
    }
}
