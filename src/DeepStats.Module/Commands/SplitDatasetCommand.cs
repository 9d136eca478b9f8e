using System.Management.Automation;
using DeepStats.Core.Data;

namespace DeepStats.Commands;

/// <summary>
/// <para type="synopsis">Splits a dataset into train / validation / test parts, or makes k-fold cross-validation folds.</para>
/// <para type="description">Holdout: -TestFraction (default 0.2) and -ValidationFraction (default 0) of the rows are set aside, stratified by the target's classes (each class contributes its share; rows with a missing label form a group of their own), the rest is training data; the result has Train, Validation and Test datasets and their row indices; preprocessing recipes the data carries are refitted on the training rows only (-Verbose says so; steps given with -Reference are frozen and applied as given), and every part is cut from that refitted data, so the test part carries the training fits and a model trained on the Train part takes it (or the raw test rows) through its own fits. K-fold: -Folds k gives k fold objects, each with TrainRows/TestRows and Train/Test datasets (the recipes refitted on the fold's training rows when first read); every row is tested exactly once; stratified by the target by default, or grouped with -GroupBy so rows sharing a value (a patient, a site) never appear on both sides (stratified within the groups where they allow, unless -NoStratify). Seeded (-Seed, default 1): the same seed gives the same split. -NoStratify draws rows at random. A class too small for the split (a single row, or fewer rows than folds) gets a warning naming it: a part that lacks it never evaluates it.</para>
/// </summary>
/// <example><code>$s = Import-Dataset ./penguins.csv -Target species | Split-Dataset -ValidationFraction 0.15 -TestFraction 0.15 -Seed 42; $s.Train</code><para>A stratified 70/15/15 split.</para></example>
/// <example><code>Import-Dataset ./penguins.csv -Target species | Split-Dataset -Folds 3 -GroupBy island</code><para>Three folds in which no island is in both the training and the test rows (grouping works the same for patients or sites).</para></example>
[Cmdlet(VerbsCommon.Split, "Dataset", DefaultParameterSetName = HoldoutSet)]
[OutputType(typeof(DatasetSplit), ParameterSetName = new[] { HoldoutSet })]
[OutputType(typeof(DatasetFold), ParameterSetName = new[] { FoldSet })]
public sealed class SplitDatasetCommand : DeepStatsCmdlet
{
    private const string HoldoutSet = "Holdout", FoldSet = "KFold";

    /// <summary><para type="description">The dataset to split.</para></summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
    public Dataset Data { get; set; } = null!;

    /// <summary><para type="description">Fraction of rows for the test part (0 to below 1; default 0.2).</para></summary>
    [Parameter(ParameterSetName = HoldoutSet)]
    [ValidateRange(0.0, 0.99)]
    public double TestFraction { get; set; } = 0.2;

    /// <summary><para type="description">Fraction of rows for the validation part (default 0).</para></summary>
    [Parameter(ParameterSetName = HoldoutSet)]
    [ValidateRange(0.0, 0.99)]
    public double ValidationFraction { get; set; }

    /// <summary><para type="description">Number of cross-validation folds (at least 2).</para></summary>
    [Parameter(Mandatory = true, ParameterSetName = FoldSet)]
    [ValidateRange(2, int.MaxValue)]
    public int Folds { get; set; }

    /// <summary><para type="description">K-fold: a column whose rows stay together in one fold (grouped cross-validation).</para></summary>
    [Parameter(ParameterSetName = FoldSet)]
    public string? GroupBy { get; set; }

    /// <summary><para type="description">The random seed (default 1); the same seed gives the same split.</para></summary>
    [Parameter]
    public int Seed { get; set; } = 1;

    /// <summary><para type="description">Draws rows at random instead of stratifying by the target's classes.</para></summary>
    [Parameter]
    public SwitchParameter NoStratify { get; set; }

    protected override void ProcessRecord()
    {
        if (ParameterSetName == FoldSet)
        {
            var folds = Run(() => DatasetSplitter.KFold(Data, Folds, Seed, !NoStratify, GroupBy, WriteWarning));
            WriteVerbose($"{Folds} folds of '{Data.Name}' ({folds[0].Strategy}, seed {Seed}).");
            if (Data.Recipes.Count > 0)
                WriteVerbose($"Each fold refits the data's preprocessing ({string.Join(" | ", Data.Recipes)}) on its training rows only when its Train, Test or Data is read.");
            foreach (var f in folds) WriteObject(f);
            return;
        }
        var split = Run(() => DatasetSplitter.Split(Data, ValidationFraction, TestFraction, Seed, !NoStratify, WriteWarning));
        WriteVerbose($"Split '{Data.Name}': {split.TrainCount} train, {split.ValidationCount} validation, {split.TestCount} test ({(split.Stratified ? "stratified" : "random")}, seed {Seed}).");
        if (split.Refitted)
            WriteVerbose(DeepStats.Core.Preprocessing.PreprocessingPipeline.Describe(split.Data, split.TrainCount, split.ValidationCount + split.TestCount));
        WriteObject(split);
    }
}
