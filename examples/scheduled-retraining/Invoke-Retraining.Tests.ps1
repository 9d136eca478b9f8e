# Runs the scheduled-retraining example on its shipped data: one promotion, one refusal, and a failure,
# checking after each that production is intact and loadable.
BeforeAll {
    Import-Module $env:DEEPSTATS_MODULE -Force
    # the example imports 'DeepStats' by name: make the module under test the one it finds
    $savedModulePath = $env:PSModulePath
    $env:PSModulePath = (Split-Path (Split-Path $env:DEEPSTATS_MODULE)) + [IO.Path]::PathSeparator + $env:PSModulePath
    $job = Join-Path $PSScriptRoot 'Invoke-Retraining.ps1'
    $data = Join-Path $PSScriptRoot 'data'
    $root = (Get-PSDrive TestDrive).Root
    $production = Join-Path $root 'production.dsmodel'
    $log = Join-Path $root 'retraining.log'
    # the model in production today: trained on the first week's 40 rows only
    Import-Dataset (Join-Path $data 'week1.csv') -Target failure -Exclude machine |
        Start-Training -Model (New-FeedForwardNet -Hidden 16) -Epochs 2 -Seed 1 | Save-Model -Path $production
    $holdout = Join-Path $data 'holdout.csv'
}

AfterAll { $env:PSModulePath = $savedModulePath }

Describe 'The scheduled-retraining example' {
    It 'promotes a model trained on more data, which is significantly better' {
        $before = (Get-FileHash $production).Hash
        $r = & $job -NewData (Join-Path $data 'week2.csv') -Holdout $holdout -Production $production -LogPath $log 6>$null
        $r.Promoted | Should -BeTrue
        $r.Decision | Should -Be 'Better'
        $r.AccuracyLower | Should -BeGreaterThan 0.75
        (Get-FileHash $production).Hash | Should -Not -Be $before
        (Import-Model $production).TrainingRows | Should -BeGreaterThan 500
        Get-Content $log | Should -Contain ((Get-Content $log) -match 'PROMOTED' | Select-Object -Last 1)
    }

    It 'refuses a retrained model that is not significantly better, leaving production untouched' {
        $before = (Get-FileHash $production).Hash
        $r = & $job -NewData (Join-Path $data 'week3.csv') -Holdout $holdout -Production $production -LogPath $log 6>$null
        $r.Promoted | Should -BeFalse
        $r.Reason | Should -Match 'not significantly better'
        (Get-FileHash $production).Hash | Should -Be $before
        (Import-Model $production).Classes | Should -Be @('no', 'yes')
        (Get-Content $log)[-1] | Should -Match 'KEPT production'
    }

    It 'stops on bad new data without touching production' {
        $before = (Get-FileHash $production).Hash
        $bad = Join-Path $root 'broken.csv'
        $lines = Get-Content (Join-Path $data 'week3.csv')
        $lines[5] = $lines[5] -replace ',\d+\.\d+,', ',sensor-error,'
        Set-Content $bad $lines
        { & $job -NewData $bad -Holdout $holdout -Production $production -LogPath $log 6>$null } | Should -Throw -ErrorId 'CsvTextInNumericColumn*'
        (Get-FileHash $production).Hash | Should -Be $before
        (Import-Model $production).TrainingRows | Should -BeGreaterThan 500
        Get-ChildItem $root | Where-Object Name -like 'production.dsmodel?*' | Should -BeNullOrEmpty   # no temp file left
    }
}
