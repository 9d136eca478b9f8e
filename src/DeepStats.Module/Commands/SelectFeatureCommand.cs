using System.Management.Automation;
using DeepStats.Core.Data;
using DeepStats.Core.Preprocessing;

namespace DeepStats.Commands;

/// <summary>
/// <para type="synopsis">Keeps the table columns that score best against the target (variance, correlation, ANOVA F or mutual information), with a report per feature.</para>
/// <para type="description">Scores every numeric and boolean column on the input rows: Variance (population variance; no target needed; keeps columns above -Threshold, 0 by default, so constant columns go), Correlation (|Pearson r| with a numeric target), AnovaF (one-way ANOVA F across the classes; F-regression for a numeric target) or MutualInformation (nats, the estimators of scikit-learn's mutual_info_classif / mutual_info_regression: k-nearest-neighbour KSG (Kraskov et al. 2004) for a numeric feature and a numeric target, Ross (2014) for a numeric and a discrete one, the plug-in formula for a boolean feature and a class target; numeric variables are scaled to unit variance and get a tiny noise, 1e-10 of their scale, drawn from -Seed, so tied values, which real tables have, do not make the estimators degenerate; a constant column scores 0). The same -Seed gives the same scores; on heavily tied, nearly uninformative columns single scores vary with the seed by a few hundredths of a nat, as scikit-learn's do with random_state. -Top k keeps the k best scores, -Threshold t those above t. Categorical columns pass through unscored. P-values (Correlation, AnovaF) are adjusted across the features, Benjamini-Hochberg by default or Bonferroni with -Adjustment. The output is the dataset without the dropped columns; its FeatureReport property lists every feature with score, p-value, adjusted p-value, rank, kept or dropped and why. The selection is a recipe like ConvertTo-Standardized: it travels with the data and the model, and Start-Training, Split-Dataset and cross-validation folds refit it on their training rows only. It composes with ConvertTo-Standardized and ConvertTo-Imputed in any order: a model keeps the raw columns' schema and takes new data through every step in order, so standardize-then-select models predict on raw files.</para>
/// </summary>
/// <example><code>$d = Import-Dataset -Sample Penguins -DropMissing | Select-Feature -Method AnovaF -Top 2; $d.FeatureReport | Format-Table</code><para>Keeps the two columns with the largest ANOVA F across the species and shows the report.</para></example>
/// <example><code>Import-Dataset -Sample Penguins -DropMissing | Select-Feature -Method MutualInformation -Threshold 0.3 | Start-Training -Epochs 2</code><para>Trains on the columns sharing more than 0.3 nats with the species; the selection is refitted on the training rows.</para></example>
[Cmdlet(VerbsCommon.Select, "Feature")]
[OutputType(typeof(Dataset))]
public sealed class SelectFeatureCommand : DeepStatsCmdlet
{
    /// <summary><para type="description">The dataset whose columns to select.</para></summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
    public Dataset Data { get; set; } = null!;

    /// <summary><para type="description">Variance, Correlation, AnovaF or MutualInformation.</para></summary>
    [Parameter(Mandatory = true, Position = 1)]
    public FeatureSelectionMethod Method { get; set; }

    /// <summary><para type="description">Keep the k best-scoring features.</para></summary>
    [Parameter] [ValidateRange(1, int.MaxValue)] public int? Top { get; set; }

    /// <summary><para type="description">Keep the features scoring above this value.</para></summary>
    [Parameter] public double? Threshold { get; set; }

    /// <summary><para type="description">Multiple-testing adjustment of the p-values: BenjaminiHochberg (default) or Bonferroni.</para></summary>
    [Parameter] public PValueAdjustment Adjustment { get; set; } = PValueAdjustment.BenjaminiHochberg;

    /// <summary><para type="description">Neighbours of the mutual-information estimators (default 3, as scikit-learn).</para></summary>
    [Parameter] [ValidateRange(1, 100)] public int Neighbors { get; set; } = 3;

    /// <summary><para type="description">Seed of the tie-breaking noise of MutualInformation (default 0): the same seed gives the same scores.</para></summary>
    [Parameter] public int Seed { get; set; } = Core.Statistics.FeatureScores.DefaultSeed;

    protected override void ProcessRecord()
    {
        var recipe = new SelectFeaturesRecipe { Method = Method, Top = Top, Threshold = Threshold, Adjustment = Adjustment, Neighbors = Neighbors, Seed = Seed };
        var result = Run(() => PreprocessingPipeline.Fit(Data, recipe));
        var state = (FeatureSelection)result.Transforms[^1];
        WriteVerbose(state.ToString());
        foreach (var r in state.Report.Where(r => !r.Kept)) WriteVerbose($"Dropped '{r.Name}': {r.Reason}.");
        var output = PSObject.AsPSObject(result);
        output.Properties.Add(new PSNoteProperty("FeatureReport", state.Report));
        WriteObject(output);
    }
}
