using DeepStats.Core.Data;
using DeepStats.Core.Preprocessing;

namespace DeepStats.Core.Evaluation;

/// <summary>
/// Refits, for each cross-validation fold, the fitted transforms the data carries (ConvertTo-Imputed,
/// ConvertTo-Standardized) on that fold's training rows, so nothing fitted on the whole data reaches
/// a fold's test rows. The data keeps the values each transform was applied to
/// (<see cref="Dataset.BeforeTransform"/>); the chain is walked back to them, refitted on the training
/// rows with the same options, and applied to the training rows; the test rows stay raw and get the
/// fold model's own fits through <see cref="Training.TrainedModel.Prepare"/>. Transforms that fit
/// nothing (sequence windows) are kept as they are; a fitted transform applied before them cannot be
/// refitted per fold and is refused. Data that carries preprocessing recipes (ConvertTo-Standardized,
/// ConvertTo-Imputed, Select-Feature) is refitted through <see cref="PreprocessingPipeline.RefitOn"/>,
/// so each recipe keeps its options (method, columns, strategy); the walk back through the fitted
/// transforms serves data whose transforms came without recipes.
/// </summary>
internal sealed class FoldPreprocessing
{
    private FoldPreprocessing(Dataset start, IReadOnlyList<IFittedTransform> chain, Dataset? withRecipes = null)
    {
        Start = start;
        Chain = chain;
        _withRecipes = withRecipes;
    }

    // the data as given, when its refittable transforms all come from recipes
    private readonly Dataset? _withRecipes;

    /// <summary>The data the refitted chain starts from: raw, or after transforms that fit nothing.</summary>
    public Dataset Start { get; }
    /// <summary>The transforms refitted per fold, in the order they were applied.</summary>
    public IReadOnlyList<IFittedTransform> Chain { get; }

    public static FoldPreprocessing For(Dataset data)
    {
        if (data.Recipes.Count > 0 && data.Unfitted is { } unfitted)
        {
            var start = unfitted.Materialize();
            if (start.Transforms.FirstOrDefault(t => t is not SequenceWindows) is { } applied)
                throw CannotRefit(data, $"its {applied.Kind} transform was applied before its recipes and cannot be refitted on each fold's training rows");
            return new FoldPreprocessing(start, data.Transforms.Skip(data.Transforms.Count - data.Recipes.Count).ToArray(), data);
        }
        var chain = new List<IFittedTransform>();
        var d = data;
        while (d.Transforms.Count > 0)
        {
            var last = d.Transforms[^1];
            if (last is SequenceWindows) break; // deterministic: nothing was fitted, folds are cut after it
            if (last is not (Standardizer or Imputer))
                throw CannotRefit(data, $"it carries a {last.Kind} transform that cross-validation does not know how to refit on each fold's training rows");
            var before = d.BeforeTransform
                ?? throw CannotRefit(data, $"the values before its {last.Kind} transform were not kept, so it cannot be refitted on each fold's training rows");
            chain.Insert(0, last);
            d = before;
        }
        if (d.Transforms.FirstOrDefault(t => t is Standardizer or Imputer) is { } early)
            throw CannotRefit(data, $"its {early.Kind} transform was fitted on the whole series before it was cut into windows; " +
                "standardize or impute after ConvertTo-Sequence (or let training standardize) so each fold can be refitted");
        return new FoldPreprocessing(d, chain);
    }

    /// <summary>The fold's training rows (a view of the data: the trainer refits its recipes on them) and its test rows
    /// as they were before the chain.</summary>
    public (DatasetView Train, Dataset Test) Split(int[] trainRows, int[] testRows)
    {
        if (_withRecipes is not null)
            return (_withRecipes.View(trainRows), Start.Select(testRows));
        if (Chain.Count == 0) return (Start.View(trainRows), Start.Select(testRows));
        var train = Start.Select(trainRows);
        foreach (var t in Chain) train = Refit(t, train).Apply(train);
        return (train.View(), Start.Select(testRows));
    }

    /// <summary>The same transform, with the same options, fitted on <paramref name="rows"/>.</summary>
    public static IFittedTransform Refit(IFittedTransform fitted, Dataset rows) => fitted switch
    {
        Standardizer => Standardizer.Fit(rows),
        Imputer { Strategy: ImputeStrategy.Constant } constant => constant, // nothing is learnt from the rows
        Imputer i => Imputer.Fit(rows, i.Strategy, null, i.AddIndicators),
        _ => throw CannotRefit(rows, $"it carries a {fitted.Kind} transform that cross-validation does not know how to refit"),
    };

    private static DeepStatsException CannotRefit(Dataset data, string why) => new(ErrorIds.CrossValidationCannotRefit, FailureKind.InvalidData,
        $"Dataset '{data.Name}' cannot be cross-validated as it is: {why}. Pass the data before that transform.", data);
}
