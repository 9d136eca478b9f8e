using System.Management.Automation;
using DeepStats.Core;
using DeepStats.Core.Data;
using DeepStats.Core.Preprocessing;
using DeepStats.Core.Training;

namespace DeepStats.Commands;

/// <summary>
/// <para type="synopsis">Standardizes numeric features to z-scores, keeping the fitted means and standard deviations with the data.</para>
/// <para type="description">Without -Reference, fits mean and sample standard deviation (n - 1) on the input and applies them: use this on training data. The fitted transform travels with the dataset and with the model trained on it, so test data gets the training parameters and is never refitted. With -Reference (a standardized dataset or a trained model), applies those fitted parameters instead of fitting new ones. Images get one mean and standard deviation per channel. A constant column is only centred, with a warning.</para>
/// </summary>
/// <example><code>$train = Import-Dataset ./penguins.csv -Target species -DropMissing | ConvertTo-Standardized</code><para>Fits the standardization on the training data.</para></example>
/// <example><code>$s = Import-Dataset ./penguins.csv -Target species -DropMissing | Split-Dataset; $train = $s.Train | ConvertTo-Standardized; $test = $s.Test | ConvertTo-Standardized -Reference $train</code><para>Applies the training parameters to the test data.</para></example>
[Cmdlet(VerbsData.ConvertTo, "Standardized")]
[OutputType(typeof(Dataset))]
public sealed class ConvertToStandardizedCommand : DeepStatsCmdlet
{
    /// <summary><para type="description">The dataset to standardize.</para></summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
    public Dataset Data { get; set; } = null!;

    /// <summary><para type="description">A dataset or trained model whose fitted standardizer is applied instead of fitting a new one.</para></summary>
    [Parameter]
    public object? Reference { get; set; }

    protected override void ProcessRecord()
    {
        if (Data.Transforms.OfType<Standardizer>().Any() && Reference is null)
        {
            WriteWarning($"Dataset '{Data.Name}' is already standardized; it is passed on unchanged.");
            WriteObject(Data);
            return;
        }
        Standardizer standardizer;
        if (Reference is not null)
        {
            var transforms = (Reference is PSObject ps ? ps.BaseObject : Reference) switch
            {
                Dataset d => d.Transforms,
                TrainedModel m => m.Transforms,
                Standardizer s => new IFittedTransform[] { s },
                var other => null,
            };
            var found = transforms?.OfType<Standardizer>().FirstOrDefault();
            if (found is null)
            {
                Fail(ErrorIds.ReferenceNotStandardized, System.Management.Automation.ErrorCategory.InvalidArgument,
                    "-Reference must be a standardized dataset, a trained model or a standardizer; this one carries no fitted standardizer.", Reference);
                return;
            }
            standardizer = found;
        }
        else
        {
            standardizer = Run(() => Standardizer.Fit(Data));
            foreach (var c in standardizer.ConstantColumns)
                WriteWarning($"Column '{c}' is constant (standard deviation 0): it is centred but not scaled.");
        }
        WriteVerbose(standardizer.ToString());
        WriteObject(Run(() => standardizer.Apply(Data)));
    }
}
