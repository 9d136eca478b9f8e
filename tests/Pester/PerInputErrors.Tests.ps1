# One rule for every cmdlet that reads several files (DeepStatsCmdlet.ForEachFile): among many inputs (several paths, a
# wildcard, pipeline input) a bad file is a non-terminating error with its DeepStats id, naming the file, and the other
# files still come through; a single named file that fails stays terminating.
BeforeAll {
    Import-Module $env:DEEPSTATS_MODULE -Force
    $root = (Get-PSDrive TestDrive).Root
    function Write-Csv([string] $name, [double[]] $x) {
        $lines = @('x,y,label') + @(for ($i = 0; $i -lt $x.Count; $i++) { "$($x[$i]),$(-$x[$i]),$(if ($i % 2) { 'b' } else { 'a' })" })
        Set-Content (Join-Path $root $name) ($lines -join "`n")
        Join-Path $root $name
    }
    # file 1: x = 1..6 (mean 3.5); file 3: x = 10..60 by 10 (mean 35); file 2 has a row with one field too few
    $a = Write-Csv '1-good.csv' @(1, 2, 3, 4, 5, 6)
    $c = Write-Csv '3-good.csv' @(10, 20, 30, 40, 50, 60)
    $b = Join-Path $root '2-bad.csv'
    Set-Content $b "x,y,label`n1,2,a`n3`n5,6,b"
    $model = Import-Dataset $a -Target label | Start-Training -Model (New-FeedForwardNet -Hidden 2) -Epochs 1 -Seed 1 -ValidationFraction 0
    $m1 = Join-Path $root '1-good.dsmodel'; $m3 = Join-Path $root '3-good.dsmodel'; $m2 = Join-Path $root '2-bad.dsmodel'
    $model | Save-Model -LiteralPath $m1
    $model | Save-Model -LiteralPath $m3
    Set-Content $m2 'not a model'
}

Describe 'One bad file among many is a non-terminating error' {
    It 'Import-Dataset: two datasets and one CsvRaggedRow error naming the file' {
        $out = Import-Dataset -Path $a, $b, $c -Target label -ErrorVariable bad -ErrorAction SilentlyContinue
        $out | Should -HaveCount 2
        $out.RowCount | Should -Be @(6, 6)
        $bad | Should -HaveCount 1
        $bad[0].FullyQualifiedErrorId | Should -Be 'CsvRaggedRow,DeepStats.Commands.ImportDatasetCommand'
        $bad[0].Exception.Message | Should -BeLike '*2-bad.csv*'
    }

    It 'Import-Model: two models and one NotAModelFile error naming the file, from paths and from the pipeline' {
        $out = Import-Model -Path $m1, $m2, $m3 -ErrorVariable bad -ErrorAction SilentlyContinue
        $out | Should -HaveCount 2
        $out.Classes | Should -Be @('a', 'b', 'a', 'b')
        $bad | Should -HaveCount 1
        $bad[0].FullyQualifiedErrorId | Should -Be 'NotAModelFile,DeepStats.Commands.ImportModelCommand'
        $bad[0].Exception.Message | Should -BeLike '*2-bad.dsmodel*'
        $piped = Get-ChildItem $root -Filter '*.dsmodel' | Sort-Object Name | Import-Model -ErrorVariable bad2 -ErrorAction SilentlyContinue
        $piped | Should -HaveCount 2
        $bad2 | Should -HaveCount 1
        $bad2[0].FullyQualifiedErrorId | Should -Be 'NotAModelFile,DeepStats.Commands.ImportModelCommand'
        # a wildcard that matches three files is three inputs
        $wild = Import-Model -Path (Join-Path $root '*.dsmodel') -ErrorVariable bad3 -ErrorAction SilentlyContinue
        $wild | Should -HaveCount 2
        $bad3 | Should -HaveCount 1
    }

    It 'Get-DatasetStatistics -Path: the statistics of both good files and one CsvRaggedRow error naming the file' {
        $out = Get-DatasetStatistics -Path $a, $b, $c -As Numeric -ErrorVariable bad -ErrorAction SilentlyContinue
        # x and y of each good file; the means are those of the files' x columns: 21/6 and 210/6
        $out | Should -HaveCount 4
        @($out | Where-Object Column -eq 'x').Mean | Should -Be @(3.5, 35)
        $bad | Should -HaveCount 1
        $bad[0].FullyQualifiedErrorId | Should -Be 'CsvRaggedRow,DeepStats.Commands.GetDatasetStatisticsCommand'
        $bad[0].Exception.Message | Should -BeLike '*2-bad.csv*'
    }

    It 'Invoke-Prediction -Path: the rows of both good files and one error naming the bad file' {
        $out = Invoke-Prediction -Model $model -Path $a, $b, $c -ErrorVariable bad -ErrorAction SilentlyContinue
        $out | Should -HaveCount 12
        $out.Actual | Should -Be @('a', 'b', 'a', 'b', 'a', 'b', 'a', 'b', 'a', 'b', 'a', 'b')
        $bad | Should -HaveCount 1
        $bad[0].FullyQualifiedErrorId | Should -Be 'CsvRaggedRow,DeepStats.Commands.InvokePredictionCommand'
        $bad[0].Exception.Message | Should -BeLike '*2-bad.csv*'
    }

    It 'a path that matches nothing among several is a FileNotFound error, the others come through' {
        $out = Import-Model -Path $m1, (Join-Path $root 'nothing-here.dsmodel'), $m3 -ErrorVariable bad -ErrorAction SilentlyContinue
        $out | Should -HaveCount 2
        $bad | Should -HaveCount 1
        $bad[0].FullyQualifiedErrorId | Should -Be 'FileNotFound,DeepStats.Commands.ImportModelCommand'
    }

    It 'a single named file that fails stays a terminating error' {
        { Import-Model -Path $m2 } | Should -Throw -ErrorId 'NotAModelFile,DeepStats.Commands.ImportModelCommand'
        { Get-DatasetStatistics -Path $b } | Should -Throw -ErrorId 'CsvRaggedRow,DeepStats.Commands.GetDatasetStatisticsCommand'
        { Invoke-Prediction -Model $model -Path $b } | Should -Throw -ErrorId 'CsvRaggedRow,DeepStats.Commands.InvokePredictionCommand'
    }
}
