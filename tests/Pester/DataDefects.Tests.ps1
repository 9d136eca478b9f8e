# Issue 9: hostile files and large columns at the command boundary. Files are written into TestDrive:.
BeforeAll {
    Import-Module $env:DEEPSTATS_MODULE -Force
    $root = (Get-PSDrive TestDrive).Root
    function Write-Bytes([string] $Name, [byte[]] $Bytes) { [System.IO.File]::WriteAllBytes((Join-Path $root $Name), $Bytes); Join-Path $root $Name }
    function Write-Text([string] $Name, [string] $Text) { Set-Content -LiteralPath (Join-Path $root $Name) -Value $Text -NoNewline; Join-Path $root $Name }
    $import = 'DeepStats.Commands.ImportDatasetCommand'
    # the issue's Latin-1 bytes: ö = 0xF6, ß = 0xDF, é = 0xE9, ü = 0xFC
    $latin1 = [System.Text.Encoding]::Latin1.GetBytes("name,größe`nJosé,1.5`nMüller,2.5`n")
}

Describe 'Encodings (item 3)' {
    It 'refuses invalid UTF-8 naming line and column and suggesting -Encoding latin1, even with -Encoding utf-8' {
        $f = Write-Bytes 'latin1.csv' $latin1
        { Import-Dataset -LiteralPath $f } | Should -Throw -ErrorId "CsvInvalidUtf8,$import" -ExpectedMessage '*line 1, column 2*-Encoding latin1*'
        { Import-Dataset -LiteralPath $f -Encoding utf-8 } | Should -Throw -ErrorId "CsvInvalidUtf8,$import"
    }
    It 'reads the same bytes with -Encoding <_>' -ForEach 'latin1', 'windows-1252' {
        $f = Write-Bytes 'latin1b.csv' $latin1
        $ds = Import-Dataset -LiteralPath $f -Encoding $_ -Target name
        $ds.Columns[0].Name | Should -BeExactly 'größe'
        $ds.Target.Classes | Should -Be @('José', 'Müller')
    }
}

Describe 'Numbers written another way (item 4)' {
    It 'reads 1,234.5 under -Culture en-US as numbers, with a warning' {
        $f = Write-Text 'thousands.csv' "id,amount`na,`"1,234.5`"`nb,`"12,000`"`n"
        $ds = Import-Dataset -LiteralPath $f -Culture en-US -WarningVariable w -WarningAction SilentlyContinue
        $ds.Columns[1].Values | Should -Be @(1234.5, 12000)
        "$w" | Should -BeLike "*'amount'*1,234.5*line 2*thousands*"
    }
    It 'refuses 1,5 with a semicolon separator and the invariant culture, naming value, line and -Culture' {
        $f = Write-Text 'comma.csv' "id;x`na;1,5`nb;2,25`n"
        { Import-Dataset -LiteralPath $f -Delimiter ';' -Culture ([cultureinfo]::InvariantCulture) } |
            Should -Throw -ErrorId "CsvNumbersInAnotherFormat,$import" -ExpectedMessage "*line 2*'1,5'*-Culture*"
    }
}

Describe 'Quotes and delimiters (item 5)' {
    It 'reports a runaway quote where it opened' {
        $f = Write-Text 'runaway.csv' "a,b`n1,2`n5,`"abc`n6,7`n8,`"x`"`n"
        { Import-Dataset -LiteralPath $f } | Should -Throw -ErrorId "CsvUnterminatedQuote,$import" -ExpectedMessage '*line 3, column 2*'
    }
    It 'refuses -Delimiter with a DeepStats id' {
        $f = Write-Text 'plain.csv' "a,b`n1,2`n"
        { Import-Dataset -LiteralPath $f -Delimiter '"' } | Should -Throw -ErrorId "CsvInvalidDelimiter,$import"
    }
}

Describe 'A class with one member (item 6)' {
    BeforeAll {
        $rows = 0..40 | ForEach-Object { [pscustomobject]@{ x = $_; y = $(if ($_ -eq 40) { 'singleton' } elseif ($_ % 2) { 'b' } else { 'a' }) } }
        $ds = $rows | ConvertTo-Dataset -Target y
    }
    It 'is named by a stratified split' {
        $null = $ds | Split-Dataset -TestFraction 0.2 -WarningVariable w -WarningAction SilentlyContinue
        @($w).Count | Should -Be 1
        "$w" | Should -BeLike "*'singleton'*test part has none*"
    }
    It 'is named by k-fold' {
        $null = $ds | Split-Dataset -Folds 5 -WarningVariable w -WarningAction SilentlyContinue
        "$w" | Should -BeLike "*'singleton'*fewer than the 5 folds*"
    }
    It 'is named by Start-Training' {
        $null = $ds | Start-Training -Model (New-FeedForwardNet -Hidden 4) -Epochs 1 -WarningVariable w -WarningAction SilentlyContinue
        "$w" | Should -BeLike "*'singleton'*single row*"
    }
}

Describe 'Ambiguous targets (item 7)' {
    It 'stops an integer target with many distinct values, asking for -TargetKind' {
        $text = "x,y`n" + ((0..99 | ForEach-Object { "$_,$(3 * $_ + 7)" }) -join "`n")
        $f = Write-Text 'counts.csv' $text
        { Import-Dataset -LiteralPath $f -Target y } | Should -Throw -ErrorId "AmbiguousTargetKind,$import" -ExpectedMessage '*-TargetKind Regression*'
        (Import-Dataset -LiteralPath $f -Target y -TargetKind Regression).Target.Kind | Should -Be 'Regression'
    }
    It 'states the rule in the help of -TargetKind' {
        (Get-Help Import-Dataset -Parameter TargetKind | Out-String) | Should -BeLike '*more than 20 distinct*'
    }
}

Describe 'Warnings said once (item 8)' {
    It 'warns once per constant column, not once per pair' {
        $rows = 1..30 | ForEach-Object { [pscustomobject]@{ a = $_; b = $_ * $_ % 7; c = 5; d = 1; e = 0; f = $_ % 3 } }
        $null = $rows | Get-DatasetStatistics -Correlation -WarningVariable w -WarningAction SilentlyContinue
        $corr = @($w | Where-Object { "$_" -like '*correlation*' })
        $corr.Count | Should -Be 3
        foreach ($c in 'c', 'd', 'e') { @($corr | Where-Object { "$_" -like "Column '$c'*" }).Count | Should -Be 1 }
    }
}

Describe 'New-FeedForwardNet on images (item 9)' {
    It 'flattens 1x28x28 images and shows Flatten in the summary' {
        $small = (Import-Dataset -Sample FashionMnist -Subset Test | Split-Dataset -TestFraction 0.8 -Seed 1).Train
        $model = $small | Start-Training -Model (New-FeedForwardNet -Hidden 256, 128) -Epochs 1 -Seed 1
        # 784*256+256 + 256*128+128 + 128*10+10 = 235,146
        $model.Summary.TotalParameters | Should -Be 235146
        $model.Summary.Layers[0].Layer | Should -Be 'Flatten'
        ($model | Out-String) | Should -Match 'Flatten\s+784'
    }
}

Describe 'Views (item 10)' {
    It 'fits the statistics table in 120 columns without cutting names or intervals' {
        $text = Import-Dataset -Sample Penguins | Get-DatasetStatistics -Correlation -WarningAction SilentlyContinue | Out-String -Width 120
        $lines = $text -split "`r?`n"
        ($lines | Measure-Object -Maximum Length).Maximum | Should -BeLessOrEqual 120
        $text | Should -Match 'flipper_length_mm\s+numeric'
        $text | Should -Match '\[43\.34, 44\.5\]'
        $text | Should -Match '~ body_mass_g'
    }
    It 'prints a confusion matrix as a labelled grid and exports it as rows' {
        $cm = [DeepStats.Core.Evaluation.ConfusionMatrix]::From([int[]](0, 0, 1, 2, 2), [int[]](0, 1, 1, 2, 0), [string[]]('Adelie', 'Chinstrap', 'Gentoo'))
        $text = $cm | Out-String -Width 120
        $text | Should -Not -Match '\{'
        $text | Should -Match 'actual \\ predicted\s+Adelie'
        $text | Should -Match 'Gentoo\s+1\s+0\s+1'
        $csv = $cm.Table() | ConvertTo-Csv | ConvertFrom-Csv
        $csv.Count | Should -Be 3
        $csv[0].Actual | Should -Be 'Adelie'
        $csv[0].Chinstrap | Should -Be '1'
        ($cm.Table() | ConvertTo-Json -Compress) | Should -BeLike '*"Actual":"Gentoo","Adelie":1,"Chinstrap":0,"Gentoo":1*'
        @($cm.Cells() | Where-Object { $_.Actual -eq 'Adelie' -and $_.Predicted -eq 'Chinstrap' }).Count | Should -Be 1
    }
    It 'exports correlations without losing columns (-As Correlation)' {
        $path = Join-Path $root 'corr.csv'
        Import-Dataset -Sample Penguins | Get-DatasetStatistics -As Correlation | Export-Csv -LiteralPath $path
        $back = Import-Csv -LiteralPath $path
        $back.Count | Should -Be 12   # 6 pairs of 4 numeric columns, Pearson and Spearman
        $back[0].PSObject.Properties.Name | Should -Contain 'R'
        $back[0].PSObject.Properties.Name | Should -Contain 'Column2'
    }
}

Describe 'Statistics of a file without loading it (item 11)' {
    It 'gives the numbers of the imported dataset, column by column, in several passes when memory is short' {
        $rng = [System.Random]::new(5)
        $text = "a,b,c,label`n" + ((1..3000 | ForEach-Object { '{0},{1},{2},{3}' -f $rng.Next(100), ($rng.NextDouble() * 10).ToString([cultureinfo]::InvariantCulture), $(if ($_ % 10) { $_ } else { '' }), ('p', 'q')[$_ % 2] }) -join "`n")
        $f = Write-Text 'stream.csv' $text
        $fromData = Import-Dataset -LiteralPath $f | Get-DatasetStatistics
        $fromFile = Get-DatasetStatistics -LiteralPath $f -Verbose 4>&1 | Where-Object { $_ -isnot [System.Management.Automation.VerboseRecord] }
        @($fromFile).Count | Should -Be @($fromData).Count
        foreach ($s in $fromData | Where-Object { $_ -is [DeepStats.Core.Statistics.NumericSummary] }) {
            $o = $fromFile | Where-Object Column -EQ $s.Column
            $o.Mean | Should -Be $s.Mean
            $o.StandardDeviation | Should -Be $s.StandardDeviation
            $o.Median | Should -Be $s.Median
            $o.Missing | Should -Be $s.Missing
        }
        # a budget of one column per pass: four passes over the file, same numbers
        $opts = [DeepStats.Core.Data.CsvImportOptions]::new()
        $log = [System.Collections.Generic.List[string]]::new()
        $r = [DeepStats.Core.Statistics.DatasetStatistics]::ComputeFile($f, $opts, 0.95, $null, 3000 * 8 * 2, [Action[string]] $log.Add)
        "$log" | Should -BeLike '*4 column(s) in 4 pass(es)*'
        @($log | Where-Object { $_ -like 'Pass *' }).Count | Should -Be 4
        ($r.Numeric | Where-Object Column -EQ 'b').Mean | Should -Be ($fromData | Where-Object Column -EQ 'b').Mean
        ($r.Categorical | Where-Object Column -EQ 'label').Mode | Should -Be 'p'
    }
}
