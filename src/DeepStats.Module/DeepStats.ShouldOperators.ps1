# Pester assertions for DeepStats (Should -HaveAccuracyAtLeast, -HaveNoDataDrift, -BeSignificantlyBetterThan),
# whatever the order in which Pester and DeepStats are imported. Runs at Import-Module (ScriptsToProcess);
# defines no functions or variables.
#
# Pester keeps its Should operators in its own module state and builds Should's parameters from them when
# Should is bound: operators added before Pester is loaded do not exist, and 'Should -HaveAccuracyAtLeast'
# then fails with "Parameter set cannot be resolved". So the operators are registered now when Pester is
# loaded, and otherwise (or after Pester is imported again with -Force, which forgets them) the first time
# 'Should' of a Pester module not yet served is looked up: a command-lookup hook that returns at once for
# every other name and chains any hook already installed. Lookup runs before binding, so that very Should
# call binds the operators.
& {
    $operators = [ordered]@{
        # $report | Should -HaveAccuracyAtLeast 0.9   or   $model | Should -HaveAccuracyAtLeast 0.9 -Data $test [-OnLowerBound]
        HaveAccuracyAtLeast       = {
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
        # $week | Should -HaveNoDataDrift -Reference $train [-Alpha 0.05] [-PsiThreshold 0.1]
        HaveNoDataDrift           = {
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
        # $new | Should -BeSignificantlyBetterThan $current -Data $test [-Alpha 0.05]
        BeSignificantlyBetterThan = {
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

    # Registers the operators missing from the loaded Pester (its Add-ShouldOperator and Get-ShouldOperator).
    $register = {
        param([System.Management.Automation.PSModuleInfo] $Pester)
        $add = $Pester.ExportedCommands['Add-ShouldOperator']
        $get = $Pester.ExportedCommands['Get-ShouldOperator']
        if ($null -eq $add -or $null -eq $get) { return }
        $registered = @(& $get | ForEach-Object Name)
        foreach ($name in $operators.Keys) {
            if ($name -notin $registered) { & $add -Name $name -Test $operators[$name] }
        }
    }.GetNewClosure()

    $state = @{ Served = $null; Busy = $false }
    $pester = Get-Module Pester | Where-Object { $_.ExportedCommands.ContainsKey('Add-ShouldOperator') } | Select-Object -First 1
    if ($pester) { & $register $pester; $state.Served = $pester }

    $lookup = $ExecutionContext.InvokeCommand
    $previous = $lookup.PostCommandLookupAction
    $constants = if ($previous -and $previous.Target -is [System.Runtime.CompilerServices.Closure]) { $previous.Target.Constants } else { @() }
    if (@($constants | Where-Object { $_ -is [scriptblock] -and "$_" -match 'DeepStats: Should operators' }).Count) { return }
    $lookup.PostCommandLookupAction = {
        param($CommandName, $LookupArgs)
        # DeepStats: Should operators (marker: one hook per session, however often DeepStats is imported)
        if ($previous) { $previous.Invoke($CommandName, $LookupArgs) }
        if ($CommandName -ne 'Should' -or $state.Busy) { return }
        $module = if ($LookupArgs.Command) { $LookupArgs.Command.Module }
        if ($null -eq $module -or $module.Name -ne 'Pester' -or [object]::ReferenceEquals($module, $state.Served)) { return }
        $state.Busy = $true
        try { & $register $module; $state.Served = $module }
        finally { $state.Busy = $false }
    }.GetNewClosure()
}
