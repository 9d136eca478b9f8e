BeforeAll {
    Import-Module $env:DEEPSTATS_MODULE -Force
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
