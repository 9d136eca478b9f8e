using System.Text.Json.Serialization;
using DeepStats.Core.Data;
using DeepStats.Core.Statistics;

namespace DeepStats.Core.Preprocessing;

/// <summary>One feature's line in a selection report: its score, p-value (raw and adjusted; null when the method has none), rank and whether it was kept, and why.</summary>
[JsonNumberHandling(JsonNumberHandling.AllowNamedFloatingPointLiterals)]
public sealed record FeatureScore(string Name, double Score, double? PValue, double? AdjustedPValue, int? Rank, bool Kept, string Reason);

/// <summary>
/// The recipe of <see cref="FeatureSelection"/>: the scoring method, and keep the <see cref="Top"/>
/// best scores or those above <see cref="Threshold"/> (Variance: above 0 by default, dropping constant
/// columns). <see cref="Neighbors"/> is the k of the mutual-information estimators (3, as scikit-learn), <see cref="Seed"/>
/// the seed of their tie-breaking noise (<see cref="FeatureScores.Jitter"/>).
/// </summary>
public sealed record SelectFeaturesRecipe : Recipe
{
    [JsonConverter(typeof(JsonStringEnumConverter<FeatureSelectionMethod>))]
    public FeatureSelectionMethod Method { get; init; }
    public int? Top { get; init; }
    [JsonNumberHandling(JsonNumberHandling.AllowNamedFloatingPointLiterals)]
    public double? Threshold { get; init; }
    [JsonConverter(typeof(JsonStringEnumConverter<PValueAdjustment>))]
    public PValueAdjustment Adjustment { get; init; } = PValueAdjustment.BenjaminiHochberg;
    public int Neighbors { get; init; } = 3;
    public int Seed { get; init; } = FeatureScores.DefaultSeed;
    [JsonIgnore] public override string Kind => "Select";

    public override FittedState Fit(DatasetView rows) => FeatureSelection.Fit(rows, this);

    public override string ToString() => $"Select {Method} " + (Top is { } t ? $"top {t}" : $"above {Threshold ?? 0}");
}

/// <summary>
/// Feature selection fitted on some rows: the numeric and boolean columns are scored against the
/// target (Variance needs none) and the best kept; categorical columns are passed through unscored
/// (their one-hot inputs are not single features). Scores: Variance (population variance, n, as
/// scikit-learn's VarianceThreshold), Correlation (|Pearson r|, numeric target, p from the t test of
/// r = 0), AnovaF (one-way ANOVA F over the classes, or F-regression for a numeric target, p from the
/// F distribution), MutualInformation (nats, k-NN estimators; boolean features with a class target by
/// the plug-in formula). P-values are adjusted across the scored features (Benjamini-Hochberg by
/// default, or Bonferroni); the selection itself follows -Top / -Threshold on the score, and the
/// report says for every feature whether it was kept and why.
/// </summary>
public sealed class FeatureSelection : FittedState
{
    [JsonConstructor]
    public FeatureSelection() { }

    [JsonIgnore] public override string Kind => "Select";
    [JsonConverter(typeof(JsonStringEnumConverter<FeatureSelectionMethod>))]
    public FeatureSelectionMethod Method { get; init; }
    [JsonConverter(typeof(JsonStringEnumConverter<PValueAdjustment>))]
    public PValueAdjustment Adjustment { get; init; }
    public IReadOnlyList<FeatureScore> Report { get; init; } = Array.Empty<FeatureScore>();
    /// <summary>Columns removed from the data.</summary>
    public IReadOnlyList<string> Dropped { get; init; } = Array.Empty<string>();
    [JsonIgnore] public IReadOnlyList<string> Kept => Report.Where(r => r.Kept).Select(r => r.Name).ToArray();

    public static FeatureSelection Fit(DatasetView view, SelectFeaturesRecipe recipe)
    {
        var data = view.Data;
        if (data.Kind != DatasetKind.Tabular)
            throw Bad(ErrorIds.FeatureSelectionNotTabular, $"Feature selection chooses table columns; '{data.Name}' holds {data.Kind.ToString().ToLowerInvariant()} data.", data);
        if (recipe.Top is < 1) throw Bad(ErrorIds.FeatureSelectionCriterion, $"-Top must be at least 1; got {recipe.Top}.", recipe.Top);
        if (recipe.Top is not null && recipe.Threshold is not null)
            throw Bad(ErrorIds.FeatureSelectionCriterion, "Give -Top or -Threshold, not both.", recipe);
        if (recipe.Top is null && recipe.Threshold is null && recipe.Method != FeatureSelectionMethod.Variance)
            throw Bad(ErrorIds.FeatureSelectionCriterion, $"Say how many features to keep: -Top k (the k best {recipe.Method} scores) or -Threshold t (scores above t).", recipe);
        if (recipe.Neighbors < 1) throw Bad(ErrorIds.FeatureSelectionCriterion, $"The number of neighbours must be at least 1; got {recipe.Neighbors}.", recipe.Neighbors);
        var target = data.Target;
        if (recipe.Method != FeatureSelectionMethod.Variance && target is null)
            throw Bad(ErrorIds.FeatureSelectionNeedsTarget, $"{recipe.Method} scores features against the target, and '{data.Name}' has none. Import it with -Target, or use -Method Variance.", data);
        if (recipe.Method == FeatureSelectionMethod.Correlation && target!.Kind != TargetKind.Regression)
            throw Bad(ErrorIds.FeatureSelectionNeedsTarget, $"Correlation needs a numeric target; '{target.Name}' holds classes. Use -Method AnovaF or MutualInformation.", target.Name);

        int n = view.Count;
        double[]? y = target?.Values is { } tv ? Gather(tv, view) : null;
        int[]? labels = target is { Kind: TargetKind.Classification } ? Gather(target.Labels, view) : null;
        var scored = new List<(string Name, double Score, double P)>();
        var passThrough = new List<string>();
        foreach (var col in data.Columns)
        {
            double[] x;
            if (col is NumericColumn num) x = view.Gather(num);
            else if (col is BooleanColumn b) x = Gather(b.Codes, view).Select(c => c < 0 ? double.NaN : c).ToArray();
            else { passThrough.Add(col.Name); continue; }
            double score, p = double.NaN;
            switch (recipe.Method)
            {
                case FeatureSelectionMethod.Variance:
                {
                    var m = Moments.Compute(x);
                    score = m.Count > 0 ? (m.Count > 1 ? m.SampleVariance * (m.Count - 1) / m.Count : 0) : double.NaN;
                    break;
                }
                case FeatureSelectionMethod.Correlation:
                {
                    var (r, count) = Correlation.Pearson(x, y!);
                    score = Math.Abs(r);
                    p = double.IsNaN(r) ? double.NaN : Correlation.PValue(r, count);
                    break;
                }
                case FeatureSelectionMethod.AnovaF when labels is not null:
                {
                    var a = OneWayAnova.Compute(x, labels, target!.ClassCount);
                    (score, p) = (a.F, a.PValue);
                    break;
                }
                case FeatureSelectionMethod.AnovaF:
                    (score, p, _) = FeatureScores.FRegression(x, y!);
                    break;
                default:
                    score = labels is not null
                        ? col is BooleanColumn bc ? FeatureScores.MutualInformationDiscrete(Gather(bc.Codes, view), labels)
                                                  : FeatureScores.MutualInformationContinuousDiscrete(x, labels, recipe.Neighbors, recipe.Seed)
                        : col is BooleanColumn bc2 ? FeatureScores.MutualInformationContinuousDiscrete(y!, Gather(bc2.Codes, view), recipe.Neighbors, recipe.Seed)
                                                   : FeatureScores.MutualInformationContinuous(x, y!, recipe.Neighbors, recipe.Seed);
                    break;
            }
            scored.Add((col.Name, score, p));
        }
        var pv = scored.Select(s => s.P).ToArray();
        var adjusted = recipe.Adjustment == PValueAdjustment.Bonferroni ? MultipleTesting.Bonferroni(pv) : MultipleTesting.BenjaminiHochberg(pv);
        // rank by score, best first (undefined scores last), ties in column order
        var order = Enumerable.Range(0, scored.Count).OrderBy(i => double.IsNaN(scored[i].Score) ? 1 : 0)
            .ThenByDescending(i => double.IsNaN(scored[i].Score) ? 0 : scored[i].Score).ThenBy(i => i).ToArray();
        var rank = new int[scored.Count];
        for (int r = 0; r < order.Length; r++) rank[order[r]] = r + 1;
        double threshold = recipe.Threshold ?? 0;
        var report = new List<FeatureScore>();
        for (int i = 0; i < scored.Count; i++)
        {
            var (name, score, p) = scored[i];
            bool kept;
            string reason;
            if (double.IsNaN(score)) { kept = false; reason = "score undefined (constant or no values in the fitted rows)"; }
            else if (recipe.Top is { } top)
            {
                kept = rank[i] <= top;
                reason = kept ? $"rank {rank[i]} of {scored.Count}, within the top {top}" : $"rank {rank[i]} of {scored.Count}, outside the top {top}";
            }
            else
            {
                kept = score > threshold;
                reason = kept ? $"score {score:G4} above the threshold {threshold:G4}" : $"score {score:G4} not above the threshold {threshold:G4}";
            }
            report.Add(new FeatureScore(name, score, double.IsNaN(p) ? null : p, double.IsNaN(adjusted[i]) ? null : adjusted[i], double.IsNaN(score) ? null : rank[i], kept, reason));
        }
        foreach (var name in passThrough)
            report.Add(new FeatureScore(name, double.NaN, null, null, null, true, "categorical: passed through unscored"));
        return new FeatureSelection
        {
            Method = recipe.Method, Adjustment = recipe.Adjustment, Report = report,
            Dropped = report.Where(r => !r.Kept).Select(r => r.Name).ToArray(),
            FittedOn = data.Fingerprint, RowCount = n, Rows = RowFilter.Of(view),
        };
    }

    private static T[] Gather<T>(T[] values, DatasetView view)
    {
        var r = new T[view.Count];
        for (int i = 0; i < r.Length; i++) r[i] = values[view.Row(i)];
        return r;
    }

    public override Dataset Apply(Dataset data)
    {
        if (data.Kind != DatasetKind.Tabular)
            throw Bad("TransformKindMismatch", $"This feature selection was fitted on table columns but '{data.Name}' holds {data.Kind.ToString().ToLowerInvariant()} data.", data);
        foreach (var k in Kept)
            if (data.GetColumn(k) is null)
                throw new DeepStatsException(ErrorIds.TransformSchemaMismatch, FailureKind.InvalidData,
                    $"Column '{k}', which this feature selection kept, is not in the data (its columns: {string.Join(", ", data.Columns.Select(c => c.Name))}).", k);
        var drop = new HashSet<string>(Dropped, StringComparer.OrdinalIgnoreCase);
        return data.WithTransformed(data.Columns.Where(c => !drop.Contains(c.Name)).ToArray(), null, this);
    }

    private static DeepStatsException Bad(string id, string message, object? target) => new(id, FailureKind.InvalidArgument, message, target);

    public override string ToString() =>
        $"Select {Method}: kept {Kept.Count} of {Report.Count} columns ({string.Join(", ", Kept)}), fitted on {RowCount} rows of {FittedOn}";
}
