# Learning tests in Pester (tests that train and assert a quality bar), the counterpart of
# tests/DeepStats.Core.Tests/LearningTest.cs: tagged 'Learning', seeded through Get-LearningSeed so
# 'build.ps1 test -Sweep' can rerun them under seeds 1..5 (DEEPSTATS_TEST_SEED) and 1 or 2 torch
# threads (OMP_NUM_THREADS), and reporting their metric with Assert-LearningAbove for its table.
# Dot-sourced by the test files that train; not a test file itself.

function Get-LearningSeed([int] $Fallback) {
    if ($env:DEEPSTATS_TEST_SEED -match '^\d+$') { return [int] $env:DEEPSTATS_TEST_SEED }
    return $Fallback
}

# Records "test, metric, value, bar" for the sweep (DEEPSTATS_LEARNING_LOG), then asserts value > bar.
function Assert-LearningAbove([string] $Test, [string] $Metric, [double] $Value, [double] $Bar) {
    if ($env:DEEPSTATS_LEARNING_LOG) {
        $inv = [cultureinfo]::InvariantCulture
        Add-Content -LiteralPath $env:DEEPSTATS_LEARNING_LOG -Value ("{0}`t{1}`t{2}`t{3}" -f $Test, $Metric, $Value.ToString('R', $inv), $Bar.ToString('R', $inv))
    }
    $Value | Should -BeGreaterThan $Bar -Because "$Test ($Metric, bar $Bar)"
}
