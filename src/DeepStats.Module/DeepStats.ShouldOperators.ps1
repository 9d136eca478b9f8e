# Pester assertions for DeepStats models, registered when Pester is loaded before DeepStats (as in a
# test file's BeforeAll). Runs at Import-Module (ScriptsToProcess); defines no functions or variables.
if (Get-Command Add-ShouldOperator -ErrorAction Ignore) {
    & {
        $registered = @(Get-ShouldOperator | ForEach-Object Name)
        if ('HaveAccuracyAtLeast' -notin $registered) {
            # $report | Should -HaveAccuracyAtLeast 0.9   or   $model | Should -HaveAccuracyAtLeast 0.9 -Data $test [-OnLowerBound]
            Add-ShouldOperator -Name HaveAccuracyAtLeast -Test {
                param($ActualValue, [double] $ExpectedValue, $Data, [switch] $OnLowerBound, [switch] $Negate)
                $report = if ($ActualValue -is [DeepStats.Core.Evaluation.ClassificationReport]) { $ActualValue }
                    elseif ($ActualValue -is [DeepStats.Core.Training.TrainedModel]) {
                        if ($null -eq $Data) { throw 'Should -HaveAccuracyAtLeast needs -Data <labelled dataset> when given a model.' }
                        Test-Model -Model $ActualValue -Data $Data -WarningAction SilentlyContinue
                    }
                    else { throw "Should -HaveAccuracyAtLeast expects a model or a Test-Model report, not $($ActualValue.GetType().Name)." }
                $value = if ($OnLowerBound) { $report.AccuracyLower } else { $report.Accuracy }
                $what = if ($OnLowerBound) { 'the lower bound of the accuracy interval' } else { 'the accuracy' }
                $ok = $value -ge $ExpectedValue
                if ($Negate) { $ok = -not $ok }
                [pscustomobject]@{
                    Succeeded      = $ok
                    FailureMessage = if ($ok) { $null } else {
                        "Expected $what to be $(if ($Negate) { 'below' } else { 'at least' }) $ExpectedValue, but it was $('{0:G4}' -f $value) ($($report.Correct) of $($report.Count) rows; $('{0:P0}' -f $report.ConfidenceLevel) interval $('{0:G4}' -f $report.AccuracyLower) - $('{0:G4}' -f $report.AccuracyUpper))."
                    }
                }
            }
        }
        if ('HaveNoDataDrift' -notin $registered) {
            # $week | Should -HaveNoDataDrift -Reference $train [-Alpha 0.05] [-PsiThreshold 0.1]
            Add-ShouldOperator -Name HaveNoDataDrift -Test {
                param($ActualValue, $Reference, [double] $Alpha = 0.05, [double] $PsiThreshold = 0.1, [switch] $Negate)
                if ($null -eq $Reference) { throw 'Should -HaveNoDataDrift needs -Reference <dataset the model was trained on>.' }
                $report = Test-DataDrift -Reference $Reference -Data $ActualValue -Alpha $Alpha -PsiThreshold $PsiThreshold
                $ok = -not $report.Drifted
                if ($Negate) { $ok = -not $ok }
                [pscustomobject]@{
                    Succeeded      = $ok
                    FailureMessage = if ($ok) { $null } else { "Expected $(if ($Negate) { 'drift' } else { 'no drift' }), but: $($report.Decision)" }
                }
            }
        }
        if ('BeSignificantlyBetterThan' -notin $registered) {
            # $new | Should -BeSignificantlyBetterThan $current -Data $test [-Alpha 0.05]
            Add-ShouldOperator -Name BeSignificantlyBetterThan -Test {
                param($ActualValue, $ExpectedValue, $Data, [double] $Alpha = 0.05, [switch] $Negate)
                if ($null -eq $Data) { throw 'Should -BeSignificantlyBetterThan needs -Data <labelled dataset> to compare the models on.' }
                $cmp = Compare-Model -Reference $ExpectedValue -Difference $ActualValue -Data $Data -Alpha $Alpha
                $ok = $cmp.Decision -eq [DeepStats.Core.Evaluation.ComparisonDecision]::Better
                if ($Negate) { $ok = -not $ok }
                [pscustomobject]@{
                    Succeeded      = $ok
                    FailureMessage = if ($ok) { $null } else { "Expected the model $(if ($Negate) { 'not ' })to be significantly better than the reference, but the decision was $($cmp.Decision). $($cmp.Explanation)" }
                }
            }
        }
    }
}
