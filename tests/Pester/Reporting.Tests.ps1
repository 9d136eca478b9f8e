BeforeAll {
    Import-Module $env:DEEPSTATS_MODULE -Force
    $inv = [cultureinfo]::InvariantCulture

    # Width and height from a PNG's IHDR chunk (bytes 16-23, big-endian), after checking the signature.
    function Get-PngSize([string] $Path) {
        $b = [IO.File]::ReadAllBytes($Path)
        $sig = [byte[]](137, 80, 78, 71, 13, 10, 26, 10)
        for ($i = 0; $i -lt 8; $i++) { if ($b[$i] -ne $sig[$i]) { throw "$Path is not a PNG" } }
        $w = ([int]$b[16] -shl 24) -bor ([int]$b[17] -shl 16) -bor ([int]$b[18] -shl 8) -bor $b[19]
        $h = ([int]$b[20] -shl 24) -bor ([int]$b[21] -shl 16) -bor ([int]$b[22] -shl 8) -bor $b[23]
        [pscustomobject]@{ Width = $w; Height = $h; Bytes = $b.Length }
    }

    # One session trains and charts: SkiaSharp 3.x (ScottPlot's) must coexist with TorchSharp, which references 2.88.
    $split = Import-Dataset -Sample Penguins -DropMissing -WarningAction SilentlyContinue | Split-Dataset -TestFraction 0.3 -Seed 3
    $script:test = $split.Test
    $curve = Join-Path $TestDrive 'start-training-curve.png'
    $out = Start-Training $split.Train -Epochs 20 -Seed 3 -ChartPath $curve -Verbose 4>&1
    $script:verbose = @($out | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message)
    $script:model = $out | Where-Object { $_ -isnot [System.Management.Automation.VerboseRecord] }
    $script:curve = $curve
    $script:report = Test-Model $script:model $script:test
    $script:cv = Invoke-CrossValidation $split.Train -Folds 3 -Epochs 2 -Seed 3
}

Describe 'Start-Training: charts and the terminal' {
    It 'learns in the same session that draws charts' {
        # 3 species, the largest 44% of the rows: a net that did not learn stays far below 0.8
        $report.Accuracy | Should -BeGreaterThan 0.8
    }

    It 'writes the training curves to -ChartPath' {
        $png = Get-PngSize $curve
        $png.Width | Should -Be 800
        $png.Height | Should -Be 600
        $png.Bytes | Should -BeGreaterThan 10000
    }

    It 'ends the verbose log with a sparkline of the validation loss' {
        $line = $verbose | Where-Object { $_ -like 'Validation loss *' } | Select-Object -Last 1
        $vl = @($model.History.ValidationLoss)
        $line -match '^Validation loss [▁▂▃▄▅▆▇█]{20} [0-9.,]+ -> [0-9.,]+ \(lowest [0-9.,]+ at epoch (\d+) of 20\)$' | Should -BeTrue -Because $line
        $lowest = [array]::IndexOf($vl, ($vl | Measure-Object -Minimum).Minimum) + 1
        [int]$Matches[1] | Should -Be $lowest
    }

    It 'refuses a -ChartPath that is not .png or .svg before training' {
        { Start-Training $test -Epochs 1 -ChartPath (Join-Path $TestDrive 'x.jpg') } |
            Should -Throw -ErrorId 'ParameterArgumentValidationError,DeepStats.Commands.StartTrainingCommand'
    }
}

Describe 'Export-Chart' {
    BeforeDiscovery {
        $kinds = @(
            @{ Kind = 'TrainingCurve'; Make = { $model } }
            @{ Kind = 'ConfusionMatrix'; Make = { $report } }
            @{ Kind = 'Roc'; Make = { $model }; WithData = $true }
            @{ Kind = 'Calibration'; Make = { $model }; WithData = $true }
            @{ Kind = 'Histogram'; Make = { $test } }
            @{ Kind = 'CorrelationHeatmap'; Make = { Import-Dataset -Sample Penguins | Get-DatasetStatistics -Correlation } }
            @{ Kind = 'CrossValidation'; Make = { [DeepStats.Core.Reporting.FoldScores]::new('Accuracy', [double[]](0.91, 0.88, 0.95, 0.9, 0.93), 0.914, 0.881, 0.947, 0.95) } }
            @{ Kind = 'CrossValidation'; Make = { $cv } }
        )
    }

    It 'draws <Kind> as a PNG of the requested size' -ForEach $kinds {
        $path = Join-Path $TestDrive "$Kind-$([guid]::NewGuid()).png"
        $extra = if ($WithData) { @{ Data = $test } } else { @{} }
        $file = & $Make | Export-Chart -Kind $Kind -Path $path -Width 640 -Height 420 -PassThru @extra
        $file.FullName | Should -Be $path
        $file.ChartTitle | Should -Not -BeNullOrEmpty
        $png = Get-PngSize $path
        $png.Width | Should -Be 640
        $png.Height | Should -Be 420
        $png.Bytes | Should -BeGreaterThan 8000  # a blank 640x420 PNG compresses to a few hundred bytes
    }

    It 'draws <Kind> as an SVG of the requested size' -ForEach $kinds {
        $path = Join-Path $TestDrive "$Kind-$([guid]::NewGuid()).svg"
        $extra = if ($WithData) { @{ Data = $test } } else { @{} }
        & $Make | Export-Chart -Kind $Kind -Path $path -Width 500 -Height 300 @extra
        $svg = [xml](Get-Content -Raw $path)
        $svg.DocumentElement.LocalName | Should -Be 'svg'
        $svg.DocumentElement.width | Should -Be '500'
        $svg.DocumentElement.height | Should -Be '300'
    }

    It 'infers the kind of <Kind> from the object' -ForEach ($kinds | Where-Object { -not $_.WithData }) {
        $a = Join-Path $TestDrive "inferred-$Kind-$([guid]::NewGuid()).png"
        $b = Join-Path $TestDrive "explicit-$Kind-$([guid]::NewGuid()).png"
        & $Make | Export-Chart -Path $a
        & $Make | Export-Chart -Path $b -Kind $Kind
        (Get-FileHash $a).Hash | Should -Be (Get-FileHash $b).Hash
    }

    It 'draws the History piped record by record as the model''s training curves' {
        $a = Join-Path $TestDrive 'history.png'
        $b = Join-Path $TestDrive 'model.png'
        $model.History | Export-Chart -Path $a
        $model | Export-Chart -Path $b
        (Get-FileHash $a).Hash | Should -Be (Get-FileHash $b).Hash
    }

    It 'resolves a relative path against the current location' {
        Push-Location $TestDrive
        try { $model | Export-Chart -Path ./relative.png } finally { Pop-Location }
        Join-Path $TestDrive 'relative.png' | Should -Exist
    }

    It 'refuses an unknown image format' {
        { $model | Export-Chart -Path (Join-Path $TestDrive 'a.jpg') } |
            Should -Throw -ErrorId 'UnsupportedChartFormat,DeepStats.Commands.ExportChartCommand' -ExpectedMessage "*'.jpg'*name the file .png or .svg*"
    }

    It 'says that a ROC curve of a model needs labelled data' {
        { $model | Export-Chart -Kind Roc -Path (Join-Path $TestDrive 'roc.png') } |
            Should -Throw -ErrorId 'ChartNotApplicable,DeepStats.Commands.ExportChartCommand' -ExpectedMessage '*give labelled data with -Data*'
    }

    It 'keeps an existing file with -NoClobber and writes nothing with -WhatIf' {
        $path = Join-Path $TestDrive 'kept.png'
        Set-Content $path 'keep me'
        { $model | Export-Chart -Path $path -NoClobber } | Should -Throw -ErrorId 'ChartFileExists,DeepStats.Commands.ExportChartCommand'
        $model | Export-Chart -Path (Join-Path $TestDrive 'whatif.png') -WhatIf
        Get-Content $path | Should -Be 'keep me'
        Join-Path $TestDrive 'whatif.png' | Should -Not -Exist
    }
}

Describe 'Export-ModelReport' {
    BeforeAll {
        $script:html = Join-Path $TestDrive 'report.html'
        $comparison = [DeepStats.Core.Evaluation.ModelComparison]@{
            Test = 'Exact McNemar test'; Metric = 'Accuracy'; ReferenceValue = 0.9; DifferenceValue = 0.95; Difference = 0.05
            DifferenceLower = 0.01; DifferenceUpper = 0.09; Statistic = 7; PValue = 0.0123; Decision = 'Better'; Count = 100
            Explanation = 'McNemar on the 100 test rows: the new model fixes 7 errors and makes none.'
        }
        $model | Export-ModelReport -Data $test -Path $html -Comparison $comparison -CrossValidation $cv
        $script:page = Get-Content -Raw $html
    }

    It 'is self-contained: every image is a data: URI and nothing is fetched' {
        $imgs = [regex]::Matches($page, '<img [^>]*src="([^"]*)"')
        $imgs.Count | Should -BeGreaterOrEqual 7  # training, confusion, ROC, calibration, cross-validation, histograms, correlations
        $imgs | ForEach-Object { $_.Groups[1].Value | Should -BeLike 'data:image/png;base64,*' }
        $page | Should -Not -Match '(src|href)="https?:'
    }

    It 'renders in headless Chromium with every image loaded, the key numbers on the page, and fits a narrow window' {
        $chromium = '/usr/bin/chromium'
        # build.ps1 test installs Debian's chromium when absent; without it this test fails rather than pass unseen
        $chromium | Should -Exist -Because 'the report is checked in a real browser; install it with apt-get install chromium'
        $profile = Join-Path ([IO.Path]::GetTempPath()) ("ds-chromium-" + [guid]::NewGuid())
        New-Item -ItemType Directory $profile | Out-Null
        try {
            $dom = & $chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking `
                --disable-component-update --disable-sync "--user-data-dir=$profile" --window-size=420,2000 --virtual-time-budget=10000 `
                --dump-dom "file://$html" 2>$null | Out-String
        }
        finally { Remove-Item -Recurse -Force $profile -ErrorAction SilentlyContinue }
        $imgCount = [regex]::Matches($page, '<img ').Count
        # the page's own script counts the images whose naturalWidth > 0 once the page has loaded
        $dom | Should -Match "data-images-loaded=`"$imgCount/$imgCount`""
        $dom | Should -Match 'data-fits-width="true"'
        $dom | Should -BeLike "*$($report.Accuracy.ToString('P2', $inv))*"
        $dom | Should -BeLike "*$($report.AccuracyLower.ToString('P2', $inv)) – $($report.AccuracyUpper.ToString('P2', $inv))*"
        $dom | Should -BeLike '*Comparison: the new model is better*'
        $dom | Should -BeLike '*p = 0.0123*'
        # cross-validation: the result's own mean and Nadeau-Bengio corrected interval, under its metric's name
        $s0 = $cv.Summary[0]
        $g = { param($v) [DeepStats.Core.Reporting.NumberText]::Of($v) }
        $dom | Should -BeLike "*Cross-validated Accuracy*$(& $g $s0.Mean)*corrected interval $(& $g $s0.Lower) – $(& $g $s0.Upper)*"
    }

    It 'writes nothing with -WhatIf' {
        $model | Export-ModelReport -Path (Join-Path $TestDrive 'whatif.html') -WhatIf
        Join-Path $TestDrive 'whatif.html' | Should -Not -Exist
    }
}
