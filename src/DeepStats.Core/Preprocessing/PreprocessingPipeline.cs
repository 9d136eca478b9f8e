using DeepStats.Core.Data;

namespace DeepStats.Core.Preprocessing;

/// <summary>
/// The one place recipes are fitted into a dataset's chain and the one refit routine. A dataset carries
/// its raw data (<see cref="Dataset.Raw"/>, a view: nothing is copied) and its chain of steps
/// (<see cref="Dataset.Recipes"/> with <see cref="Dataset.Transforms"/>); <see cref="RefitOn"/> fits each
/// recipe again, in order, on the training rows only and applies the new states to every row.
/// Frozen steps (states taken from elsewhere with -Reference, sequence windows) are applied as given.
/// The rule every held-out split follows (Start-Training's validation split, Split-Dataset, each
/// cross-validation fold): the chain is refitted once, on the rows the network trains on. A fold hands
/// its training rows with the chain unrefitted to the trainer, whose validation holdout then leaves them
/// out of the one refit too.
/// </summary>
public static class PreprocessingPipeline
{
    /// <summary>Fits <paramref name="recipe"/> on <paramref name="rows"/> of <paramref name="data"/> (all rows when null),
    /// applies the state to every row and records the step in the data's chain.</summary>
    public static Dataset Fit(Dataset data, Recipe recipe, int[]? rows = null)
    {
        var state = recipe.Fit(new DatasetView(data, rows));
        return state.Apply(data).Recorded(recipe, rows is null && data.FittedOnItsRows);
    }

    /// <summary>
    /// The data with every recipe of its chain fitted again on <paramref name="trainRows"/> only (in order: each recipe sees the
    /// training rows as the steps before it left them), starting from the raw data and applied to all rows; frozen steps are applied
    /// as given. Data without a chain is returned as it is, and so is data whose chain was fitted on exactly its rows when the rows are
    /// all of them. Row i of the result is row i of <paramref name="data"/>. A step before a windowing that learned from the rows
    /// cannot be refitted on windows and is refused (<c>CrossValidationCannotRefit</c>).
    /// </summary>
    public static Dataset RefitOn(Dataset data, int[] trainRows)
    {
        if (data.Raw is not { } raw) return data;
        if (data.FittedOnItsRows && IsEveryRow(trainRows, data.RowCount)) return data;
        for (int i = 0; i < data.RawStep; i++)
            if (data.Recipes[i] is not FrozenRecipe)
                throw new DeepStatsException(ErrorIds.CrossValidationCannotRefit, FailureKind.InvalidData,
                    $"Dataset '{data.Name}' cannot be refitted on its training rows: its {data.Transforms[i].Kind} step was fitted on the whole series " +
                    "before it was cut into windows, so the held-out windows shaped it. Standardize or impute after ConvertTo-Sequence (or let " +
                    "Start-Training standardize) so the fit can be refitted on the training windows.", data);
        if (data.Recipes.Skip(data.RawStep).All(r => r is FrozenRecipe)) return data; // nothing to refit
        bool every = IsEveryRow(trainRows, data.RowCount);
        var current = raw.Materialize();
        for (int i = data.RawStep; i < data.Recipes.Count; i++)
        {
            var recipe = data.Recipes[i];
            var old = data.Transforms[i];
            var state = recipe.Fit(new DatasetView(current, trainRows));
            if (recipe is not FrozenRecipe) state.RefitOf = old.Family;
            current = state.Apply(current).Recorded(recipe, every);
        }
        return current;
    }

    /// <summary>For -Verbose: which recipes were refitted on how many rows.</summary>
    public static string Describe(Dataset refitted, int trainRows, int heldOut) => Describe(refitted.Recipes, trainRows, heldOut);

    /// <summary>For -Verbose: which of a model's recipes were refitted on its training rows.</summary>
    public static string Describe(Training.TrainedModel model, int trainRows, int heldOut) => Describe(model.Recipes, trainRows, heldOut);

    private static string Describe(IReadOnlyList<Recipe> recipes, int trainRows, int heldOut) =>
        $"Refitted the preprocessing ({string.Join(" | ", recipes.Select(r => r.ToString()))}) on the {trainRows} training rows; " +
        $"the {heldOut} held-out rows were not used to fit it" +
        (recipes.Any(r => r is FrozenRecipe) ? " (frozen steps are applied as given)." : ".");

    private static bool IsEveryRow(int[] rows, int n)
    {
        if (rows.Length != n) return false;
        for (int i = 0; i < n; i++) if (rows[i] != i) return false;
        return true;
    }
}
