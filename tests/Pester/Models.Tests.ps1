BeforeAll {
    Import-Module $env:DEEPSTATS_MODULE -Force
    . (Join-Path $PSScriptRoot 'LearningTest.ps1')
}

Describe 'New-ConvNet' {
    It 'gives a default net whose shapes fit 28x28 grayscale' {
        $spec = New-ConvNet -InputShape 1, 28, 28
        $spec.Kind | Should -Be 'ConvNet'
        $spec.Layers.Type | Should -Contain 'Conv2d'
        $spec.Layers[-1].Type | Should -Be 'Linear'
    }

    It "explains the source article's 32x32 kernel on a 28x28 image in one line" {
        $err = $null
        try { New-ConvNet -InputShape 1, 28, 28 -Channels 64, 64 -KernelSize 32 -Padding 0 -ConvolutionsPerBlock 1 }
        catch { $err = $_ }
        $err.FullyQualifiedErrorId | Should -Be 'ModelShapeMismatch,DeepStats.Commands.NewConvNetCommand'
        $err.CategoryInfo.Category | Should -Be 'InvalidArgument'
        $err.Exception.Message | Should -BeLike 'Layer 1 (Conv2d 64, kernel 32x32*): kernel 32x32 is larger than its input 1x28x28*'
        $err.Exception.Message | Should -Not -Match "`n"
    }

    It "explains the source article's flatten size that does not match" {
        { New-ConvNet -InputShape 1, 28, 28 -Channels 64 -Padding 0 -ConvolutionsPerBlock 1 -NoBatchNorm -Hidden 512 -FlattenFeatures 4096 } |
            Should -Throw -ErrorId 'ModelShapeMismatch,DeepStats.Commands.NewConvNetCommand' -ExpectedMessage '*expects 4096 input features*produces 10816 (= 64x13x13 flattened)*'
    }

    It 'reports an impossible net at training time when it had no input shape' {
        $net = New-ConvNet -Channels 8, 8, 8, 8, 8 -KernelSize 1
        $data = Import-Dataset -Sample FashionMnist -Subset Test
        { $data | Start-Training -Model $net -Epochs 1 } |
            Should -Throw -ErrorId 'ModelShapeMismatch,DeepStats.Commands.StartTrainingCommand' -ExpectedMessage '*pooling window 2x2 is larger than its input 8x1x1*'
    }

    It 'round-trips its spec through JSON' {
        $spec = New-ConvNet -Channels 16 -Activation GELU
        $back = [DeepStats.Core.Models.ModelSpec]::FromJson($spec.ToJson())
        $back.Equivalent($spec) | Should -BeTrue
    }
}

Describe 'New-FeedForwardNet' {
    It 'builds hidden layers with the options asked for' {
        $spec = New-FeedForwardNet -Hidden 16, 8 -Dropout 0.2 -BatchNorm -Activation ELU
        @($spec.Layers | Where-Object Type -EQ 'Linear').Count | Should -Be 3
        @($spec.Layers | Where-Object Type -EQ 'Dropout').Count | Should -Be 2
        @($spec.Layers | Where-Object Type -EQ 'BatchNorm1d').Count | Should -Be 2
        @($spec.Layers | Where-Object Type -EQ 'ELU').Count | Should -Be 2
    }

    It 'counts parameters as computed by hand once trained on the penguins' {
        # 4 numeric + island (3 levels) + sex (3 levels: ., FEMALE, MALE) = 10 inputs; 10*16+16 + 16*3+3 = 227
        $model = Import-Dataset -Sample Penguins -DropMissing -WarningAction SilentlyContinue |
            Start-Training -Model (New-FeedForwardNet -Hidden 16) -Epochs 1
        $model.Summary.TotalParameters | Should -Be 227
    }

    It 'rejects a non-activation' {
        { New-FeedForwardNet -Activation Softmax } | Should -Throw -ErrorId 'ParameterArgumentValidationError,DeepStats.Commands.NewFeedForwardNetCommand'
    }
}

Describe 'Model summaries' {
    It 'prints a spec with an input shape as a Keras-style summary' {
        $text = New-ConvNet -InputShape 1, 28, 28 -Channels 8 -ConvolutionsPerBlock 1 -Hidden 16 -Classes 10 | Out-String
        # conv 8*1*9+8 = 80, bn 16, flatten 8*14*14 = 1568, dense 1568*16+16 = 25104, head 16*10+10 = 170
        $text | Should -Match '8x28x28'
        $text | Should -Match 'Total trainable parameters: 25,370'
    }
    It 'prints a trained model with its summary and training facts' {
        $m = Import-Dataset -Sample Penguins -DropMissing -WarningAction SilentlyContinue |
            Start-Training -Model (New-FeedForwardNet -Hidden 16) -Epochs 2 -Seed 4
        $text = $m | Out-String
        $text | Should -Match 'Total trainable parameters: 227'
        $text | Should -Match 'Trained 2 epoch\(s\) on \d+ rows'
        $text | Should -Match 'Preprocessing: Standardize'
    }
}

Describe 'New-ConvNet options' {
    It 'builds residual blocks with global pooling and He initialisation' {
        $spec = New-ConvNet -InputShape 3, 32, 32 -Channels 16, 32 -Residual -GlobalPool -Hidden @() -Classes 5
        @($spec.Layers | Where-Object Type -EQ 'Residual').Count | Should -Be 2
        $spec.Layers.Type | Should -Contain 'GlobalAvgPool2d'
        $spec.Init | Should -Be 'He'
        ($spec | Out-String) | Should -Match 'Residual'
    }
    It 'uses average pooling and a stride when asked' {
        $spec = New-ConvNet -InputShape 1, 28, 28 -Channels 8 -ConvolutionsPerBlock 1 -Stride 2 -PoolType Average -Classes 3
        $spec.Layers[0].Stride | Should -Be 2
        $spec.Layers.Type | Should -Contain 'AvgPool2d'
    }
}

Describe 'Recurrent networks and sequences' {
    BeforeAll {
        # a daily-like series: y = sin(2 pi t / 20), x = a lagged copy; rows are time steps
        $rows = @('t,x,y')
        for ($t = 0; $t -lt 400; $t++) {
            $y = [Math]::Round([Math]::Sin(2 * [Math]::PI * $t / 20), 6)
            $x = [Math]::Round([Math]::Sin(2 * [Math]::PI * ($t - 3) / 20), 6)
            $rows += "$t,$x,$y"
        }
        Set-Content TestDrive:/series.csv ($rows[0..300] -join "`n")
        Set-Content TestDrive:/series-test.csv ((@($rows[0]) + $rows[301..400]) -join "`n")
    }

    It 'cuts windows with the next value as target' {
        $seq = Import-Dataset TestDrive:/series.csv | ConvertTo-Sequence -Window 10 -Target y -Column x, y
        $seq.Kind | Should -Be 'Sequence'
        $seq.RowCount | Should -Be (300 - 10)
        $seq.InputShape | Should -Be @(10, 2)
        $seq.Target.Kind | Should -Be 'Regression'
        $seq.Transforms[0].Kind | Should -Be 'Window'
    }

    It 'forecasts with a GRU and tests on the raw test series' -Tag Learning {
        $seq = Import-Dataset TestDrive:/series.csv | ConvertTo-Sequence -Window 10 -Target y -Column x, y
        $model = $seq | Start-Training -Model (New-RecurrentNet -Cell GRU -HiddenSize 16) -Epochs 25 -LearningRate 0.01 -Seed (Get-LearningSeed 1)
        $report = $model | Test-Model -Data (Import-Dataset TestDrive:/series-test.csv)
        $report | Should -BeOfType ([DeepStats.Core.Evaluation.RegressionReport])
        $report.Count | Should -Be (100 - 10)
        Assert-LearningAbove 'Pester: GRU forecast' 'R²' $report.RSquared 0.9   # sweep: 0.9999-1.0000; predicting the mean gives 0
        $report.RmseLower | Should -BeLessOrEqual $report.Rmse
    }

    It 'counts LSTM parameters as computed by hand' {
        # LSTM(2 -> 8): 4*8*(2+8) + 2*4*8 = 384; head 8 -> 1: 9
        $seq = Import-Dataset TestDrive:/series.csv | ConvertTo-Sequence -Window 5 -Target y -Column x, y
        $model = $seq | Start-Training -Model (New-RecurrentNet -HiddenSize 8) -Epochs 1
        $model.Summary.TotalParameters | Should -Be 393
    }

    It 'explains a window longer than the series' {
        { Import-Dataset TestDrive:/series-test.csv | ConvertTo-Sequence -Window 200 -Target y } |
            Should -Throw -ErrorId 'SeriesTooShort,DeepStats.Commands.ConvertToSequenceCommand' -ExpectedMessage '*100 rows*window of 200*'
    }

    It 'refuses a recurrent net on images in one line' {
        { Import-Dataset -Sample FashionMnist -Subset Test | Start-Training -Model (New-RecurrentNet) -Epochs 1 } |
            Should -Throw -ErrorId 'ModelShapeMismatch,DeepStats.Commands.StartTrainingCommand' -ExpectedMessage '*expects a sequence (steps x features)*ConvertTo-Sequence*'
    }
}
