using System.Globalization;

namespace DeepStats.Core.Data;

/// <summary>
/// Builds a dataset from rows of values (PowerShell objects' property values, in the module), with
/// the typing rules of <see cref="CsvDatasetReader"/>: numbers (or text that parses as one) make a
/// numeric column, other text a categorical one (boolean when every value is true or false), null,
/// empty text and the missing-value tokens are missing, and text after a numeric first value is an
/// error naming the row and column. Nothing is dropped or altered silently.
/// </summary>
public static class ObjectDatasetBuilder
{
    public static Dataset Build(string name, IReadOnlyList<string> columns, IEnumerable<object?[]> rows, string? target = null) =>
        Build(name, columns, rows, new CsvImportOptions { Target = target });

    /// <summary>Builds with the CSV options that apply to values (target, include/exclude, column types, missing tokens, culture of text numbers, category encoding).</summary>
    public static Dataset Build(string name, IReadOnlyList<string> columns, IEnumerable<object?[]> rows, CsvImportOptions options)
    {
        string source = name;
        if (columns.Count == 0)
            throw new DeepStatsException(ErrorIds.NoColumns, FailureKind.InvalidData,
                "The input objects have no properties to make columns of. Pass objects with properties, or select them with -Property.", name);
        CheckNames(columns);
        int targetIndex = -1;
        if (options.Schema is { } contract) options = options with { Target = contract.TargetAmong(columns, options.Target), TargetKind = contract.TargetKindOr(options.TargetKind) };
        if (options.Target is { } t)
        {
            targetIndex = IndexOf(columns, t);
            if (targetIndex < 0)
                throw new DeepStatsException(ErrorIds.TargetColumnNotFound, FailureKind.ObjectNotFound,
                    $"Target '{t}' is not a property of the input objects. Their properties are: {string.Join(", ", columns)}.", t);
        }
        foreach (var key in options.ColumnTypes.Keys)
            if (IndexOf(columns, key) < 0 && options.Schema is null) // under a contract the contract names what is missing
                throw new DeepStatsException(ErrorIds.ColumnTypeColumnNotFound, FailureKind.ObjectNotFound,
                    $"Column '{key}' given to -ColumnType is not a property of the input objects. Their properties are: {string.Join(", ", columns)}.", key);
        var keep = ColumnSelector.Select(columns, options.Include, options.Exclude, targetIndex, "the input objects");
        var budget = new MemoryBudget(options.MemoryLimitBytes ?? MemoryBudget.DefaultLimit(), source);
        var builders = new List<ColumnBuilder>();
        for (int j = 0; j < columns.Count; j++)
            if (keep[j])
                builders.Add(ColumnBuilder.For(columns[j], j, options, budget, "row"));
        var targetBuilder = targetIndex >= 0 ? new ColumnBuilder(columns[targetIndex], targetIndex, ColumnKind.Categorical, budget) : null;
        var tokens = new HashSet<string>(options.MissingTokens.Select(m => m.Trim()), StringComparer.OrdinalIgnoreCase);
        var culture = options.Culture ?? CultureInfo.InvariantCulture;
        int row = 0;
        foreach (var values in rows)
        {
            row++;
            if (values.Length != columns.Count)
                throw new DeepStatsException(ErrorIds.RaggedRow, FailureKind.InvalidData,
                    $"Row {row} has {values.Length} value(s) but there are {columns.Count} columns ({string.Join(", ", columns)}).", row);
            foreach (var b in builders) Add(b, values[b.SourceIndex], row, tokens, culture);
            if (targetBuilder is not null) Add(targetBuilder, values[targetIndex], row, tokens, culture);
        }
        if (row == 0)
            throw new DeepStatsException(ErrorIds.NoDataRows, FailureKind.InvalidData, "There are no input objects to make a dataset of.", name);
        var rejected = builders.Where(b => b.Rejected is { Count: > 0 }).ToDictionary(b => b.Name, b => b.Rejected!, StringComparer.OrdinalIgnoreCase);
        var cols = new List<DataColumn>();
        var empty = new List<string>();
        foreach (var b in builders)
        {
            var col = b.Build();
            if (col is CategoricalColumn cat && (options.CategoryEncoding != CategoryEncoding.OneHot || options.UnknownCategory))
                col = cat.WithEncoding(options.CategoryEncoding, options.UnknownCategory);
            cols.Add(col);
            options.Log?.Invoke($"Column '{col.Name}': {col.Kind} ({(b.Declared is null ? "inferred" : "declared")}), {col.MissingCount} missing.");
            if (b.Kind == ColumnBuilder.State.Unknown) empty.Add(col.Name);
            if (b.Float32OverflowCount > 0)
                options.Warn?.Invoke($"Column '{col.Name}': {b.Float32OverflowCount} value(s) beyond the float32 range (first {b.Float32Overflow:R} in row {b.Float32OverflowAt}). " +
                    "They are kept exactly (float64), but training refuses them (ValueOverflowsFloat32) unless the column is rescaled or excluded.");
        }
        if (empty.Count > 0) options.Warn?.Invoke(CsvDatasetReader.NoValuesWarning(empty, row, "the input objects"));
        TargetColumn? target = null;
        if (targetBuilder is not null)
        {
            var (levels, codes) = targetBuilder.BuildLabels();
            target = CsvDatasetReader.BuildTarget(targetBuilder.Name, levels, codes, options.TargetKind, options.Culture);
        }
        var data = Dataset.Tabular(name, source, cols, target);
        return options.Schema?.Enforce(data, source, rejected) ?? data;
    }

    private static void Add(ColumnBuilder b, object? value, int row, HashSet<string> tokens, CultureInfo culture)
    {
        switch (value)
        {
            case null or DBNull:
                b.AddMissing(row);
                return;
            case nint or nuint:
                double p = value is nint ni ? ni : (nuint)value;
                if (b.WantsText) Text(b, p.ToString("R", CultureInfo.InvariantCulture), row);
                else b.AddNumber(p, row);
                return;
            case double or float or decimal or int or long or short or byte or sbyte or uint or ulong or ushort:
                double v = Convert.ToDouble(value, CultureInfo.InvariantCulture);
                if (double.IsNaN(v)) { b.AddMissing(row); return; }
                if (double.IsInfinity(v))
                    throw new DeepStatsException(ErrorIds.ValueOutOfRange, FailureKind.InvalidData,
                        $"Row {row}, column '{b.Name}': {v} is infinite. Correct the value or make it $null (missing).", value);
                if (b.WantsText) Text(b, v.ToString("R", CultureInfo.InvariantCulture), row);
                else b.AddNumber(v, row);
                return;
            case bool flag:
                Text(b, flag ? "true" : "false", row);
                return;
            case string s:
                s = s.Trim();
                if (s.Length == 0 || tokens.Contains(s)) { b.AddMissing(row); return; }
                if (!b.WantsText && double.TryParse(s, NumberStyles.Float, culture, out double x) && !double.IsNaN(x))
                {
                    if (double.IsInfinity(x))
                        throw new DeepStatsException(ErrorIds.ValueOutOfRange, FailureKind.InvalidData,
                            $"Row {row}, column '{b.Name}': '{s}' is beyond the float64 range (or infinity). Correct the value or mark it missing.", s);
                    b.AddNumber(x, row);
                    return;
                }
                Text(b, s, row);
                return;
            case IFormattable f:
                Text(b, f.ToString(null, CultureInfo.InvariantCulture), row);
                return;
            default:
                Text(b, value.ToString() ?? "", row);
                return;
        }
    }

    private static void Text(ColumnBuilder b, string s, int row)
    {
        switch (b.AddText(s, row))
        {
            case AddResult.TextInNumeric when b.TryRejectText(s, row):
                return;
            case AddResult.TextInNumeric:
                throw new DeepStatsException(ErrorIds.TextInNumericColumn, FailureKind.InvalidData,
                    $"Row {row}, column '{b.Name}': '{s}' is not a number, but the column is numeric " +
                    (b.Declared is null ? $"(its first value, in row {b.FirstValueAt}, is). " : "(declared with -ColumnType). ") +
                    $"Correct the value, make it $null or empty (missing), or declare the column categorical: -ColumnType @{{ '{b.Name}' = 'Categorical' }}.", s);
            case AddResult.NotBoolean:
                throw new DeepStatsException(ErrorIds.NotBoolean, FailureKind.InvalidData,
                    $"Row {row}, column '{b.Name}': '{s}' is not true/false, yes/no or 1/0, but the column is declared Boolean.", s);
        }
    }

    private static int IndexOf(IReadOnlyList<string> columns, string name)
    {
        for (int i = 0; i < columns.Count; i++) if (string.Equals(columns[i], name, StringComparison.OrdinalIgnoreCase)) return i;
        return -1;
    }

    private static void CheckNames(IReadOnlyList<string> columns)
    {
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (int i = 0; i < columns.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(columns[i]))
                throw new DeepStatsException(ErrorIds.BlankColumnName, FailureKind.InvalidData, $"Column {i + 1} has a blank name. Give every column a name.", i);
            if (!seen.Add(columns[i]))
                throw new DeepStatsException(ErrorIds.DuplicateColumnName, FailureKind.InvalidData,
                    $"Two columns are named '{columns[i]}' (names are compared without case). Give every column a distinct name.", columns[i]);
        }
    }
}
