using DeepStats.Core.Data;
using DeepStats.Core.Training;

namespace DeepStats.Core.Preprocessing;

/// <summary>How many rows of some data one fitted step (a preprocessing state, or the network) was fitted on.
/// <paramref name="Note"/> says why a step was not looked up (its rows cannot be in the data), else null.</summary>
public sealed record FitOverlap(string Fit, int Overlapping, double ExpectedByChance, string? Note = null);

/// <summary>What <see cref="LeakageGuard.Overlap"/> found: per fitted state and for the network, how many of the data's rows they were fitted on.</summary>
public sealed record LeakageReport(int Rows, IReadOnlyList<FitOverlap> Fits)
{
    /// <summary>The largest overlap over the fits.</summary>
    public int Overlapping => Fits.Count == 0 ? 0 : Fits.Max(f => f.Overlapping);

    /// <summary>A warning to show when any row overlaps, else null.</summary>
    public string? Warning => Overlapping == 0 ? null :
        $"{Overlapping} of the {Rows} rows being evaluated were used to fit the model or its preprocessing " +
        $"({string.Join(", ", Fits.Where(f => f.Overlapping > 0).Select(f => $"{f.Fit}: {f.Overlapping}"))}): " +
        "scores on rows a model was fitted on are optimistic. Test on rows held out before fitting (Split-Dataset).";
}

/// <summary>
/// Counts rows of evaluation data that the model or its preprocessing was fitted on, from the row
/// fingerprints (Bloom filters) the fitted states and the model keep. Every filter hashes raw rows (the
/// data before the chain, <see cref="Dataset.Raw"/>), so each is looked up with the prepared data's own
/// raw rows: nothing is transformed again, and rows never collide through a column a step dropped.
/// A frozen step (a state taken from elsewhere with -Reference) is labelled so; its rows are counted
/// only where they can be in the data (its filter hashed data with the same raw columns), else it is
/// listed with a note. Steps before a windowing were fitted on time steps, not windows: not looked up.
/// A Bloom filter has no false negatives and about 2.4e-7 false positives per row.
/// </summary>
public static class LeakageGuard
{
    /// <param name="model">The model whose fits to look up.</param>
    /// <param name="data">Raw data, or data the model already prepared (<see cref="TrainedModel.Prepare"/>, reused as it is).</param>
    public static LeakageReport Overlap(TrainedModel model, Dataset data)
    {
        var prepared = model.Prepare(data);
        var rows = prepared.View();
        var fits = new List<FitOverlap>();
        for (int i = 0; i < model.Transforms.Count; i++)
        {
            var t = model.Transforms[i];
            if (t.Rows is not { } f) continue;
            bool frozen = i < model.Recipes.Count && model.Recipes[i] is FrozenRecipe;
            string name = frozen ? $"{t.Kind} (frozen: applied as given)" : t.Kind;
            if (i < prepared.RawStep)
                fits.Add(new FitOverlap(name, 0, 0, "fitted on the time steps before windowing, not on windows: not looked up"));
            else if (!f.Comparable(rows))
                fits.Add(new FitOverlap(name, 0, 0, "fitted on data with other raw columns: its rows cannot be in this data"));
            else
                fits.Add(new FitOverlap(name, f.CountContained(rows), f.ExpectedFalsePositives(prepared.RowCount)));
        }
        if (model.TrainingRowFilter is { } m)
            fits.Add(m.Comparable(rows)
                ? new FitOverlap("Model", m.CountContained(rows), m.ExpectedFalsePositives(prepared.RowCount))
                : new FitOverlap("Model", 0, 0, "trained on data with other raw columns: its rows cannot be in this data"));
        return new LeakageReport(prepared.RowCount, fits);
    }
}
