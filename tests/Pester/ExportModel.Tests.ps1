BeforeAll {
    Import-Module $env:DEEPSTATS_MODULE -Force
    $lines = @('f1,colour,label')
    for ($i = 0; $i -lt 120; $i++) {
        $pos = $i % 2 -eq 0
        $jitter = (($i * 37) % 100) / 100.0
        $f1 = if ($pos) { 3 + $jitter } else { -3 - $jitter }
        $lines += "$f1,$(@('red', 'blue', 'green')[$i % 3]),$(if ($pos) { 'yes' } else { 'no' })"
    }
    $root = (Get-PSDrive TestDrive).Root
    Set-Content (Join-Path $root 'train.csv') ($lines -join "`n")
    $model = Import-Dataset (Join-Path $root 'train.csv') -Target label | Start-Training -Model (New-FeedForwardNet -Hidden 4) -Epochs 2 -Seed 5
}

Describe 'Export-Model -Format Onnx' {
    It 'writes an ONNX ModelProto (IR version 8 first) and returns the file with -PassThru' {
        $file = $model | Export-Model -Format Onnx -Path TestDrive:/m.onnx -PassThru
        $file | Should -BeOfType ([IO.FileInfo])
        $file.Length | Should -BeGreaterThan 100
        $bytes = [IO.File]::ReadAllBytes($file.FullName)
        # field 1 (ir_version), varint 8; then field 2 (producer_name) "DeepStats"
        $bytes[0..1] | Should -Be @(0x08, 0x08)
        [Text.Encoding]::UTF8.GetString($bytes, 4, 9) | Should -Be 'DeepStats'
    }

    It '-WhatIf writes nothing' {
        $model | Export-Model -Path TestDrive:/whatif.onnx -WhatIf
        Test-Path TestDrive:/whatif.onnx | Should -BeFalse
    }

    It '-NoClobber keeps an existing file: ExportFileExists' {
        Set-Content TestDrive:/kept.onnx 'old'
        { $model | Export-Model -Path TestDrive:/kept.onnx -NoClobber } | Should -Throw -ErrorId 'ExportFileExists,DeepStats.Commands.ExportModelCommand'
        Get-Content TestDrive:/kept.onnx | Should -Be 'old'
    }

    It 'replaces an existing file atomically without -NoClobber' {
        Set-Content TestDrive:/replaced.onnx 'old'
        $model | Export-Model -LiteralPath (Join-Path (Get-PSDrive TestDrive).Root 'replaced.onnx')
        (Get-Item TestDrive:/replaced.onnx).Length | Should -BeGreaterThan 100
        @(Get-ChildItem TestDrive:/ -Filter '*.saving').Count | Should -Be 0
    }

    It 'a folder that does not exist: FileWriteFailed naming the file' {
        { $model | Export-Model -Path TestDrive:/missing/m.onnx } | Should -Throw -ErrorId 'FileWriteFailed,DeepStats.Commands.ExportModelCommand'
    }
}
