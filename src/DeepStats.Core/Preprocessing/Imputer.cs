using System.Globalization;
using System.Text.Json.Serialization;
using DeepStats.Core.Data;

namespace DeepStats.Core.Preprocessing;

/// <summary>The fitted fill value of one column (<see cref="Number"/> for numeric columns, NaN otherwise; <see cref="Level"/> for categories).</summary>
[JsonNumberHandling(JsonNumberHandling.AllowNamedFloatingPointLiterals)]
public sealed record ImputeParameter(string Name, [property: JsonConverter(typeof(JsonStringEnumConverter<ColumnKind>))] ColumnKind Kind, double Number, string? Level, int MissingInFit)
{
    [JsonIgnore] public string Value => Kind == ColumnKind.Numeric ? Number.ToString("G6", CultureInfo.InvariantCulture) : Level ?? "";
}

/// <summary>
/// Fills missing values with parameters fitted on one dataset (the training rows) and applied,
/// unchanged, to any dataset with the same columns, like <see cref="Standardizer"/>: test data is
/// never used to compute the fill values. Optionally adds a 0/1 indicator column
/// (<c>name_missing</c>) per column that had missing values in the fit, so the model can tell
/// imputed values apart. The target is never imputed.
/// </summary>
public sealed class Imputer : FittedState
{
    internal override string? Problem() => Parameters is null || Parameters.Any(p => p is null) ? "the imputer has a missing parameter" : Parameters.FirstOrDefault(p => p.Kind == ColumnKind.Numeric ? double.IsNaN(p.Number) : p.Level is null) is { } bad
        ? $"the imputer's fill value of '{bad.Name}' is {(bad.Kind == ColumnKind.Numeric ? bad.Number.ToString(CultureInfo.InvariantCulture) : "missing")}"
        : null;

    [JsonConstructor]
    public Imputer() { }

    [JsonIgnore] public override string Kind => "Impute";
    [JsonConverter(typeof(JsonStringEnumConverter<ImputeStrategy>))]
    public ImputeStrategy Strategy { get; init; }
    public bool AddIndicators { get; init; }
    public IReadOnlyList<ImputeParameter> Parameters { get; init; } = Array.Empty<ImputeParameter>();

    public static Imputer Fit(Dataset data, ImputeStrategy strategy, object? constant = null, bool addIndicators = false) =>
        Fit(new DatasetView(data), strategy, constant, addIndicators);

    /// <summary>Fits fill values on the rows of a view (missing counts are those of the fitted rows).</summary>
    public static Imputer Fit(DatasetView view, ImputeStrategy strategy, object? constant = null, bool addIndicators = false)
    {
        var data = view.Data;
        if (data.Images is not null)
            throw new DeepStatsException(ErrorIds.TransformKindMismatch, FailureKind.InvalidArgument, "Images have no missing values to impute; imputation is for table columns.", data);
        if (strategy == ImputeStrategy.Constant && constant is null)
            throw new DeepStatsException(ErrorIds.ImputeConstantMissing, FailureKind.InvalidArgument, "The Constant strategy needs a value (-Value).", strategy);
        var list = new List<ImputeParameter>();
        foreach (var col in data.Columns)
        {
            switch (col)
            {
                case NumericColumn n:
                {
                    var all = view.Gather(n);
                    var values = all.Where(v => !double.IsNaN(v)).ToArray();
                    double fill;
                    if (strategy == ImputeStrategy.Constant)
                    {
                        if (!double.TryParse(Convert.ToString(constant, CultureInfo.InvariantCulture), NumberStyles.Float, CultureInfo.InvariantCulture, out fill))
                            throw new DeepStatsException(ErrorIds.ImputeConstantType, FailureKind.InvalidArgument,
                                $"Column '{n.Name}' is numeric but the constant '{constant}' is not a number.", constant);
                    }
                    else if (values.Length == 0)
                        throw new DeepStatsException(ErrorIds.ImputeAllMissing, FailureKind.InvalidData,
                            $"Column '{n.Name}' has no values (all {all.Length} fitted rows are missing), so there is nothing to fit a fill value on. Exclude it, or use -Strategy Constant.", n.Name);
                    else fill = strategy switch
                    {
                        ImputeStrategy.Mean => Statistics.Moments.Compute(values).Mean,
                        ImputeStrategy.Median => Median(values),
                        _ => values.GroupBy(v => v).OrderByDescending(g => g.Count()).ThenBy(g => g.Key).First().Key,
                    };
                    list.Add(new ImputeParameter(n.Name, ColumnKind.Numeric, fill, null, all.Length - values.Length));
                    break;
                }
                case CategoricalColumn c:
                {
                    string level;
                    int missing = 0;
                    for (int i = 0; i < view.Count; i++) if (c.Codes[view.Row(i)] < 0) missing++;
                    if (strategy == ImputeStrategy.Constant)
                    {
                        level = c is BooleanColumn && constant is bool b ? (b ? "true" : "false") : Convert.ToString(constant, CultureInfo.InvariantCulture)!;
                        if (c is BooleanColumn && BooleanColumn.TryParse(level, true, out bool bb)) level = bb ? "true" : "false";
                        if (Array.IndexOf(c.Levels, level) < 0)
                            throw new DeepStatsException(ErrorIds.ImputeConstantType, FailureKind.InvalidArgument,
                                $"Column '{c.Name}' has the levels {string.Join(", ", c.Levels)}; the constant '{constant}' is not one of them, so it would be an unseen category.", constant);
                    }
                    else
                    {
                        var counts = new int[c.Levels.Length];
                        for (int i = 0; i < view.Count; i++) { int code = c.Codes[view.Row(i)]; if (code >= 0) counts[code]++; }
                        if (counts.Length == 0 || counts.Max() == 0)
                            throw new DeepStatsException(ErrorIds.ImputeAllMissing, FailureKind.InvalidData,
                                $"Column '{c.Name}' has no values (all {view.Count} fitted rows are missing), so there is nothing to fit a fill value on. Exclude it.", c.Name);
                        level = c.Levels[Array.IndexOf(counts, counts.Max())];
                    }
                    list.Add(new ImputeParameter(c.Name, c.Kind, double.NaN, level, missing));
                    break;
                }
            }
        }
        return new Imputer
        {
            Parameters = list, Strategy = strategy, AddIndicators = addIndicators,
            FittedOn = data.Fingerprint, RowCount = view.Count, Rows = RowFilter.Of(view),
        };
    }

    private static double Median(double[] v)
    {
        Array.Sort(v);
        int m = v.Length / 2;
        return v.Length % 2 == 1 ? v[m] : (v[m - 1] + v[m]) / 2;
    }

    public override Dataset Apply(Dataset data)
    {
        if (data.Images is not null)
            throw new DeepStatsException(ErrorIds.TransformKindMismatch, FailureKind.InvalidArgument, "This imputer was fitted on table columns but the data holds images.", data);
        var byName = Parameters.ToDictionary(p => p.Name, StringComparer.OrdinalIgnoreCase);
        var cols = new List<DataColumn>();
        var indicators = new List<DataColumn>();
        foreach (var col in data.Columns)
        {
            if (!byName.TryGetValue(col.Name, out var p))
                throw new DeepStatsException(ErrorIds.TransformSchemaMismatch, FailureKind.InvalidData,
                    $"Column '{col.Name}' was not in the data this imputer was fitted on (columns: {string.Join(", ", Parameters.Select(q => q.Name))}).", col.Name);
            if (AddIndicators && p.MissingInFit > 0)
            {
                var ind = new int[col.Length];
                for (int i = 0; i < ind.Length; i++) ind[i] = col.IsMissing(i) ? 1 : 0;
                indicators.Add(new BooleanColumn(col.Name + "_missing", ind) { DerivedBy = Kind });
            }
            switch (col)
            {
                case NumericColumn n:
                    if (p.Kind != ColumnKind.Numeric) throw KindMismatch(col, p);
                    var v = (double[])n.Values.Clone();
                    for (int i = 0; i < v.Length; i++) if (double.IsNaN(v[i])) v[i] = p.Number;
                    cols.Add(new NumericColumn(n.Name, v) { KindDeclared = n.KindDeclared });
                    break;
                case CategoricalColumn c:
                    if (p.Kind != c.Kind) throw KindMismatch(col, p);
                    int code = Array.IndexOf(c.Levels, p.Level);
                    var codes = (int[])c.Codes.Clone();
                    if (code < 0)
                    {
                        // the new data lacks the fitted level: add it (levels stay sorted) so the fill value is the training one
                        var levels = c.Levels.Append(p.Level!).Order(StringComparer.Ordinal).ToArray();
                        var remap = c.Levels.Select(l => Array.IndexOf(levels, l)).ToArray();
                        for (int i = 0; i < codes.Length; i++) if (codes[i] >= 0) codes[i] = remap[codes[i]];
                        code = Array.IndexOf(levels, p.Level);
                        for (int i = 0; i < codes.Length; i++) if (codes[i] < 0) codes[i] = code;
                        cols.Add(new CategoricalColumn(c.Name, codes, levels, c.Encoding, c.UnknownLevel) { KindDeclared = c.KindDeclared });
                        break;
                    }
                    for (int i = 0; i < codes.Length; i++) if (codes[i] < 0) codes[i] = code;
                    cols.Add(c.WithCodes(codes));
                    break;
            }
        }
        foreach (var p in Parameters)
            if (data.GetColumn(p.Name) is null)
                throw new DeepStatsException(ErrorIds.TransformSchemaMismatch, FailureKind.InvalidData,
                    $"Column '{p.Name}', which this imputer was fitted on, is not in the data.", p.Name);
        cols.AddRange(indicators);
        return data.WithTransformed(cols, null, this);
    }

    private static DeepStatsException KindMismatch(DataColumn col, ImputeParameter p) =>
        new("TransformSchemaMismatch", FailureKind.InvalidData, $"Column '{col.Name}' is {col.Kind} but was {p.Kind} when this imputer was fitted.", col.Name);

    public override string ToString() =>
        $"Impute ({Strategy}, {Parameters.Count(p => p.MissingInFit > 0)} of {Parameters.Count} columns had missing values{(AddIndicators ? ", with indicators" : "")}, fitted on {RowCount} rows of {FittedOn})";
}

/// <summary>The recipe of <see cref="Imputer"/>: the strategy, the constant (invariant text) and whether to add indicator columns.</summary>
public sealed record ImputeRecipe : Recipe
{
    [JsonConverter(typeof(JsonStringEnumConverter<ImputeStrategy>))]
    public ImputeStrategy Strategy { get; init; }
    /// <summary>The Constant strategy's fill value as invariant text (a number, a level, true/false).</summary>
    public string? Constant { get; init; }
    public bool AddIndicators { get; init; }
    [JsonIgnore] public override string Kind => "Impute";

    public override FittedState Fit(DatasetView rows) => Imputer.Fit(rows, Strategy, Constant, AddIndicators);

    public override string ToString() => $"Impute {Strategy}" + (Constant is null ? "" : $" {Constant}") + (AddIndicators ? " with indicators" : "");
}
