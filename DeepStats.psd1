@{
    RootModule           = 'DeepStats.dll'
    ModuleVersion        = '0.1.0'
    GUID                 = '5b0f7a8e-3c1d-4e8a-9f3b-2d6c1e7a4b90'
    Author               = 'DeepStats'
    CompanyName          = 'DeepStats'
    Copyright            = '(c) DeepStats. MIT licence.'
    Description          = 'Deep-learning training with statistical rigour from PowerShell: typed datasets, exact statistics, shape-checked networks on TorchSharp, accuracy with confidence intervals.'
    PowerShellVersion    = '7.4'
    CompatiblePSEditions = @('Core')
    FormatsToProcess     = @('DeepStats.format.ps1xml')
    ScriptsToProcess     = @('DeepStats.ShouldOperators.ps1')
    CmdletsToExport      = @(
        'Import-Dataset'
        'ConvertTo-Dataset'
        'Split-Dataset'
        'ConvertTo-Imputed'
        'Get-DatasetStatistics'
        'ConvertTo-Standardized'
        'New-ConvNet'
        'New-FeedForwardNet'
        'New-RecurrentNet'
        'ConvertTo-Sequence'
        'Start-Training'
        'Test-Model'
        'Select-Feature'
        'New-Augmentation'
        'Save-Model'
        'Export-Model'
        'Import-Model'
        'Invoke-Prediction'
        'Compare-Model'
        'Compare-DatasetSchema'
        'Test-DataDrift'
        'Join-Dataset'
        'Export-Chart'
        'Export-ModelReport'
        'Invoke-CrossValidation'
        'Invoke-HyperparameterSearch'
        'Join-CrossValidation'
    )
    FunctionsToExport    = @()
    AliasesToExport      = @()
    VariablesToExport    = @()
    PrivateData          = @{
        PSData = @{
            Tags       = @('DeepLearning', 'Statistics', 'TorchSharp', 'MachineLearning')
            LicenseUri = 'https://opensource.org/licenses/MIT'
        }
    }
}
