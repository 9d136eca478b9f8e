# A corpus of malformed and messy files written into TestDrive:, each asserting the error id and
# that the message names the line; plus ConvertTo-Dataset, Split-Dataset and ConvertTo-Imputed.
BeforeDiscovery {
    $script:corpus = @(
        @{ File = 'ragged.csv'; Text = "a,b`n1,2`n3,4,5`n"; Id = 'CsvRaggedRow'; Line = 'line 3' }
        @{ File = 'short.csv'; Text = "a,b`n1,2`n3`n"; Id = 'CsvRaggedRow'; Line = 'line 3' }
        @{ File = 'quote.csv'; Text = "a,b`n1,2`n3,`"open`n4,5`n"; Id = 'CsvUnterminatedQuote'; Line = 'line 3' }
        @{ File = 'stray.csv'; Text = "a,b`n1,2`n3,x`"y`n"; Id = 'CsvStrayQuote'; Line = 'line 3' }
        @{ File = 'text.csv'; Text = "a,b`n1,2`n3,four`n"; Id = 'CsvTextInNumericColumn'; Line = "line 3, column 2 ('b'): 'four'" }
        @{ File = 'dup.csv'; Text = "a,A`n1,2`n"; Id = 'CsvDuplicateHeader'; Line = 'line 1' }
        @{ File = 'blank.csv'; Text = "a,,c`n1,2,3`n"; Id = 'CsvBlankHeader'; Line = 'line 1, column 2' }
        @{ File = 'empty.csv'; Text = ''; Id = 'CsvEmptyFile'; Line = 'line 1: the file is empty' }
        @{ File = 'blanklines.csv'; Text = "`n`n"; Id = 'CsvEmptyFile'; Line = 'line 1' }
        @{ File = 'header.csv'; Text = "a,b`n"; Id = 'CsvNoDataRows'; Line = 'line 1' }
        @{ File = 'inf.csv'; Text = "a,b`n1,2`n1e400,2`n"; Id = 'CsvValueOutOfRange'; Line = 'line 3, column 1' }
        @{ File = 'after.csv'; Text = "a,b`n1,`"x`"y`n"; Id = 'CsvTextAfterQuote'; Line = 'line 2' }
        @{ File = 'newline.csv'; Text = "a,b`n`"multi`nline`",1`nz,oops`n"; Id = 'CsvTextInNumericColumn'; Line = 'line 4' }
    )
}

BeforeAll {
    Import-Module $env:DEEPSTATS_MODULE -Force
    $root = (Get-PSDrive TestDrive).Root
    function Write-Bytes([string] $Name, [byte[]] $Bytes) { [System.IO.File]::WriteAllBytes((Join-Path $root $Name), $Bytes) }
    $cmd = 'DeepStats.Commands.ImportDatasetCommand'
}

Describe 'Import-Dataset on malformed file <File>' -ForEach $corpus {
    It "fails with $Id naming the file and '$Line'" {
        Set-Content -LiteralPath (Join-Path $root $File) -Value $Text -NoNewline
        { Import-Dataset -LiteralPath (Join-Path $root $File) } |
            Should -Throw -ErrorId "$Id,$cmd" -ExpectedMessage "*$File*$([WildcardPattern]::Escape($Line))*"
    }
}

Describe 'Import-Dataset on binary, huge and odd files' {
    It 'refuses binary content, naming the line of the NUL byte' {
        Write-Bytes 'bin.csv' ([byte[]](97, 44, 98, 10, 1, 0, 2))
        { Import-Dataset TestDrive:/bin.csv } | Should -Throw -ErrorId "CsvBinaryContent,$cmd" -ExpectedMessage '*bin.csv*line 2*'
    }
    It 'refuses a PNG saved as .csv' {
        Write-Bytes 'img.csv' ([byte[]](0x89, 80, 78, 71, 13, 10, 26, 10, 0, 0))
        { Import-Dataset TestDrive:/img.csv } | Should -Throw -ErrorId "CsvBinaryContent,$cmd" -ExpectedMessage '*PNG*'
    }
    It 'refuses an absurd field size, naming line and column' {
        Set-Content TestDrive:/big.csv ("a,b`n1,x`n2,`"" + ('z' * 2MB) + "`"`n") -NoNewline
        { Import-Dataset TestDrive:/big.csv } | Should -Throw -ErrorId "CsvFieldTooLarge,$cmd" -ExpectedMessage '*line 3, column 2*'
    }
    It 'refuses a damaged gzip archive' {
        $ms = [System.IO.MemoryStream]::new()
        $gz = [System.IO.Compression.GZipStream]::new($ms, [System.IO.Compression.CompressionLevel]::Fastest, $true)
        $bytes = [System.Text.Encoding]::UTF8.GetBytes("x,y`n" + (-join (1..3000 | ForEach-Object { "$_,a`n" })))
        $gz.Write($bytes, 0, $bytes.Length); $gz.Dispose()
        $all = $ms.ToArray()
        Write-Bytes 'good.csv.gz' $all
        (Import-Dataset TestDrive:/good.csv.gz -Target y).RowCount | Should -Be 3000
        Write-Bytes 'cut.csv.gz' $all[0..($all.Length / 2)]
        { Import-Dataset TestDrive:/cut.csv.gz -Target y } | Should -Throw -ErrorId "CsvBadGzip,$cmd"
    }
    It 'warns about values beyond float32 and keeps them exactly' {
        Set-Content TestDrive:/f32.csv "a,b`n1e40,1`n2,2`n" -NoNewline
        $ds = Import-Dataset TestDrive:/f32.csv -WarningVariable w -WarningAction SilentlyContinue
        $ds.Columns[0].Values[0] | Should -Be 1e40
        "$w" | Should -Match 'float32.*line 2'
    }
}

Describe 'Import-Dataset options for messy files' {
    It 'detects separator, encoding and decimal comma, and says so with -Verbose' {
        [System.IO.File]::WriteAllText((Join-Path $root 'de.csv'), "x;z;y`n1,5;2;a`n2,25;3;b`n", [System.Text.UnicodeEncoding]::new($false, $true))
        $ds = Import-Dataset TestDrive:/de.csv -Target y -Verbose 4>&1 | Tee-Object -Variable out | Where-Object { $_ -is [DeepStats.Core.Data.Dataset] }
        $ds.Columns[0].Values | Should -Be @(1.5, 2.25)
        $text = ($out | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }) -join "`n"
        $text | Should -Match 'semicolon \(detected\)'
        $text | Should -Match 'UTF-16 LE'
        $text | Should -Match 'decimal comma detected'
    }
    It 'reads -Header names, -Encoding, -ColumnType and wildcard -Include/-Exclude' {
        [System.IO.File]::WriteAllText((Join-Path $root 'nohead.csv'), "01234,1,café,true`n98765,2,thé,false`n", [System.Text.Encoding]::Latin1)
        $ds = Import-Dataset TestDrive:/nohead.csv -Header zip, x1, drink, flag -Encoding latin1 -ColumnType @{ zip = 'Categorical' } -Target drink -Exclude 'x*'
        $ds.Columns.Name | Should -Be @('zip', 'flag')
        $ds.Columns.Kind | Should -Be @('Categorical', 'Boolean')
        $ds.Target.Classes | Should -Be @('café', 'thé')
        $ds.Schema.TypeSource | Should -Be @('Declared', 'Inferred', 'Target')
        { Import-Dataset TestDrive:/nohead.csv -Header zip, x1, drink, flag -ColumnType @{ zip = 'Date' } } |
            Should -Throw -ErrorId "InvalidColumnType,$cmd"
    }
    It 'counts configurable missing tokens and never drops rows' {
        Set-Content TestDrive:/miss.csv "a,b`n1,-999`n,2`nNA,3`n" -NoNewline
        $ds = Import-Dataset TestDrive:/miss.csv -MissingToken NA, -999
        $ds.RowCount | Should -Be 3
        $ds.Schema.MissingCount | Should -Be @(2, 1)
    }
    It 'records the category encoding and sends unseen categories to the unknown slot when asked' {
        Set-Content TestDrive:/cat.csv "c,y`nred,a`nblue,b`n" -NoNewline
        $ds = Import-Dataset TestDrive:/cat.csv -Target y -CategoryEncoding Index -UnknownCategory
        $ds.Columns[0].Levels | Should -Be @('blue', 'red', '(unknown)')
        $ds.Schema[0].Encoding | Should -Be "Index + '(unknown)'"
        $ds.FeatureCount | Should -Be 1
    }
}

Describe 'Categories unseen in training' {
    BeforeAll {
        $lines = 1..60 | ForEach-Object { '{0},{1},{2}' -f ($_ % 7), @('red', 'blue', 'green')[$_ % 3], @('a', 'b')[$_ % 2] }
        Set-Content TestDrive:/cat-train.csv ((@("x,colour,y") + $lines) -join "`n") -NoNewline
        Set-Content TestDrive:/cat-test.csv "x,colour,y`n1,purple,a`n2,red,b`n" -NoNewline
    }
    It 'are a clear error by default' {
        $m = Import-Dataset TestDrive:/cat-train.csv -Target y | Start-Training -Epochs 1 -ValidationFraction 0
        { $m | Test-Model -Data (Import-Dataset TestDrive:/cat-test.csv -Target y) } |
            Should -Throw -ErrorId 'UnseenCategory,DeepStats.Commands.TestModelCommand' -ExpectedMessage "*'purple'*-UnknownCategory*"
    }
    It 'go to the unknown level when training data was imported with -UnknownCategory, with either encoding' -ForEach @(@{ Encoding = 'OneHot' }, @{ Encoding = 'Index' }) {
        $train = Import-Dataset TestDrive:/cat-train.csv -Target y -UnknownCategory -CategoryEncoding $Encoding
        $m = $train | Start-Training -Epochs 1 -ValidationFraction 0
        ($m | Test-Model -Data (Import-Dataset TestDrive:/cat-test.csv -Target y)).Count | Should -Be 2
    }
}

Describe 'Tab completion' {
    It 'completes -Target and -Exclude from the file header' {
        Set-Content TestDrive:/complete.csv ('alpha,beta,"odd name",y' + "`n1,2,3,a`n") -NoNewline
        Push-Location TestDrive:/
        try {
            $line = 'Import-Dataset ./complete.csv -Target b'
            $r = TabExpansion2 -inputScript $line -cursorColumn $line.Length
            $r.CompletionMatches.CompletionText | Should -Be @('beta')
            $line = 'Import-Dataset ./complete.csv -Exclude '
            $r = TabExpansion2 -inputScript $line -cursorColumn $line.Length
            $r.CompletionMatches.ListItemText | Should -Be @('alpha', 'beta', 'odd name', 'y')
            $r.CompletionMatches[2].CompletionText | Should -Be "'odd name'"
        }
        finally { Pop-Location }
    }
}

Describe 'Import-Dataset on an image folder' {
    BeforeAll {
        . (Join-Path $PSScriptRoot 'TestImages.ps1')
        New-Item -ItemType Directory "$root/pics/cat", "$root/pics/dog" | Out-Null
        New-Png "$root/pics/cat/a.png" 4 3 10
        New-Png "$root/pics/cat/b.png" 4 3 20
        New-Png "$root/pics/dog/c.png" 4 3 200
    }
    It 'reads one class per sub-folder' {
        $ds = Import-Dataset TestDrive:/pics
        $ds.Kind | Should -Be 'Image'
        $ds.InputShape | Should -Be @(1, 3, 4)
        $ds.Target.Classes | Should -Be @('cat', 'dog')
        $ds.Images.Pixels[24] | Should -Be 200
    }
    It 'names the odd-sized file, and resizes with -Size' {
        New-Png "$root/pics/dog/odd.png" 8 6 50
        { Import-Dataset TestDrive:/pics } | Should -Throw -ErrorId "ImageSizeMismatch,$cmd" -ExpectedMessage '*odd.png*-Size*'
        (Import-Dataset TestDrive:/pics -Size 2, 2 -ColorMode Rgb).InputShape | Should -Be @(3, 2, 2)
    }
}

Describe 'ConvertTo-Dataset' {
    It 'types Import-Csv strings like Import-Dataset' {
        Set-Content TestDrive:/pipe.csv "x,kind,flag,y`n1.5,a,true,cat`n2.5,b,false,dog`nNA,a,true,cat`n" -NoNewline
        $ds = Import-Csv TestDrive:/pipe.csv | ConvertTo-Dataset -Target y
        $ds.Columns.Kind | Should -Be @('Numeric', 'Categorical', 'Boolean')
        $ds.Columns[0].MissingCount | Should -Be 1
        $ds.Target.Classes | Should -Be @('cat', 'dog')
        $direct = Import-Dataset TestDrive:/pipe.csv -Target y
        $ds.Fingerprint | Should -Be $direct.Fingerprint
    }
    It 'takes live objects, keeps simple properties and reports the rest' {
        $ds = Get-Process -Id $PID | ConvertTo-Dataset -Verbose 4>&1 | Tee-Object -Variable out | Where-Object { $_ -is [DeepStats.Core.Data.Dataset] }
        $ds.RowCount | Should -Be 1
        $ds.Columns.Name | Should -Contain 'Id'
        $ds.Columns.Name | Should -Not -Contain 'Modules'
        ($out -join "`n") | Should -Match 'Left out .*Modules'
    }
    It 'takes hashtables and -Property' {
        $ds = @{ x = 1; k = 'a'; z = 9 }, @{ x = 2; k = 'b'; z = 8 } | ConvertTo-Dataset -Property x, k -Target k
        $ds.Columns.Name | Should -Be @('x')
        $ds.Target.Name | Should -Be 'k'
    }
    It 'warns about properties that only later objects have, never dropping them silently' {
        $ds = [pscustomobject]@{ a = 1 }, [pscustomobject]@{ a = 2; b = 3 } | ConvertTo-Dataset -WarningVariable w -WarningAction SilentlyContinue
        $ds.Columns.Name | Should -Be @('a')
        "$w" | Should -Match 'b \(first in row 2\)'
        $ds2 = [pscustomobject]@{ a = 1 }, [pscustomobject]@{ a = 2; b = 3 } | ConvertTo-Dataset -Property a, b
        $ds2.Columns.Name | Should -Be @('a', 'b')
        $ds2.Columns[1].MissingCount | Should -Be 1
    }
    It 'reports text in a numeric column with the row' {
        { [pscustomobject]@{ a = 1 }, [pscustomobject]@{ a = 'x' } | ConvertTo-Dataset } |
            Should -Throw -ErrorId 'TextInNumericColumn,DeepStats.Commands.ConvertToDatasetCommand' -ExpectedMessage '*Row 2*'
    }
}

Describe 'Split-Dataset' {
    BeforeAll {
        $rows = 1..100 | ForEach-Object { [pscustomobject]@{ x = $_; g = "g$([math]::Floor($_ / 4))"; y = if ($_ % 5 -eq 0) { 'b' } else { 'a' } } }
        $data = $rows | ConvertTo-Dataset -Target y
    }
    It 'makes a stratified, seeded train/validation/test split' {
        $s = $data | Split-Dataset -ValidationFraction 0.2 -TestFraction 0.1 -Seed 3
        $s.TrainCount + $s.ValidationCount + $s.TestCount | Should -Be 100
        $s.Test.Target.ClassCounts() | Should -Be @(8, 2)
        (Split-Dataset $data -ValidationFraction 0.2 -TestFraction 0.1 -Seed 3).TestRows | Should -Be $s.TestRows
    }
    It 'makes k folds that test every row once' {
        $folds = $data | Split-Dataset -Folds 5 -Seed 1
        $folds.Count | Should -Be 5
        ($folds.TestRows | Sort-Object) | Should -Be (0..99)
        $folds[0].Strategy | Should -Be 'Stratified'
    }
    It 'keeps groups together with -GroupBy' {
        $folds = $data | Split-Dataset -Folds 4 -GroupBy g
        foreach ($f in $folds) {
            $testGroups = $f.Test.GetColumn('g').Codes | ForEach-Object { $f.Test.GetColumn('g').Levels[$_] } | Sort-Object -Unique
            $trainGroups = $f.Train.GetColumn('g').Codes | ForEach-Object { $f.Train.GetColumn('g').Levels[$_] } | Sort-Object -Unique
            $testGroups | Where-Object { $_ -in $trainGroups } | Should -BeNullOrEmpty
        }
    }
    It 'refuses fractions that leave nothing to train on' {
        { $data | Split-Dataset -ValidationFraction 0.5 -TestFraction 0.5 } | Should -Throw -ErrorId 'InvalidFraction,DeepStats.Commands.SplitDatasetCommand'
    }
}

Describe 'ConvertTo-Imputed' {
    It 'fits on training rows and applies the same fill values to test rows' {
        Set-Content TestDrive:/imp-train.csv "x,c,y`n1,a,p`n,a,q`n3,,p`n10,b,q`n" -NoNewline
        Set-Content TestDrive:/imp-test.csv "x,c,y`n,b,p`n100,,q`n" -NoNewline
        $train = Import-Dataset TestDrive:/imp-train.csv -Target y | ConvertTo-Imputed -Strategy Median -AddIndicator
        $train.Columns.Name | Should -Be @('x', 'c', 'x_missing', 'c_missing')
        $test = Import-Dataset TestDrive:/imp-test.csv -Target y | ConvertTo-Imputed -Reference $train
        $test.Columns[0].Values[0] | Should -Be 3
        $test.Transforms[0].Id | Should -Be $train.Transforms[0].Id
    }
    It 'tests a model trained on imputed data (with indicators) on raw test rows' {
        $split = Import-Dataset -Sample Penguins | Split-Dataset -TestFraction 0.3 -Seed 2
        $train = $split.Train | ConvertTo-Imputed -Strategy Median -AddIndicator | ConvertTo-Standardized
        $train.Columns.Name | Should -Contain 'sex_missing'
        $m = $train | Start-Training -Epochs 2 -ValidationFraction 0 -Seed 1
        $report = $m | Test-Model -Data $split.Test
        $report.Count | Should -Be $split.TestCount
    }
    It 'trains end to end after imputation' {
        $p = Import-Dataset -Sample Penguins | ConvertTo-Imputed -Strategy MostFrequent | ConvertTo-Standardized
        ($p.Columns | Measure-Object MissingCount -Sum).Sum | Should -Be 0
        $m = $p | Start-Training -Epochs 1 -ValidationFraction 0
        $m.Transforms.Kind | Should -Be @('Impute', 'Standardize')
    }
}
