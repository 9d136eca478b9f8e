BeforeAll {
    Import-Module $env:DEEPSTATS_MODULE -Force
    # x: 1..8 shuffled with a far value; y: roughly 2x; c: constant; colour: categorical; label: class target
    Set-Content TestDrive:/s.csv @'
x,y,c,colour,label
1,2.1,5,red,a
2,3.9,5,red,a
3,6.2,5,blue,a
4,8.1,5,green,b
5,9.8,5,red,b
6,12.2,5,blue,b
7,13.9,5,red,c
8,16.1,5,green,c
36,80.3,5,red,c
'@
}

Describe 'Get-DatasetStatistics on a dataset' {
    BeforeAll {
        $script:out = Import-Dataset TestDrive:/s.csv -Target label | Get-DatasetStatistics -WarningVariable w -WarningAction SilentlyContinue
        $script:warnings = $w
        $script:x = $out | Where-Object { $_ -is [DeepStats.Core.Statistics.NumericSummary] -and $_.Column -eq 'x' }
    }
    It 'writes one numeric summary per numeric column and categorical summaries for categories and the target' {
        @($out | Where-Object { $_ -is [DeepStats.Core.Statistics.NumericSummary] }).Column | Should -Be @('x', 'y', 'c')
        $cats = @($out | Where-Object { $_ -is [DeepStats.Core.Statistics.CategorySummary] })
        $cats.Column | Should -Be @('colour', 'label')
        ($cats | Where-Object Column -EQ 'label').Role | Should -Be 'Target'
    }
    It 'computes the statistics with type 7 quantiles and keeps counts as integers' {
        $x.Count | Should -Be 9
        $x.Count | Should -BeOfType ([int])
        $x.Outliers | Should -BeOfType ([int])
        $x.Mean | Should -Be 8
        $x.Median | Should -Be 5
        $x.Q1 | Should -Be 3
        $x.Q3 | Should -Be 7
        $x.Outliers | Should -Be 1           # 36 > 7 + 1.5 * 4
        $x.Distinct | Should -Be 9
        $x.MeanLower | Should -BeLessThan $x.Mean
        $x.MeanUpper | Should -BeGreaterThan $x.Mean
        $x.NormalityTest | Should -Match 'Shapiro-Wilk'
        $x.NormalityPValue | Should -BeLessThan 0.01
    }
    It 'states its conventions' {
        $x.VarianceDdof | Should -Be 1
        $x.QuantileMethod | Should -Be 'Hyndman-Fan type 7 (linear)'
        $x.SkewnessMethod | Should -Match 'G1 \(bias-corrected, as pandas\)'
        $x.KurtosisMethod | Should -Match 'G2'
        $x.IntervalMethod | Should -Match 'Student t'
    }
    It 'gives a constant column defined moments and warns about the undefined ones' {
        $c = $out | Where-Object { $_.Column -eq 'c' }
        $c.Mean | Should -Be 5
        $c.StandardDeviation | Should -Be 0
        [double]::IsNaN($c.Skewness) | Should -BeTrue
        "$warnings" | Should -Match "Column 'c': Skewness.*constant"
        "$warnings" | Should -Match "Column 'c': Skewness.*; NormalityStatistic, NormalityPValue: the column is constant"
    }
    It 'summarises levels, mode, entropy and the majority baseline' {
        $colour = $out | Where-Object { $_.Column -eq 'colour' }
        $colour.Mode | Should -Be 'red'
        $colour.ModeCount | Should -Be 5
        $colour.BaselineAccuracy | Should -Be (5 / 9)
        $colour.ImbalanceRatio | Should -Be 2.5
        ($colour.LevelCounts | Where-Object Level -EQ 'blue').Count | Should -Be 2
        $colour.EntropyUnit | Should -Be 'bits (log2)'
    }
    It 'renders with the default table views' {
        $text = $out | Out-String -Width 200
        $text | Should -Match 'Estimate\s+Interval'
        $text | Should -Match 'colour\s+category\s+9\s+0\s+red\s+55\.6% \['
        $text | Should -Match 'x\s+numeric\s+9\s+0\s+8 '
        $text | Should -Not -Match 'Column\s+:'     # no out-of-band list formatting
    }
}

Describe 'Get-DatasetStatistics -Correlation' {
    It 'writes Pearson and Spearman pairs and an ANOVA per feature for a class target' {
        $out = Import-Dataset TestDrive:/s.csv -Target label | Get-DatasetStatistics -Correlation -WarningAction SilentlyContinue
        $pairs = @($out | Where-Object { $_ -is [DeepStats.Core.Statistics.CorrelationPair] })
        $pairs.Count | Should -Be 6             # 3 numeric columns: 3 pairs x 2 methods
        $xy = $pairs | Where-Object { $_.Method -eq 'Spearman' -and $_.Column1 -eq 'x' -and $_.Column2 -eq 'y' }
        $xy.R | Should -Be 1
        $xy.PValue | Should -Be ([DeepStats.Core.Statistics.TailProbability]::Floor)  # p < 1e-300, never 0
        ($xy | Out-String -Width 120) | Should -Match '< 1e-300'
        $assoc = @($out | Where-Object { $_ -is [DeepStats.Core.Statistics.TargetAssociation] })
        $assoc.Column | Should -Be @('x', 'y', 'c')
        $assoc[0].Method | Should -Be 'One-way ANOVA'
        $assoc[0].DfNumerator | Should -Be 2
        $assoc[0].DfDenominator | Should -Be 6
        ($out | Out-String -Width 120) | Should -Match 'x\s+Spearman\s+9\s+1\.0000.*~ y'
    }
    It 'warns when a correlation is undefined' {
        $null = Import-Dataset TestDrive:/s.csv -Target label | Get-DatasetStatistics -Correlation -WarningVariable w -WarningAction SilentlyContinue
        "$w" | Should -Match "Column 'c': .*it is constant.*Pearson and Spearman correlations with the 2 other column\(s\) are undefined"
        "$w" | Should -Match "Column 'c': .*its association with 'label'"
        # once per column per command (issue 24): moments, correlations and the association in one warning
        @($w | Where-Object { $_.Message -like "Column 'c':*" }).Count | Should -Be 1
        @($w | Where-Object { $_.Message -like "*'c'*" }).Count | Should -Be 1
    }
}

Describe 'Get-DatasetStatistics on images' {
    It 'gives one pixel-level summary and the class target' {
        $out = Import-Dataset -Sample FashionMnist | Get-DatasetStatistics
        $pixels = $out | Where-Object { $_ -is [DeepStats.Core.Statistics.NumericSummary] }
        $pixels.Column | Should -Be 'pixels'
        $pixels.Count | Should -Be (2000 * 28 * 28)
        $pixels.NormalityTest | Should -Match 'K2'
        ($out | Where-Object { $_ -is [DeepStats.Core.Statistics.CategorySummary] }).Levels | Should -Be 10
    }
}

Describe 'Get-DatasetStatistics on plain pipeline objects' {
    It 'types Import-Csv columns and uses -Target' {
        $out = Import-Csv TestDrive:/s.csv | Get-DatasetStatistics -Target label -Correlation -WarningAction SilentlyContinue
        ($out | Where-Object { $_.Column -eq 'x' -and $_ -is [DeepStats.Core.Statistics.NumericSummary] }).Mean | Should -Be 8
        ($out | Where-Object { $_.Column -eq 'colour' }).Levels | Should -Be 3
        ($out | Where-Object { $_.Column -eq 'label' -and $_ -is [DeepStats.Core.Statistics.CategorySummary] }).Role | Should -Be 'Target'
        @($out | Where-Object { $_ -is [DeepStats.Core.Statistics.TargetAssociation] }).Count | Should -Be 3
    }
    It 'gives Pearson association for a numeric target' {
        $out = Import-Csv TestDrive:/s.csv | Get-DatasetStatistics -Target y -Correlation -WarningAction SilentlyContinue
        $a = $out | Where-Object { $_ -is [DeepStats.Core.Statistics.TargetAssociation] -and $_.Column -eq 'x' }
        $a.Method | Should -Be 'Pearson'
        $a.Statistic | Should -BeGreaterThan 0.99
    }
    It 'accepts objects with typed values and missing ones' {
        $objs = 1..5 | ForEach-Object { [pscustomobject]@{ n = $_; m = $null; t = "v$($_ % 2)" } }
        $out = $objs | Get-DatasetStatistics -WarningVariable w -WarningAction SilentlyContinue
        ($out | Where-Object Column -EQ 'n').Mean | Should -Be 3
        ($out | Where-Object Column -EQ 'm').Missing | Should -Be 5
        "$w" | Should -Match "Column 'm':.*all missing"
    }
    It 'fails with a stable id for a confidence level outside (0, 1)' {
        { Import-Csv TestDrive:/s.csv | Get-DatasetStatistics -ConfidenceLevel 1.5 } |
            Should -Throw -ErrorId 'InvalidConfidenceLevel,DeepStats.Commands.GetDatasetStatisticsCommand'
    }
    It 'uses -ConfidenceLevel for the mean interval' {
        $s95 = Import-Csv TestDrive:/s.csv | Get-DatasetStatistics -WarningAction SilentlyContinue | Where-Object Column -EQ 'x'
        $s99 = Import-Csv TestDrive:/s.csv | Get-DatasetStatistics -ConfidenceLevel 0.99 -WarningAction SilentlyContinue | Where-Object Column -EQ 'x'
        $s99.ConfidenceLevel | Should -Be 0.99
        ($s99.MeanUpper - $s99.MeanLower) | Should -BeGreaterThan ($s95.MeanUpper - $s95.MeanLower)
    }
    It 'fails with a stable id for an unknown target' {
        { Import-Csv TestDrive:/s.csv | Get-DatasetStatistics -Target nope } |
            Should -Throw -ErrorId 'TargetColumnNotFound,DeepStats.Commands.GetDatasetStatisticsCommand'
    }
}
