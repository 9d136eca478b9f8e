using System.Management.Automation;
using DeepStats.Core;
using DeepStats.Core.Data;
using DeepStats.Core.Preprocessing;
using DeepStats.Core.Training;

namespace DeepStats.Commands;

/// <summary>
/// <para type="synopsis">Fills missing values with fill values fitted on training data, keeping the fitted imputer with the data.</para>
/// <para type="description">Without -Reference, fits one fill value per column on the input (use it on the training rows only) and applies it: Mean or Median for numeric columns (categorical and boolean columns get their most frequent level), MostFrequent, or Constant (-Value). -AddIndicator adds a 0/1 column name_missing for each column that had missing values, so a model can tell imputed values apart. The fitted imputer and its recipe travel with the dataset and with the model trained on it, like ConvertTo-Standardized: Start-Training, Split-Dataset and cross-validation folds refit it on their training rows only; with -Reference (an imputed dataset, a trained model or an imputer) the fill values are applied as given, a frozen step never refitted on any rows. The named verb pair ConvertTo-Imputed / ConvertTo-Standardized reads as the pipeline it builds. The target is never imputed.</para>
/// </summary>
/// <example><code>$split = Import-Dataset ./penguins.csv -Target species | Split-Dataset; $train = $split.Train | ConvertTo-Imputed -Strategy Median -AddIndicator</code><para>Fits median imputation on the training rows only.</para></example>
/// <example><code>$split = Import-Dataset ./penguins.csv -Target species | Split-Dataset; $train = $split.Train | ConvertTo-Imputed; $test = $split.Test | ConvertTo-Imputed -Reference $train</code><para>Fills the test rows with the means fitted on the training rows.</para></example>
[Cmdlet(VerbsData.ConvertTo, "Imputed", DefaultParameterSetName = FitSet)]
[OutputType(typeof(Dataset))]
public sealed class ConvertToImputedCommand : DeepStatsCmdlet
{
    private const string FitSet = "Fit", ReferenceSet = "Reference";

    /// <summary><para type="description">The dataset whose missing values to fill.</para></summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
    public Dataset Data { get; set; } = null!;

    /// <summary><para type="description">Mean (default), Median, MostFrequent or Constant.</para></summary>
    [Parameter(ParameterSetName = FitSet)]
    public ImputeStrategy Strategy { get; set; } = ImputeStrategy.Mean;

    /// <summary><para type="description">The fill value of the Constant strategy (a number for numeric columns, an existing level for categorical ones).</para></summary>
    [Parameter(ParameterSetName = FitSet)]
    public object? Value { get; set; }

    /// <summary><para type="description">Adds a 0/1 indicator column (name_missing) for each column that had missing values in the fit.</para></summary>
    [Parameter(ParameterSetName = FitSet)]
    public SwitchParameter AddIndicator { get; set; }

    /// <summary><para type="description">An imputed dataset, a trained model or an imputer whose fitted fill values (its first imputer) are applied as given instead of fitting new ones: a frozen step, never refitted.</para></summary>
    [Parameter(Mandatory = true, ParameterSetName = ReferenceSet)]
    public object Reference { get; set; } = null!;

    protected override void ProcessRecord()
    {
        Imputer imputer;
        if (ParameterSetName == ReferenceSet)
        {
            var transforms = (Reference is PSObject ps ? ps.BaseObject : Reference) switch
            {
                Dataset d => d.Transforms,
                TrainedModel m => m.Transforms,
                Imputer i => new FittedState[] { i },
                _ => null,
            };
            var found = transforms?.OfType<Imputer>().FirstOrDefault();
            if (found is null)
            {
                Fail(ErrorIds.ReferenceNotImputed, ErrorCategory.InvalidArgument,
                    "-Reference must be an imputed dataset, a trained model or an imputer; this one carries no fitted imputer.", Reference);
                return;
            }
            imputer = found;
        }
        else
        {
            if (Data.Transforms.OfType<Imputer>().Any())
            {
                WriteWarning($"Dataset '{Data.Name}' is already imputed; it is passed on unchanged.");
                WriteObject(Data);
                return;
            }
            var value = Value is PSObject pv ? pv.BaseObject : Value;
            var recipe = new ImputeRecipe
            {
                Strategy = Strategy, AddIndicators = AddIndicator,
                Constant = value is bool b ? (b ? "true" : "false") : value is null ? null : Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture),
            };
            var result = Run(() => PreprocessingPipeline.Fit(Data, recipe));
            Report((Imputer)result.Transforms[^1]);
            WriteObject(result);
            return;
        }
        Report(imputer);
        WriteVerbose("Applied as given: a frozen step, never refitted by Start-Training, Split-Dataset or cross-validation.");
        WriteObject(Run(() => imputer.Apply(Data)));
    }

    private void Report(Imputer imputer)
    {
        WriteVerbose(imputer.ToString());
        foreach (var p in imputer.Parameters.Where(p => p.MissingInFit > 0))
            WriteVerbose($"Column '{p.Name}': {p.MissingInFit} missing in the fit, filled with {p.Value}.");
    }
}
