using System.Text.Json.Serialization;
using DeepStats.Core.Data;
using DeepStats.Core.Statistics;

namespace DeepStats.Core.Preprocessing;

/// <summary>The fitted centre and scale of one numeric column (or one image channel, or one sequence feature): z = (x - Center) / Scale.</summary>
[JsonNumberHandling(JsonNumberHandling.AllowNamedFloatingPointLiterals)]
public sealed record ScaleParameter(string Name, double Center, double Scale)
{
    /// <summary>A scale of 0: the column was constant in the fit and maps to 0.</summary>
    [JsonIgnore] public bool Constant => Scale == 0;
}

/// <summary>
/// The recipe of <see cref="Standardizer"/>: the method and which numeric columns (names or
/// wildcard patterns; every numeric column when empty). Images are standardized per channel and
/// sequences per feature, whatever the columns.
/// </summary>
public sealed record StandardizeRecipe : Recipe
{
    public StandardizeRecipe() { }
    public StandardizeRecipe(StandardizeMethod method, IReadOnlyList<string>? columns = null)
    {
        Method = method;
        Columns = columns ?? Array.Empty<string>();
    }

    [JsonConverter(typeof(JsonStringEnumConverter<StandardizeMethod>))]
    public StandardizeMethod Method { get; init; } = StandardizeMethod.ZScore;
    public IReadOnlyList<string> Columns { get; init; } = Array.Empty<string>();
    [JsonIgnore] public override string Kind => "Standardize";

    public override FittedState Fit(DatasetView rows) => Standardizer.Fit(rows, Method, Columns);

    public override string ToString() => $"Standardize {Method}" + (Columns.Count > 0 ? $" ({string.Join(", ", Columns)})" : "");
}

/// <summary>
/// Standardisation fitted on some rows: z = (x - centre) / scale, with ZScore (mean, sample sd with
/// n - 1), MinMax (min, max - min; fitted rows map to [0, 1]) or Robust (median, interquartile range
/// Q3 - Q1 with Hyndman-Fan type 7 quantiles, as numpy and scikit-learn's RobustScaler). Tables: the
/// chosen numeric columns (categorical columns are left to their encoding); images: one centre and
/// scale per channel over all its pixels; sequences: per feature over all steps. A column whose scale
/// is 0 in the fit (constant) maps to 0 everywhere and is listed in <see cref="ConstantColumns"/>.
/// Missing values are ignored by the fit and stay missing.
/// </summary>
public sealed class Standardizer : FittedState
{
    [JsonConstructor]
    public Standardizer() { }

    [JsonIgnore] public override string Kind => "Standardize";
    [JsonConverter(typeof(JsonStringEnumConverter<StandardizeMethod>))]
    public StandardizeMethod Method { get; init; }
    public bool ForImages { get; init; }
    public bool ForSequences { get; init; }
    /// <summary>True when every numeric column was standardized (no -Column): numeric columns unknown to the fit are then an error.</summary>
    public bool AllNumericColumns { get; init; } = true;
    public IReadOnlyList<ScaleParameter> Parameters { get; init; } = Array.Empty<ScaleParameter>();
    [JsonIgnore] public IReadOnlyList<string> ConstantColumns => Parameters.Where(p => p.Constant).Select(p => p.Name).ToArray();

    /// <summary>The conventions of the fitted numbers, stated.</summary>
    [JsonIgnore]
    public string Convention => Method switch
    {
        StandardizeMethod.ZScore => "centre = mean, scale = sample standard deviation (ddof 1, n - 1); constant columns map to 0",
        StandardizeMethod.MinMax => "centre = minimum, scale = maximum - minimum (fitted rows map to [0, 1]); constant columns map to 0",
        _ => $"centre = median, scale = IQR = Q3 - Q1, quantiles by {Quantiles.Method}; zero-IQR columns map to 0",
    };

    /// <summary>ZScore on every numeric column (or channel, or sequence feature) of all rows.</summary>
    public static Standardizer Fit(Dataset data) => Fit(new DatasetView(data), StandardizeMethod.ZScore, Array.Empty<string>());

    public static Standardizer Fit(DatasetView view, StandardizeMethod method, IReadOnlyList<string> columns)
    {
        var data = view.Data;
        var common = (FittedOn: data.Fingerprint, Count: view.Count, Rows: RowFilter.Of(view));
        if (view.Count == 0)
            throw new DeepStatsException(ErrorIds.StandardizeNoRows, FailureKind.InvalidData, $"There are no rows of '{data.Name}' to fit a standardizer on.", data);
        if (data.Sequences is { } seq)
        {
            int size = seq.Steps * seq.Features;
            var sp = new ScaleParameter[seq.Features];
            for (int j = 0; j < seq.Features; j++)
            {
                var values = new double[(long)view.Count * seq.Steps];
                long k = 0;
                for (int i = 0; i < view.Count; i++)
                {
                    long b = (long)view.Row(i) * size + j;
                    for (int t = 0; t < seq.Steps; t++) values[k++] = seq.Values[b + (long)t * seq.Features];
                }
                sp[j] = Parameter(seq.FeatureNames[j], values, method);
            }
            return new Standardizer { Method = method, ForSequences = true, Parameters = sp, FittedOn = common.FittedOn, RowCount = common.Count, Rows = common.Rows };
        }
        if (data.Images is { } img)
        {
            var ps = new ScaleParameter[img.Channels];
            int plane = img.Height * img.Width;
            for (int c = 0; c < img.Channels; c++)
            {
                var values = new double[(long)view.Count * plane];
                for (int i = 0; i < view.Count; i++)
                {
                    long from = ((long)view.Row(i) * img.Channels + c) * plane, to = (long)i * plane;
                    for (int p = 0; p < plane; p++) values[to + p] = img.Pixels[from + p];
                }
                ps[c] = Parameter($"channel{c}", values, method);
            }
            return new Standardizer { Method = method, ForImages = true, Parameters = ps, FittedOn = common.FittedOn, RowCount = common.Count, Rows = common.Rows };
        }
        var numeric = data.Columns.OfType<NumericColumn>().ToArray();
        foreach (var pattern in columns)
            if (!data.Columns.Any(c => ColumnSelector.IsMatch(pattern, c.Name)))
                throw new DeepStatsException(ErrorIds.StandardizeColumnNotFound, FailureKind.ObjectNotFound,
                    $"Column '{pattern}' given to -Column is not in '{data.Name}'" + (ColumnSelector.HasWildcard(pattern) ? " (the pattern matches no column)" : "") +
                    $". Its numeric columns are: {string.Join(", ", numeric.Select(c => c.Name))}.", pattern);
            else if (!ColumnSelector.HasWildcard(pattern) && data.GetColumn(pattern) is not NumericColumn)
                throw new DeepStatsException(ErrorIds.StandardizeColumnNotNumeric, FailureKind.InvalidArgument,
                    $"Column '{pattern}' is {data.GetColumn(pattern)!.Kind}; only numeric columns are standardized (categories are encoded).", pattern);
        var list = new List<ScaleParameter>();
        foreach (var col in numeric)
        {
            if (columns.Count > 0 && !columns.Any(p => ColumnSelector.IsMatch(p, col.Name))) continue;
            var values = view.Gather(col).Where(v => !double.IsNaN(v)).ToArray();
            if (values.Length == 0)
                throw new DeepStatsException(ErrorIds.StandardizeAllMissing, FailureKind.InvalidData,
                    $"Column '{col.Name}' has no values in the {view.Count} fitted rows (all are missing), so it cannot be standardized. Exclude it.", col.Name);
            list.Add(Parameter(col.Name, values, method));
        }
        return new Standardizer
        {
            Method = method, AllNumericColumns = columns.Count == 0, Parameters = list,
            FittedOn = common.FittedOn, RowCount = common.Count, Rows = common.Rows,
        };
    }

    /// <summary>The centre and scale of values without NaN.</summary>
    internal static ScaleParameter Parameter(string name, double[] values, StandardizeMethod method)
    {
        switch (method)
        {
            case StandardizeMethod.ZScore:
            {
                var m = Moments.Compute(values);
                return new ScaleParameter(name, m.Mean, m.Count > 1 ? Math.Sqrt(m.SampleVariance) : 0);
            }
            case StandardizeMethod.MinMax:
            {
                var (_, _, min, max) = Moments.SumAndRange(values);
                return new ScaleParameter(name, min, max - min);
            }
            default:
            {
                Array.Sort(values);
                double q1 = Quantiles.Type7(values, 0.25), med = Quantiles.Type7(values, 0.5), q3 = Quantiles.Type7(values, 0.75);
                return new ScaleParameter(name, med, q3 - q1);
            }
        }
    }

    internal override string? Problem() => Parameters is null || Parameters.Any(p => p?.Name is null) ? "the standardizer has a missing parameter" : Parameters.FirstOrDefault(p => !double.IsFinite(p.Center) || !double.IsFinite(p.Scale) || p.Scale < 0) is { } bad
        ? $"the standardizer of '{bad.Name}' has centre {bad.Center} and scale {bad.Scale} (a centre must be finite, a scale finite and not negative; 0 marks a constant column)"
        : null;

    private static double Z(double x, ScaleParameter p) => double.IsNaN(x) ? double.NaN : p.Scale == 0 ? 0 : (x - p.Center) / p.Scale;

    public override Dataset Apply(Dataset data)
    {
        if (ForSequences != (data.Sequences is not null))
            throw new DeepStatsException(ErrorIds.TransformKindMismatch, FailureKind.InvalidArgument,
                $"This standardizer was fitted on {(ForSequences ? "sequences" : "other data")} but the data holds {data.Kind.ToString().ToLowerInvariant()} data.", data);
        if (data.Sequences is { } seq)
        {
            if (seq.Features != Parameters.Count)
                throw new DeepStatsException(ErrorIds.TransformSchemaMismatch, FailureKind.InvalidData,
                    $"This standardizer was fitted on sequences of {Parameters.Count} features but the data has {seq.Features}.", data);
            var v = new float[seq.Values.Length];
            for (long r = 0; r < v.Length; r++) v[r] = (float)Z(seq.Values[r], Parameters[(int)(r % seq.Features)]);
            return data.WithTransformedSequences(new SequenceBlock(v, seq.Count, seq.Steps, seq.Features, seq.FeatureNames), this);
        }
        if (ForImages != (data.Images is not null))
            throw new DeepStatsException(ErrorIds.TransformKindMismatch, FailureKind.InvalidArgument,
                $"This standardizer was fitted on {(ForImages ? "images" : "table columns")} but the data holds {(ForImages ? "table columns" : "images")}.", data);
        if (data.Images is { } img)
        {
            if (img.Channels != Parameters.Count)
                throw new DeepStatsException(ErrorIds.TransformSchemaMismatch, FailureKind.InvalidData,
                    $"This standardizer was fitted on {Parameters.Count}-channel images but the data has {img.Channels} channels.", data);
            var px = new float[img.Pixels.Length];
            int plane = img.Height * img.Width;
            for (int k = 0; k < img.Count; k++)
                for (int c = 0; c < img.Channels; c++)
                {
                    var p = Parameters[c];
                    long start = ((long)k * img.Channels + c) * plane;
                    for (long i = start; i < start + plane; i++) px[i] = (float)Z(img.Pixels[i], p);
                }
            return data.WithTransformed(data.Columns, new ImageBlock(px, img.Count, img.Channels, img.Height, img.Width), this);
        }
        var byName = Parameters.ToDictionary(p => p.Name, StringComparer.OrdinalIgnoreCase);
        var cols = new List<DataColumn>();
        foreach (var col in data.Columns)
        {
            if (col is not NumericColumn n) { cols.Add(col); continue; }
            if (!byName.TryGetValue(n.Name, out var p))
            {
                if (!AllNumericColumns) { cols.Add(col); continue; }
                throw new DeepStatsException(ErrorIds.TransformSchemaMismatch, FailureKind.InvalidData,
                    $"Column '{n.Name}' was not in the data this standardizer was fitted on (columns: {string.Join(", ", Parameters.Select(q => q.Name))}).", n.Name);
            }
            var v = new double[n.Values.Length];
            for (int i = 0; i < v.Length; i++) v[i] = Z(n.Values[i], p);
            cols.Add(new NumericColumn(n.Name, v) { KindDeclared = n.KindDeclared, DerivedBy = n.DerivedBy });
        }
        foreach (var p in Parameters)
            if (data.GetColumn(p.Name) is not NumericColumn)
                throw new DeepStatsException(ErrorIds.TransformSchemaMismatch, FailureKind.InvalidData,
                    $"Numeric column '{p.Name}', which this standardizer was fitted on, is not in the data.", p.Name);
        return data.WithTransformed(cols, null, this);
    }

    public override string ToString() =>
        $"Standardize {Method} ({Parameters.Count} {(ForImages ? "channels" : ForSequences ? "sequence features" : "columns")}, fitted on {RowCount} rows of {FittedOn}; {Convention})";
}
