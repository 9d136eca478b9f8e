# Every output type's default view reads at 80 columns (a scheduled task's log) and at 120 (issue 24): no
# cell cut ('…'), no header wrapped onto a second line, table headers that are the property names a user
# filters on. The types come from the format file itself, so a view added for a new type is checked too: a
# type with no sample object below fails the test until one is added.
BeforeDiscovery {
    [xml] $format = Get-Content -Raw (Join-Path (Split-Path $env:DEEPSTATS_MODULE) 'DeepStats.format.ps1xml')
    $script:viewTypes = @($format.Configuration.ViewDefinitions.View | ForEach-Object { $_.ViewSelectedBy.TypeName } |
        Sort-Object -Unique | ForEach-Object { @{ Type = $_ } })
    $script:tableColumns = @(foreach ($view in $format.Configuration.ViewDefinitions.View) {
            if (-not $view.TableControl) { continue }
            $headers = @($view.TableControl.TableHeaders.TableColumnHeader)
            foreach ($row in @($view.TableControl.TableRowEntries.TableRowEntry)) {
                $types = @(if ($row.EntrySelectedBy) { $row.EntrySelectedBy.TypeName } else { $view.ViewSelectedBy.TypeName })
                $items = @($row.TableColumnItems.TableColumnItem)
                for ($i = 0; $i -lt $items.Count; $i++) {
                    $label = if ($headers[$i].Label) { $headers[$i].Label } else { $items[$i].PropertyName }
                    foreach ($t in $types) { @{ View = $view.Name; Type = $t; Label = $label; Property = $items[$i].PropertyName; Shared = @($view.ViewSelectedBy.TypeName).Count -gt 1 } }
                }
            }
        })
}

BeforeAll {
    Import-Module $env:DEEPSTATS_MODULE -Force
    $penguins = Import-Dataset -Sample Penguins -DropMissing -WarningAction SilentlyContinue
    $split = Split-Dataset -Data $penguins -TestFraction 0.3 -Seed 1
    $model = $split.Train | Start-Training -Model (New-FeedForwardNet -Hidden 8) -Epochs 2 -Seed 1 6>$null
    $report = Test-Model -Model $model -Data $split.Test -WarningAction SilentlyContinue
    $regressionData = Import-Dataset (Join-Path (Split-Path $env:DEEPSTATS_MODULE) 'data/penguins/penguins.csv') -Target body_mass_g -TargetKind Regression -DropMissing -WarningAction SilentlyContinue
    $regressionSplit = Split-Dataset -Data $regressionData -TestFraction 0.3 -Seed 1
    $regressionModel = $regressionSplit.Train | Start-Training -Model (New-FeedForwardNet -Hidden 8) -Epochs 2 -Seed 1 6>$null
    $cv = Invoke-CrossValidation -Data $penguins -Model (New-FeedForwardNet -Hidden 8) -Epochs 1 -Folds 3 -Seed 1 -ValidationFraction 0 6>$null
    $standardized = ConvertTo-Standardized -Data $split.Train
    $imputed = ConvertTo-Imputed -Data (Import-Dataset -Sample Penguins -WarningAction SilentlyContinue)
    $selected = Select-Feature -Data $split.Train -Method AnovaF -Top 2
    $statistics = Get-DatasetStatistics -Data $penguins -WarningAction SilentlyContinue
    $correlations = Get-DatasetStatistics -Data $penguins -Correlation -WarningAction SilentlyContinue
    $search = $penguins | Invoke-HyperparameterSearch -Model (New-FeedForwardNet -Hidden 8) -Epochs 1 -Seed 1 -ValidationFraction 0 -Space @{ LearningRate = 1e-3, 1e-2 } -Folds 2 -OuterFolds 2 6>$null
    $drift = Test-DataDrift -Reference $split.Train -Data $split.Test
    Import-Csv (Join-Path (Split-Path $env:DEEPSTATS_MODULE) 'data/penguins/penguins.csv') | Select-Object -First 40 -Property * -ExcludeProperty bill_length_mm |
        Export-Csv TestDrive:/week.csv

    # One sample object or more of every type a view is defined for (long names and numbers on purpose).
    $samples = @{
        'DeepStats.Core.Data.Dataset'                         = { $penguins; $regressionData }
        'DeepStats.Core.Data.ColumnInfo'                      = { $penguins.Schema }
        'DeepStats.Core.Data.DatasetSplit'                    = { $split }
        'DeepStats.Core.Data.DatasetFold'                     = { Split-Dataset -Data $penguins -Folds 3 -Seed 1 }
        'DeepStats.Core.Statistics.NumericSummary'            = { $statistics | Where-Object { $_ -is [DeepStats.Core.Statistics.NumericSummary] } }
        'DeepStats.Core.Statistics.CategorySummary'           = { $statistics | Where-Object { $_ -is [DeepStats.Core.Statistics.CategorySummary] } }
        'DeepStats.Core.Statistics.TargetAssociation'         = { $correlations | Where-Object { $_ -is [DeepStats.Core.Statistics.TargetAssociation] } }
        'DeepStats.Core.Statistics.CorrelationPair'           = { $correlations | Where-Object { $_ -is [DeepStats.Core.Statistics.CorrelationPair] } }
        'DeepStats.Core.Models.ModelSpec'                     = { New-FeedForwardNet -Hidden 64, 32; New-ConvNet; New-RecurrentNet }
        'DeepStats.Core.Models.LayerSummary'                  = { $model.Summary.Layers }
        'DeepStats.Core.Training.TrainedModel'                = { $model; $regressionModel }
        'DeepStats.Core.Training.EpochRecord'                 = { $model.History }
        'DeepStats.Core.Evaluation.ClassificationReport'      = { $report }
        'DeepStats.Core.Evaluation.ClassMetrics'              = { $report.PerClass }
        'DeepStats.Core.Evaluation.ConfusionMatrix'           = { $report.ConfusionMatrix }
        'DeepStats.Core.Evaluation.ConfusionRow'              = { $report.ConfusionMatrix.Rows() }
        'DeepStats.Core.Evaluation.RegressionReport'          = { Test-Model -Model $regressionModel -Data $regressionSplit.Test -WarningAction SilentlyContinue }
        'DeepStats.Core.Evaluation.ModelComparison'           = { Compare-Model -Reference $model -Difference $model -Data $split.Test -WarningAction SilentlyContinue }
        'DeepStats.Core.Evaluation.CrossValidationResult'     = { $cv }
        'DeepStats.Core.Evaluation.CrossValidationFold'       = { $cv.Folds }
        'DeepStats.Core.Evaluation.CrossValidationSummary'    = { $cv.Summary }
        'DeepStats.Core.Evaluation.FoldPlan'                  = { $cv.Plan }
        'DeepStats.Core.Preprocessing.Standardizer'           = { $standardized.Transforms | Where-Object { $_ -is [DeepStats.Core.Preprocessing.Standardizer] } }
        'DeepStats.Core.Preprocessing.ScaleParameter'         = { ($standardized.Transforms | Where-Object { $_ -is [DeepStats.Core.Preprocessing.Standardizer] }).Parameters }
        'DeepStats.Core.Preprocessing.Imputer'                = { $imputed.Transforms | Where-Object { $_ -is [DeepStats.Core.Preprocessing.Imputer] } }
        'DeepStats.Core.Preprocessing.ImputeParameter'        = { ($imputed.Transforms | Where-Object { $_ -is [DeepStats.Core.Preprocessing.Imputer] }).Parameters }
        'DeepStats.Core.Preprocessing.FeatureSelection'       = { $selected.Transforms | Where-Object { $_ -is [DeepStats.Core.Preprocessing.FeatureSelection] } }
        'DeepStats.Core.Preprocessing.FeatureScore'           = { ($selected.Transforms | Where-Object { $_ -is [DeepStats.Core.Preprocessing.FeatureSelection] }).Report }
        'DeepStats.Core.Preprocessing.AugmentationPolicy'     = { New-Augmentation -FlipProbability 0.5 -Shift 2 -Rotation 10 -ErasingProbability 0.25 -Noise 0.05 -Seed 1 }
        'DeepStats.Core.Data.SchemaDifference'                = { Compare-DatasetSchema -Path TestDrive:/week.csv -Schema $penguins }
        'DeepStats.Core.Statistics.DriftReport'               = { $drift }
        'DeepStats.Core.Statistics.ColumnDrift'               = { $drift.Columns }
        'DeepStats.Core.Evaluation.SearchResult'              = { $search }
        'DeepStats.Core.Evaluation.SearchTrial'               = { $search.Trials }
        'DeepStats.Core.Evaluation.TrialSettings'             = { $search.Trials.Settings }
        'DeepStats.Core.Evaluation.NestedSearchEstimate'      = { $search.Nested }
        'DeepStats.Prediction'                                = { Invoke-Prediction -Model $model -Data $split.Test | Select-Object -First 3 }
    }

    # The problems of one rendering: cut cells, headers wrapped above their dashes, lines over the width.
    function Get-ViewProblem([object[]] $Objects, [int] $Width) {
        $text = $Objects | Out-String -Width $Width
        $lines = $text -split "`r?`n"
        for ($i = 0; $i -lt $lines.Count; $i++) {
            $line = $lines[$i]
            # a cell cut short ends or starts with '…': a number (a word with a digit) must never be cut;
            # text (names, descriptions) may be, since its whole value is a property
            foreach ($cut in [regex]::Matches($line, '\S*\u2026\S*')) {
                if ($cut.Value -match '\d') { "number cut at $Width columns: '$($cut.Value)' in '$($line.Trim())'" }
            }
            if ($line.Length -gt $Width) { "longer than $Width columns: '$line'" }
            # a table's dash line: the header above it must be one line (a wrapped header leaves a second,
            # partial header line above it, and the line above that is then not blank)
            if ($line -match '^\s*-+(\s+-+)*\s*$' -and $i -ge 2 -and $lines[$i - 2].Trim() -ne '' -and $lines[$i - 1] -notmatch '^\s*-') {
                "header on more than one line at $Width columns: '$($lines[$i - 2].Trim())' / '$($lines[$i - 1].Trim())'"
            }
        }
    }
}

Describe 'The default view of <Type>' -ForEach $viewTypes {
    BeforeAll { $objects = if ($samples.ContainsKey($Type)) { @(& $samples[$Type]) } else { @() } }

    It 'has sample objects in this test' {
        $objects.Count | Should -BeGreaterThan 0 -Because "Views.Tests.ps1 needs a sample of every type with a view ($Type)"
        $objects | ForEach-Object { $_.GetType().FullName } | Should -Contain $Type
    }

    It 'reads at <_> columns' -ForEach 80, 120 {
        $problems = @(Get-ViewProblem -Objects $objects -Width $_)
        $problems | Should -BeNullOrEmpty -Because ($objects | Out-String -Width $_)
    }
}

# A column that shows a property as it is is headed by the property's name ('$ds.Schema | Where-Object
# MissingCount -gt 0' then does what the table suggests); computed columns (an interval) name what they show.
# The statistics table, one table for several types, shows a different property per type in a column.
Describe 'Table header <Label> of <Type> (view <View>)' -ForEach @($tableColumns | Where-Object { $_.Property -and -not $_.Shared }) {
    It 'is the name of the property it shows' {
        $Label | Should -Be $Property
    }
}
