using DeepStats.Core.Data;
using DeepStats.Core.Training;

namespace DeepStats.Core.Preprocessing;

/// <summary>How many rows of some data one fitted step (a preprocessing state, or the network) was fitted on.</summary>
public sealed record FitOverlap(string Fit, int Overlapping, double ExpectedByChance);

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
/// fingerprints (Bloom filters) the fitted states and the model keep. Each state's filter is looked
/// up with the data as that state saw it (after the states before it); the network's with the data as
/// the network sees it. A Bloom filter has no false negatives and about 2.4e-7 false positives per row.
/// </summary>
public static class LeakageGuard
{
    public static LeakageReport Overlap(TrainedModel model, Dataset data)
    {
        var current = model.InputSchema is { } input && input.Kind == data.Kind ? input.Align(data) : data;
        var fits = new List<FitOverlap>();
        // transforms the data already carries (a prefix of the model's, as TransformPipeline checks) were applied before: start after them
        for (int i = current.Transforms.Count; i < model.Transforms.Count; i++)
        {
            var t = model.Transforms[i];
            if (t is FittedState { Rows: { } f })
                fits.Add(new FitOverlap(t.Kind, f.CountContained(current.View()), f.ExpectedFalsePositives(current.RowCount)));
            current = t.Apply(current);
        }
        if (model.TrainingRowFilter is { } m)
        {
            var prepared = model.Schema.Align(current);
            fits.Add(new FitOverlap("Model", m.CountContained(prepared.View()), m.ExpectedFalsePositives(prepared.RowCount)));
        }
        return new LeakageReport(current.RowCount, fits);
    }
}
