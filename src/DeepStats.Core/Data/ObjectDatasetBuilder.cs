using System.Globalization;

namespace DeepStats.Core.Data;

/// <summary>
/// Builds a <see cref="Dataset"/> from rows of plain values (for example PowerShell objects from
/// Import-Csv). A column is numeric when every non-missing value is a numeric CLR type or a string
/// that parses as a number in the invariant culture; otherwise categorical (labels are the values'
/// invariant text). null, DBNull, empty or blank strings and "NA" are missing.
/// </summary>
public static class ObjectDatasetBuilder
{
    public static Dataset Build(string name, IReadOnlyList<string> columns, IEnumerable<object?[]> rows, string? target = null)
    {
        var data = rows.ToList();
        int targetIndex = -1;
        if (target is not null)
        {
            targetIndex = columns.ToList().FindIndex(c => string.Equals(c, target, StringComparison.OrdinalIgnoreCase));
            if (targetIndex < 0)
                throw new DeepStatsException("TargetColumnNotFound", FailureKind.ObjectNotFound,
                    $"The target column '{target}' is not among the properties: {string.Join(", ", columns)}.", target);
        }
        var built = new List<DataColumn>();
        TargetColumn? targetColumn = null;
        for (int j = 0; j < columns.Count; j++)
        {
            bool numeric = true;
            var nums = new double[data.Count];
            for (int i = 0; i < data.Count && numeric; i++)
            {
                var v = j < data[i].Length ? data[i][j] : null;
                if (IsMissing(v)) { nums[i] = double.NaN; continue; }
                if (!TryNumber(v!, out nums[i])) numeric = false;
            }
            if (numeric && j != targetIndex) { built.Add(new NumericColumn(columns[j], nums)); continue; }
            var labels = new string?[data.Count];
            for (int i = 0; i < data.Count; i++)
            {
                var v = j < data[i].Length ? data[i][j] : null;
                labels[i] = IsMissing(v) ? null : Convert.ToString(v, CultureInfo.InvariantCulture);
            }
            var cat = CategoricalColumn.FromLabels(columns[j], labels);
            if (j == targetIndex) targetColumn = TargetColumn.FromCategorical(cat);
            else built.Add(cat);
        }
        return Dataset.Tabular(name, "pipeline objects", built, targetColumn);
    }

    private static bool IsMissing(object? v) =>
        v is null || v is DBNull || (v is string s && (string.IsNullOrWhiteSpace(s) || s.Trim() == "NA"));

    private static bool TryNumber(object v, out double value)
    {
        switch (v)
        {
            case double d: value = d; return true;
            case float f: value = f; return true;
            case int i: value = i; return true;
            case long l: value = l; return true;
            case short s: value = s; return true;
            case byte b: value = b; return true;
            case sbyte sb: value = sb; return true;
            case ushort us: value = us; return true;
            case uint ui: value = ui; return true;
            case ulong ul: value = ul; return true;
            case decimal m: value = (double)m; return true;
            case string str: return double.TryParse(str.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out value);
            default: value = double.NaN; return false;
        }
    }
}
