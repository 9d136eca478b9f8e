using System.Management.Automation;
using DeepStats.Core;
using DeepStats.Core.Data;
using DeepStats.Core.Preprocessing;
using DeepStats.Core.Training;

namespace DeepStats.Commands;

/// <summary>
/// <para type="synopsis">Standardizes numeric features (z-score, min-max or robust), keeping the fitted parameters and the recipe with the data.</para>
/// <para type="description">Without -Reference, fits the centre and scale of each numeric column on the input and applies them: ZScore (default; mean and sample standard deviation, n - 1), MinMax (minimum and range: the fitted rows map to [0, 1]) or Robust (median and interquartile range, quantiles by Hyndman-Fan type 7 as numpy and scikit-learn). -Column limits it to some columns (names or wildcards). Images get one centre and scale per channel, sequences one per feature. A column that is constant in the fit maps to 0, with a warning. The fitted transform and its recipe travel with the dataset and with the model trained on it: Start-Training, Split-Dataset and cross-validation folds refit it on their training rows only, so held-out rows never shape it; test data gets the model's parameters and is never refitted. With -Reference (a standardized dataset, a trained model or a standardizer), applies those fitted parameters instead of fitting new ones: a frozen step, applied as given and never refitted (the leakage check of Test-Model labels it frozen). Steps compose in any order with ConvertTo-Imputed and Select-Feature: a model aligns new data to the raw columns and applies every step in order, so a column a later Select-Feature drops is still there for the standardizer.</para>
/// </summary>
/// <example><code>$train = Import-Dataset -Sample Penguins -DropMissing | ConvertTo-Standardized</code><para>Fits z-scores; Start-Training refits them on its training rows.</para></example>
/// <example><code>Import-Dataset -Sample Penguins -DropMissing | ConvertTo-Standardized -Method Robust -Column bill_* -Verbose</code><para>Median/IQR scaling of the two bill columns only, stating the conventions.</para></example>
/// <example><code>$m = Import-Dataset -Sample Penguins -DropMissing | Start-Training -Epochs 2; Import-Dataset -Sample Penguins -DropMissing | ConvertTo-Standardized -Reference $m</code><para>Applies a model's fitted standardizer to other data.</para></example>
[Cmdlet(VerbsData.ConvertTo, "Standardized")]
[OutputType(typeof(Dataset))]
public sealed class ConvertToStandardizedCommand : DeepStatsCmdlet
{
    /// <summary><para type="description">The dataset to standardize.</para></summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
    public Dataset Data { get; set; } = null!;

    /// <summary><para type="description">ZScore (default), MinMax or Robust.</para></summary>
    [Parameter]
    public StandardizeMethod Method { get; set; } = StandardizeMethod.ZScore;

    /// <summary><para type="description">Numeric columns to standardize (names or wildcard patterns); all numeric columns when omitted.</para></summary>
    [Parameter]
    [ArgumentCompleter(typeof(ColumnNameCompleter))]
    public string[]? Column { get; set; }

    /// <summary><para type="description">A standardized dataset, a trained model or a standardizer whose fitted standardizer (the first one it carries) is applied as given instead of fitting a new one: a frozen step, never refitted.</para></summary>
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
        if (Reference is not null)
        {
            var transforms = (Reference is PSObject ps ? ps.BaseObject : Reference) switch
            {
                Dataset d => d.Transforms,
                TrainedModel m => m.Transforms,
                Standardizer s => new FittedState[] { s },
                var other => null,
            };
            var found = transforms?.OfType<Standardizer>().FirstOrDefault();
            if (found is null)
            {
                Fail(ErrorIds.ReferenceNotStandardized, System.Management.Automation.ErrorCategory.InvalidArgument,
                    "-Reference must be a standardized dataset, a trained model or a standardizer; this one carries no fitted standardizer.", Reference);
                return;
            }
            WriteVerbose(found.ToString());
            WriteVerbose("Applied as given: a frozen step, never refitted by Start-Training, Split-Dataset or cross-validation.");
            WriteObject(Run(() => found.Apply(Data)));
            return;
        }
        var result = Run(() => PreprocessingPipeline.Fit(Data, new StandardizeRecipe(Method, Column)));
        var standardizer = (Standardizer)result.Transforms[^1];
        foreach (var c in standardizer.ConstantColumns)
            WriteWarning($"Column '{c}' is constant in the fitted rows (scale 0): it is set to 0 everywhere.");
        WriteVerbose(standardizer.ToString());
        WriteObject(result);
    }
}
