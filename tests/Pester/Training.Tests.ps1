BeforeAll {
    Import-Module $env:DEEPSTATS_MODULE -Force
    # two separated classes (deterministic rows) and a numeric target y = 3x + 1
    $lines = @('f1,f2,label')
    $reg = @('x,y')
    for ($i = 0; $i -lt 160; $i++) {
        $pos = $i % 2 -eq 0
        $jitter = (($i * 37) % 100) / 100.0
        $f1 = if ($pos) { 1 + $jitter } else { -1 - $jitter }
        $f2 = if ($pos) { 0.5 - $jitter } else { -0.5 + $jitter }
        $lines += "$f1,$f2,$(if ($pos) { 'yes' } else { 'no' })"
        $x = (($i * 53) % 160) / 40.0 - 2
        $reg += "$x,$(3 * $x + 1)"
    }
    Set-Content TestDrive:/train.csv ($lines -join "`n")
    Set-Content TestDrive:/line.csv ($reg -join "`n")
}

Describe 'Start-Training options' {
    It 'resumes in this process from a checkpoint another process wrote, equal to an uninterrupted run' {
        $ckpt = Join-Path $TestDrive 'run.ckpt'
        $csv = Join-Path $TestDrive 'train.csv'
        $common = '-Epochs {0} -Seed 4 -Optimizer SGD -Momentum 0.9 -LearningRate 0.05 -Model (New-FeedForwardNet -Hidden 8 -Dropout 0.2)'
        $child = "Import-Module '$env:DEEPSTATS_MODULE'; `$m = Import-Dataset '$csv' -Target label | Start-Training $($common -f 2) -CheckpointPath '$ckpt'; `$m.History.Loss | ConvertTo-Json"
        $childLosses = & (Join-Path $PSHOME 'pwsh') -NoProfile -NonInteractive -Command $child | ConvertFrom-Json
        $LASTEXITCODE | Should -Be 0
        Test-Path $ckpt | Should -BeTrue

        $data = Import-Dataset TestDrive:/train.csv -Target label
        $whole = $data | Start-Training -Epochs 4 -Seed 4 -Optimizer SGD -Momentum 0.9 -LearningRate 0.05 -Model (New-FeedForwardNet -Hidden 8 -Dropout 0.2)
        $resumed = $data | Start-Training -Epochs 4 -Seed 4 -Optimizer SGD -Momentum 0.9 -LearningRate 0.05 -Model (New-FeedForwardNet -Hidden 8 -Dropout 0.2) -CheckpointPath $ckpt -Resume
        # same seed, same machine: the other process's first epochs are this process's first epochs, to the last bit
        $childLosses | Should -Be @($whole.History[0].Loss, $whole.History[1].Loss)
        $resumed.History.Loss | Should -Be $whole.History.Loss
        $resumed.StopReason | Should -Be 'Completed'
        $resumed.RunInfo.Seed | Should -Be 4
    }

    It 'resumes a checkpoint to more epochs (constant schedule) and refuses it under a cosine schedule with ResumeChangesSchedule' {
        $data = Import-Dataset TestDrive:/train.csv -Target label
        $p = @{ Seed = 6; LearningRate = 0.05; Model = (New-FeedForwardNet -Hidden 8 -Dropout 0.2) }
        $ckpt = Join-Path $TestDrive 'more.ckpt'
        $null = $data | Start-Training @p -Epochs 2 -CheckpointPath $ckpt
        $whole = $data | Start-Training @p -Epochs 6
        # -ThreadCount is never part of the configuration; -Epochs 6 continues the 2-epoch run
        $resumed = $data | Start-Training @p -Epochs 6 -ThreadCount 1 -CheckpointPath $ckpt -Resume
        $resumed.History.Count | Should -Be 6
        $resumed.History.Loss | Should -Be $whole.History.Loss
        $cosine = Join-Path $TestDrive 'cosine.ckpt'
        $null = $data | Start-Training @p -Epochs 2 -Schedule Cosine -CheckpointPath $cosine
        { $data | Start-Training @p -Epochs 6 -Schedule Cosine -CheckpointPath $cosine -Resume } |
            Should -Throw -ErrorId 'ResumeChangesSchedule,DeepStats.Commands.StartTrainingCommand'
    }

    It 'reports a diverging run as a TrainingDiverged error naming epoch, batch and rate, and still returns the model' {
        $model = Import-Dataset TestDrive:/line.csv -Target y -TargetKind Regression |
            Start-Training -Optimizer SGD -LearningRate 100000 -Epochs 3 -ValidationFraction 0 -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'TrainingDiverged*'
        $err[0].Exception.Message | Should -Match 'epoch 1, batch \d+ of \d+, learning rate 1E\+05'
        $model.StopReason | Should -Be 'Diverged'
    }

    It 'stops early and says which epoch it kept' {
        $model = Import-Dataset TestDrive:/train.csv -Target label |
            Start-Training -Epochs 300 -LearningRate 0.05 -Patience 2 -MinDelta 0.5 -Seed 1
        $model.StopReason | Should -Be 'EarlyStopping'
        $model.History.Count | Should -BeLessThan 300
        # -MinDelta 0.5 ends the run 2 epochs after the first one; the weights kept are those of the lowest validation loss
        $model.History.Count | Should -Be 3
        $model.BestEpoch | Should -Be ($model.History | Sort-Object ValidationLoss | Select-Object -First 1).Epoch
    }

    It 'takes class weights as Balanced or a table, and refuses unknown labels' {
        $data = Import-Dataset TestDrive:/train.csv -Target label
        ($data | Start-Training -Epochs 1 -ClassWeight Balanced).Options.Loss.BalancedClassWeights | Should -BeTrue
        ($data | Start-Training -Epochs 1 -ClassWeight @{ yes = 2 }).Options.Loss.ClassWeights['yes'] | Should -Be 2
        { $data | Start-Training -Epochs 1 -ClassWeight @{ maybe = 2 } } | Should -Throw -ErrorId 'InvalidClassWeight,DeepStats.Commands.StartTrainingCommand'
    }

    It 'records the rate of every epoch of a schedule and says so in the verbose stream' {
        $verbose = Import-Dataset TestDrive:/train.csv -Target label |
            Start-Training -Epochs 4 -LearningRate 0.1 -Schedule Step -WarmupEpochs 1 -Verbose 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }
        # warmup epoch 1 at 0.1/2, then StepLR with step size (4 - 1) / 3 = 1 and gamma 0.1
        ($verbose | Where-Object Message -like 'Epoch 1:*').Message | Should -Match 'learning rate 0.05'
        ($verbose | Where-Object Message -like 'Epoch 3:*').Message | Should -Match 'learning rate 0.01'
    }
}

Describe 'Stopping Start-Training' {
    It 'leaves the model with its best complete epoch in $DeepStatsCancelledModel when the pipeline is stopped' {
        $rs = [runspacefactory]::CreateRunspace()
        $rs.Open()
        $ps = [powershell]::Create()
        $ps.Runspace = $rs
        try {
            $csv = Join-Path $TestDrive 'train.csv'
            $null = $ps.AddScript("Import-Module '$env:DEEPSTATS_MODULE'; Import-Dataset '$csv' -Target label | Start-Training -Epochs 100000 -Seed 1")
            $async = $ps.BeginInvoke()
            # wait until some epochs are done (the progress stream shows the epoch), then stop as Ctrl+C does
            $deadline = [DateTime]::UtcNow.AddSeconds(120)
            while ([DateTime]::UtcNow -lt $deadline -and -not ($ps.Streams.Progress | Where-Object StatusDescription -Match '^Epoch [3-9]')) { Start-Sleep -Milliseconds 200 }
            $ps.Stop()
            $model = $rs.SessionStateProxy.GetVariable('DeepStatsCancelledModel')
            $model.StopReason | Should -Be 'Cancelled'
            $model.History.Count | Should -BeGreaterOrEqual 2
            $model.BestEpoch | Should -BeGreaterThan 0
        }
        finally {
            $ps.Dispose()
            $rs.Dispose()
        }
    }
}
