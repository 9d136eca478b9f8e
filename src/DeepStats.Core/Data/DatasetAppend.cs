namespace DeepStats.Core.Data;

/// <summary>
/// Appends tables of one schema into one (weekly files into one training set): the rows of every part in order, the
/// columns of the first part. Schemas are checked with <see cref="SchemaContract"/> against the first part: a missing,
/// extra, renamed or retyped column, or another target kind, is one SchemaMismatch error listing every difference of
/// every part; levels and classes new in a later part are legitimate and join the level list (ordinal order, as the
/// readers sort them). Optionally a categorical source column names each row's part, for <c>-GroupBy</c>.
/// Parts must be raw (as imported): appending preprocessed data would mix fits of different rows.
/// </summary>
public static class DatasetAppend
{
    public static Dataset Append(IReadOnlyList<Dataset> parts, string? sourceColumn = null, string? name = null)
    {
        if (parts.Count == 0) throw new ArgumentException("Nothing to append.", nameof(parts));
        var first = parts[0];
        foreach (var p in parts)
        {
            if (p.Kind != DatasetKind.Tabular)
                throw new DeepStatsException(ErrorIds.SchemaMismatch, FailureKind.NotSupported, $"'{p.Name}' is not a table; only tables are appended.", p);
            if (p.Transforms.Count > 0)
                throw new DeepStatsException(ErrorIds.DatasetNotRaw, FailureKind.InvalidData,
                    $"'{p.Name}' carries preprocessing steps ({p.Transforms.Count}); append the data as imported and preprocess the result, so every fit sees the rows it should.", p);
        }
        var contract = SchemaContract.Of(first);
        var differences = parts.Skip(1).SelectMany(p => contract.Compare(p)
            .Where(d => d.Kind is not (SchemaDifferenceKind.UnseenLevel or SchemaDifferenceKind.UnseenClass))
            .Select(d => d with { Description = $"'{p.Name}': {d.Description}" })).ToList();
        if (first.Target is null && parts.Any(p => p.Target is not null) || first.Target is { } ft && parts.Any(p => p.Target is null || !string.Equals(p.Target.Name, ft.Name, StringComparison.OrdinalIgnoreCase)))
            differences.Add(new(SchemaDifferenceKind.MissingColumn, first.Target?.Name ?? "(target)", first.Target?.Name ?? "(none)", "another or no target", 0, 0,
                $"The parts do not all have the target of '{first.Name}' ({first.Target?.Name ?? "none"}). Import every part with the same -Target."));
        if (sourceColumn is not null && first.GetColumn(sourceColumn) is not null)
            differences.Add(new(SchemaDifferenceKind.ExtraColumn, sourceColumn, "(absent)", "present", 0, 0, $"The source column '{sourceColumn}' is already a column of '{first.Name}'. Choose another -SourceColumn name."));
        if (differences.Count > 0)
            throw new DeepStatsException(ErrorIds.SchemaMismatch, FailureKind.InvalidData,
                $"The datasets do not share one schema: {differences.Count} difference(s):" + Environment.NewLine +
                string.Join(Environment.NewLine, differences.Select(d => "  - " + d.Description)) + Environment.NewLine + "Nothing was appended.", differences);
        var columns = new List<DataColumn>();
        foreach (var c in first.Columns)
        {
            var all = parts.Select(p => p.GetColumn(c.Name)!).ToList();
            columns.Add(c switch
            {
                NumericColumn => new NumericColumn(c.Name, all.SelectMany(x => ((NumericColumn)x).Values).ToArray()) { KindDeclared = c.KindDeclared },
                BooleanColumn => new BooleanColumn(c.Name, all.SelectMany(x => ((CategoricalColumn)x).Codes).ToArray()) { KindDeclared = c.KindDeclared },
                CategoricalColumn cat => Categorical(cat, all.Cast<CategoricalColumn>().ToList()),
                _ => throw new NotSupportedException(c.GetType().Name),
            });
        }
        if (sourceColumn is not null)
        {
            var names = parts.Select(p => p.Name).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
            var codes = parts.SelectMany(p => Enumerable.Repeat(Array.IndexOf(names, p.Name), p.RowCount)).ToArray();
            columns.Add(new CategoricalColumn(sourceColumn, codes, names));
        }
        TargetColumn? target = null;
        if (first.Target is { } t)
            target = t.Kind == TargetKind.Regression
                ? new TargetColumn(t.Name, parts.SelectMany(p => p.Target!.Values!).ToArray())
                : Labels(t.Name, parts.Select(p => (p.Target!.Labels, p.Target.Classes)).ToList());
        return Dataset.Tabular(name ?? string.Join("+", parts.Select(p => p.Name)), string.Join(", ", parts.Select(p => p.Source)), columns, target);
    }

    private static CategoricalColumn Categorical(CategoricalColumn first, List<CategoricalColumn> all)
    {
        var (codes, levels) = Union(all.Select(c => (c.Codes, (IReadOnlyList<string>)c.Levels)).ToList());
        return new CategoricalColumn(first.Name, codes, levels, first.Encoding, first.UnknownLevel) { KindDeclared = first.KindDeclared };
    }

    private static TargetColumn Labels(string name, List<(int[] Labels, string[] Classes)> parts)
    {
        var (codes, levels) = Union(parts.Select(p => (p.Labels, (IReadOnlyList<string>)p.Classes)).ToList());
        return new TargetColumn(name, codes, levels);
    }

    private static (int[] Codes, string[] Levels) Union(List<(int[] Codes, IReadOnlyList<string> Levels)> parts)
    {
        var levels = parts.SelectMany(p => p.Levels).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        var index = levels.Select((l, i) => (l, i)).ToDictionary(x => x.l, x => x.i, StringComparer.Ordinal);
        var codes = new int[parts.Sum(p => p.Codes.Length)];
        int k = 0;
        foreach (var (c, l) in parts)
        {
            var map = l.Select(x => index[x]).ToArray();
            foreach (int v in c) codes[k++] = v < 0 ? -1 : map[v];
        }
        return (codes, levels);
    }
}
