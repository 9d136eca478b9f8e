using System.Text.Json.Serialization;
using DeepStats.Core.Data;

namespace DeepStats.Core.Preprocessing;

/// <summary>
/// Turns a table whose rows are time steps (in order) into sliding windows: example i holds rows
/// i .. i+Window-1 of the feature columns. The target is, for forecasting, the value of
/// <see cref="ForecastColumn"/> <see cref="Horizon"/> rows after the window's last row; for sequence
/// classification, the class label of the row <see cref="Horizon"/> rows after the window's last
/// row (0: the last row itself). Deterministic (nothing is fitted): a frozen step of the chain, so test
/// series are windowed the same way. A window is not a table row, so windowing is the boundary of refitting:
/// the windows are the raw data of the steps after them (<see cref="Dataset.Raw"/>); a step before the
/// windowing that learned from the rows cannot be refitted on held-out windows and is refused when rows are held out.
/// </summary>
public sealed class SequenceWindows : FittedState
{
    public SequenceWindows(int window, int horizon, IReadOnlyList<string> featureColumns, string? forecastColumn, string fittedOn)
    {
        if (window < 1) throw Bad($"The window must be at least 1 row; got {window}.");
        if (horizon < 0) throw Bad($"The horizon must not be negative; got {horizon}.");
        if (forecastColumn is not null && horizon < 1) throw Bad("Forecasting needs a horizon of at least 1 row (the value to predict lies after the window).");
        if (featureColumns.Count == 0) throw Bad("Windows need at least one numeric feature column.");
        Window = window;
        Horizon = horizon;
        FeatureColumns = featureColumns;
        ForecastColumn = forecastColumn;
        FittedOn = fittedOn;
    }

    [JsonIgnore] public override string Kind => "Window";
    public int Window { get; }
    public int Horizon { get; }
    public IReadOnlyList<string> FeatureColumns { get; }
    /// <summary>The column whose future value is the (numeric) target; null for sequence classification with the dataset's class target.</summary>
    public string? ForecastColumn { get; }

    /// <summary>Windows over the given table: every numeric column (or those named) as features.</summary>
    public static SequenceWindows For(Dataset data, int window, int? horizon, IReadOnlyList<string>? columns, string? forecastColumn)
    {
        if (data.Kind != DatasetKind.Tabular) throw Bad($"Windows are cut from a table of time steps; '{data.Name}' holds {data.Kind.ToString().ToLowerInvariant()} data.");
        var names = columns is { Count: > 0 } ? columns : data.Columns.OfType<NumericColumn>().Select(c => c.Name).ToArray();
        if (forecastColumn is null && data.Target is not { Kind: TargetKind.Classification })
            throw Bad($"Dataset '{data.Name}' has no class target: give -Target <numeric column> to forecast it, or import the data with -Target <class column>.");
        return new SequenceWindows(window, horizon ?? (forecastColumn is null ? 0 : 1), names, forecastColumn, data.Fingerprint);
    }

    public override Dataset Apply(Dataset data)
    {
        if (data.Kind != DatasetKind.Tabular) throw Bad($"Windows are cut from a table of time steps; '{data.Name}' holds {data.Kind.ToString().ToLowerInvariant()} data.");
        var features = FeatureColumns.Select(n => Numeric(data, n)).ToArray();
        int rows = data.RowCount, f = features.Length;
        int count = rows - Window - Horizon + 1;
        if (count < 1)
            throw new DeepStatsException(ErrorIds.SeriesTooShort, FailureKind.InvalidData,
                $"'{data.Name}' has {rows} rows; a window of {Window} plus a horizon of {Horizon} needs at least {Window + Horizon}.", data);
        foreach (var col in features)
            if (col.MissingCount > 0)
                throw new DeepStatsException(ErrorIds.MissingValues, FailureKind.InvalidData,
                    $"Column '{col.Name}' has {col.MissingCount} missing value(s) (first at row {Array.FindIndex(col.Values, double.IsNaN) + 1}); windows of a series cannot skip steps. Impute or drop them first.", col.Name);
        var values = new float[(long)count * Window * f];
        for (int i = 0; i < count; i++)
            for (int t = 0; t < Window; t++)
                for (int j = 0; j < f; j++)
                {
                    double v = features[j].Values[i + t];
                    if (Math.Abs(v) > float.MaxValue)
                        throw new DeepStatsException("ValueOverflowsFloat32", FailureKind.InvalidData,
                            $"Column '{features[j].Name}', row {i + t + 1}: {v:R} does not fit in float32. Rescale the column first.", features[j].Name);
                    values[((long)i * Window + t) * f + j] = (float)v;
                }
        TargetColumn target;
        if (ForecastColumn is { } fc)
        {
            var y = Numeric(data, fc).Values;
            var t = new double[count];
            for (int i = 0; i < count; i++) t[i] = y[i + Window - 1 + Horizon];
            target = new TargetColumn(fc, t);
        }
        else
        {
            var src = data.Target ?? throw Bad($"Dataset '{data.Name}' has no class target to label the windows with.");
            var l = new int[count];
            for (int i = 0; i < count; i++) l[i] = src.Labels[i + Window - 1 + Horizon];
            target = new TargetColumn(src.Name, l, src.Classes);
        }
        var block = new SequenceBlock(values, count, Window, f, FeatureColumns.ToArray());
        return data.WithWindows(block, target, this);
    }

    private static NumericColumn Numeric(Dataset data, string name) => data.GetColumn(name) switch
    {
        NumericColumn n => n,
        null => throw new DeepStatsException(ErrorIds.ColumnNotFound, FailureKind.ObjectNotFound,
            $"Column '{name}' is not in '{data.Name}' (its columns: {string.Join(", ", data.Columns.Select(c => c.Name))}).", name),
        var other => throw new DeepStatsException(ErrorIds.ColumnNotNumeric, FailureKind.InvalidArgument,
            $"Column '{name}' is {other.Kind}; windows and forecasts need numeric columns.", name),
    };

    private static DeepStatsException Bad(string m) => new("InvalidWindow", FailureKind.InvalidArgument, m);

    public override string ToString() => $"Window {Window} rows, horizon {Horizon}, features {string.Join(", ", FeatureColumns)}" +
        (ForecastColumn is null ? ", class target" : $", forecasting '{ForecastColumn}'");
}
