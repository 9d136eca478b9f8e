using DeepStats.Core.Data;

namespace DeepStats.Core.Preprocessing;

/// <summary>
/// Fits recipes onto datasets and refits a dataset's pipeline on training rows. A dataset remembers
/// its recipes and the data before them (<see cref="Dataset.Recipes"/>, <see cref="Dataset.Unfitted"/>,
/// a view: nothing is copied); <see cref="RefitOn"/> fits each recipe again, in order, on the
/// training rows only and applies the new states to every row. Transforms applied without a recipe
/// (a state taken from -Reference, sequence windows) end the refittable part: what comes before them
/// stays as it was fitted.
/// </summary>
public static class PreprocessingPipeline
{
    /// <summary>Fits <paramref name="recipe"/> on <paramref name="rows"/> of <paramref name="data"/> (all rows when null),
    /// applies the state to every row and records the recipe in the data's pipeline.</summary>
    public static Dataset Fit(Dataset data, Recipe recipe, int[]? rows = null)
    {
        var state = recipe.Fit(new DatasetView(data, rows));
        return Append(data, recipe, state);
    }

    private static Dataset Append(Dataset data, Recipe recipe, FittedState state)
    {
        var applied = state.Apply(data);
        var unfitted = data.Recipes.Count > 0 ? data.Unfitted : new DatasetView(data);
        return applied.WithRecipes(unfitted, data.Recipes.Append(recipe).ToArray());
    }

    /// <summary>
    /// The data with every recipe of its pipeline fitted again on <paramref name="trainRows"/> only
    /// (in order: each recipe sees the training rows as the recipes before it left them), applied to
    /// all rows. Data without recipes is returned as it is, and so is data when the rows are all of
    /// them (the fits would not change). Row i of the result is row i of <paramref name="data"/>.
    /// </summary>
    public static Dataset RefitOn(Dataset data, int[] trainRows)
    {
        if (data.Recipes.Count == 0 || data.Unfitted is not { } unfitted) return data;
        if (IsEveryRow(trainRows, data.RowCount)) return data;
        var current = unfitted.Materialize();
        var old = data.Transforms.Skip(data.Transforms.Count - data.Recipes.Count).ToArray();
        var baseData = current;
        for (int i = 0; i < data.Recipes.Count; i++)
        {
            var state = data.Recipes[i].Fit(new DatasetView(current, trainRows));
            state.RefitOf = old[i].Id;
            current = state.Apply(current).WithRecipes(new DatasetView(baseData), data.Recipes.Take(i + 1).ToArray());
        }
        return current;
    }

    /// <summary>For -Verbose: which recipes were refitted on how many rows.</summary>
    public static string Describe(Dataset refitted, int trainRows, int heldOut) => Describe(refitted.Recipes, trainRows, heldOut);

    /// <summary>For -Verbose: which of a model's recipes were refitted on its training rows.</summary>
    public static string Describe(Training.TrainedModel model, int trainRows, int heldOut) => Describe(model.Recipes, trainRows, heldOut);

    private static string Describe(IReadOnlyList<Recipe> recipes, int trainRows, int heldOut) =>
        $"Refitted the preprocessing ({string.Join(" | ", recipes.Select(r => r.ToString()))}) on the {trainRows} training rows; " +
        $"the {heldOut} held-out rows were not used to fit it.";

    private static bool IsEveryRow(int[] rows, int n)
    {
        if (rows.Length != n) return false;
        for (int i = 0; i < n; i++) if (rows[i] != i) return false;
        return true;
    }
}
