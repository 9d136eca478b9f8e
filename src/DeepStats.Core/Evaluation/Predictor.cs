using System.Globalization;
using DeepStats.Core.Data;
using DeepStats.Core.Preprocessing;
using DeepStats.Core.Training;

namespace DeepStats.Core.Evaluation;

/// <summary>
/// Runs a trained model over data and keeps one entry per row (<see cref="PredictionSet"/>): its
/// key, the truth when the data has the target, the predicted class with every class's
/// probability, or the predicted value. New data always goes through the model's stored
/// preprocessing. Rows given as plain values (PowerShell objects) are checked against the
/// model's input schema first: every problem is one error naming the row and the column.
/// </summary>
public static class Predictor
{
    /// <summary>Predictions for every row of <paramref name="data"/> (raw: the model applies its own transforms).
    /// <paramref name="keyColumn"/> names a column whose values become the row ids; else rows are numbered from <paramref name="firstRow"/>.</summary>
    public static PredictionSet Predict(TrainedModel model, Dataset data, string? keyColumn = null, long firstRow = 1, int batchSize = 512)
    {
        string[] ids = RowIds(data, keyColumn, firstRow);
        return PredictPrepared(model, model.Prepare(data), ids, firstRow, batchSize);
    }

    /// <summary>As <see cref="Predict"/>, for data <see cref="TrainedModel.Prepare"/> already returned.</summary>
    internal static PredictionSet PredictPrepared(TrainedModel model, Dataset prepared, string[] ids, long firstRow = 1, int batchSize = 512)
    {
        if (prepared.RowCount != ids.Length)
            ids = Enumerable.Range(0, prepared.RowCount).Select(i => (firstRow + i).ToString(CultureInfo.InvariantCulture)).ToArray(); // windows of a series
        var target = prepared.Target;
        if (model.TargetKind == TargetKind.Regression)
        {
            var values = model.PredictValuesPrepared(prepared, batchSize);
            return new PredictionSet
            {
                Kind = TargetKind.Regression,
                RowIds = ids,
                PredictedValues = values,
                TruthValues = target?.Values is { } tv ? (double[])tv.Clone() : null,
            };
        }
        var (predicted, probs) = model.PredictPrepared(prepared, batchSize);
        return new PredictionSet
        {
            Kind = TargetKind.Classification,
            Classes = model.Classes.ToArray(),
            RowIds = ids,
            PredictedLabels = predicted,
            Probabilities = probs,
            TruthLabels = target is { Kind: TargetKind.Classification } ? (int[])target.Labels.Clone() : null,
        };
    }

    internal static string[] RowIds(Dataset data, string? keyColumn, long firstRow)
    {
        if (keyColumn is null)
            return Enumerable.Range(0, data.RowCount).Select(i => (firstRow + i).ToString(CultureInfo.InvariantCulture)).ToArray();
        if (data.Kind != DatasetKind.Tabular)
            throw new DeepStatsException(ErrorIds.PredictionInputInvalid, FailureKind.InvalidArgument,
                $"-KeyColumn needs table data; '{data.Name}' holds {data.Kind.ToString().ToLowerInvariant()} data, whose rows are numbered.", keyColumn);
        var col = data.GetColumn(keyColumn) ?? throw new DeepStatsException(ErrorIds.ColumnNotFound, FailureKind.ObjectNotFound,
            $"Key column '{keyColumn}' is not in '{data.Name}' (its columns: {string.Join(", ", data.Columns.Select(c => c.Name))}).", keyColumn);
        var ids = new string[data.RowCount];
        for (int i = 0; i < ids.Length; i++)
            ids[i] = col switch
            {
                NumericColumn n => n.Values[i].ToString("R", CultureInfo.InvariantCulture),
                CategoricalColumn c => c.Codes[i] < 0 ? "" : c.Levels[c.Codes[i]],
                _ => "",
            };
        return ids;
    }

    /// <summary>The features a model needs from each input row, in order: the raw input schema's columns, without those its transforms add.</summary>
    public static IReadOnlyList<FeatureInfo> InputFeatures(TrainedModel model)
    {
        var schema = model.InputSchema ?? model.Schema;
        if (schema.Kind != DatasetKind.Tabular)
            throw new DeepStatsException(ErrorIds.PredictionInputInvalid, FailureKind.InvalidArgument,
                $"This model takes {schema.Kind.ToString().ToLowerInvariant()} data, which objects cannot carry; pass a dataset with -Data.", model);
        return schema.Features.Where(f => !f.Derived).ToArray();
    }

    /// <summary>
    /// A table of the model's input columns from rows of plain values (<paramref name="rows"/>[i][j] is feature j of row i,
    /// in <see cref="InputFeatures"/> order; <see cref="DBNull"/>, null, empty text and the usual missing tokens are missing).
    /// Numbers may be numeric values or invariant-culture text; categories are matched to the training levels exactly.
    /// <paramref name="firstRow"/> is the 1-based number of the first row, for error messages. Missing values are an error
    /// unless the model imputes them.
    /// </summary>
    public static Dataset FromRows(TrainedModel model, IReadOnlyList<object?[]> rows, long firstRow)
    {
        var features = InputFeatures(model);
        bool imputes = model.Transforms.Any(t => t is Imputer);
        int n = rows.Count;
        var cols = new DataColumn[features.Count];
        for (int j = 0; j < features.Count; j++)
        {
            var f = features[j];
            if (f.Kind == ColumnKind.Numeric)
            {
                var v = new double[n];
                for (int i = 0; i < n; i++)
                {
                    object? raw = rows[i][j];
                    double d = raw switch
                    {
                        double x => x,
                        float x => x,
                        int x => x,
                        long x => x,
                        decimal x => (double)x,
                        short x => x,
                        byte x => x,
                        uint x => x,
                        ulong x => x,
                        string s when IsMissing(s) => double.NaN,
                        string s => double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var p) ? p
                            : throw Bad(firstRow + i, f.Name, $"'{s}' is not a number; the model was trained on numbers in this column"),
                        null or DBNull => double.NaN,
                        var other => throw Bad(firstRow + i, f.Name, $"a {other.GetType().Name} value ('{other}') is not a number; the model was trained on numbers in this column"),
                    };
                    if (double.IsNaN(d) && !imputes) throw Missing(firstRow + i, f.Name);
                    v[i] = d;
                }
                cols[j] = new NumericColumn(f.Name, v);
                continue;
            }
            var index = new Dictionary<string, int>(StringComparer.Ordinal);
            for (int k = 0; k < f.Levels.Count; k++) index[f.Levels[k]] = k;
            int unknown = f.UnknownLevel is null ? -1 : index.GetValueOrDefault(f.UnknownLevel, -1);
            var codes = new int[n];
            for (int i = 0; i < n; i++)
            {
                object? raw = rows[i][j];
                string? s = raw switch
                {
                    null or DBNull => null,
                    bool b when f.Kind == ColumnKind.Boolean => b ? "true" : "false",
                    IFormattable x => x.ToString(null, CultureInfo.InvariantCulture),
                    _ => raw.ToString(),
                };
                if (s is null || IsMissing(s))
                {
                    if (!imputes) throw Missing(firstRow + i, f.Name);
                    codes[i] = -1;
                    continue;
                }
                if (f.Kind == ColumnKind.Boolean)
                {
                    if (!BooleanColumn.TryParse(s.AsSpan().Trim(), true, out bool b))
                        throw Bad(firstRow + i, f.Name, $"'{s}' is not true or false; the model was trained on a true/false column");
                    codes[i] = b ? 1 : 0;
                }
                else if (index.TryGetValue(s, out int code)) codes[i] = code;
                else if (unknown >= 0) codes[i] = unknown;
                else throw new DeepStatsException(ErrorIds.UnseenCategory, FailureKind.InvalidData,
                    $"Row {firstRow + i}, column '{f.Name}': the value '{s}' was not seen in training (known: {string.Join(", ", f.Levels)}). " +
                    "Correct or remove that row, or train on data imported with -UnknownCategory so unseen categories go to an explicit unknown level.", s);
            }
            cols[j] = f.Kind == ColumnKind.Boolean ? new BooleanColumn(f.Name, codes)
                : new CategoricalColumn(f.Name, codes, f.Levels.ToArray(), f.Encoding, f.UnknownLevel);
        }
        return Dataset.Tabular("input objects", "pipeline", cols, null);
    }

    private static readonly HashSet<string> MissingTokens = new(CsvImportOptions.DefaultMissingTokens.Append(""), StringComparer.OrdinalIgnoreCase);
    private static bool IsMissing(string s) => MissingTokens.Contains(s.Trim());

    private static DeepStatsException Bad(long row, string column, string what) => new(ErrorIds.PredictionInputInvalid, FailureKind.InvalidData,
        $"Row {row}, column '{column}': {what}. Correct that row or leave it out.", column);

    private static DeepStatsException Missing(long row, string column) => new("MissingValues", FailureKind.InvalidData,
        $"Row {row}, column '{column}': the value is missing and the model has no imputer to fill it. Fill it, leave the row out, or train with ConvertTo-Imputed.", column);
}
