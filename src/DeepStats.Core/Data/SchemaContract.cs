namespace DeepStats.Core.Data;

/// <summary>What kind of difference a <see cref="SchemaDifference"/> is.</summary>
public enum SchemaDifferenceKind
{
    /// <summary>The data is images, a table or sequences where the reference is another kind, or its shape differs.</summary>
    DataKind,
    /// <summary>A reference column is not in the data.</summary>
    MissingColumn,
    /// <summary>The data has a column the reference does not.</summary>
    ExtraColumn,
    /// <summary>A reference column is missing and a data column of the same kind has the same name up to case, spaces, '_', '-' and '.'.</summary>
    RenamedColumn,
    /// <summary>A column is another kind (numeric, categorical, boolean) than in the reference.</summary>
    KindChanged,
    /// <summary>A column numeric in the reference holds text that is not a number (on any row).</summary>
    TextInNumericColumn,
    /// <summary>A categorical column holds a level the reference does not know (and the reference has no unknown level).</summary>
    UnseenLevel,
    /// <summary>The target is a number where the reference's is classes, or the other way round.</summary>
    TargetKindChanged,
    /// <summary>The target holds a class the reference does not know.</summary>
    UnseenClass,
}

/// <summary>
/// One difference between data and a reference schema: the column, what was expected and found, how many rows and
/// where first (line of a file, or row of pipeline input; 0 when it is not about rows), and the same in words.
/// </summary>
public sealed record SchemaDifference(SchemaDifferenceKind Kind, string Column, string Expected, string Actual, int Rows, long FirstAt, string Description)
{
    public override string ToString() => Description;
}

/// <summary>
/// A schema contract: data must have the reference's column set, kinds and levels (<see cref="Compare"/> lists every
/// difference; <see cref="Enforce"/> refuses data with any, in one <c>SchemaMismatch</c> error whose target is the list).
/// The reference is a model's raw input schema (<c>TrainedModel.InputSchema</c>, the data before its first step) or a
/// dataset's (its raw view). Readers that take a contract through <see cref="CsvImportOptions.Schema"/> read every
/// reference column with the reference's kind (so a first-row 'sensor-error' in a numeric column is text in a numeric
/// column, not a new categorical column), collect the text found in numeric columns on every row instead of stopping at
/// the first, and hand the columns here. Data that passes is aligned to the reference: its columns in the reference's
/// order, categories and classes coded with the reference's levels.
/// </summary>
public sealed class SchemaContract
{
    public SchemaContract(FeatureSchema reference, string referenceName)
    {
        Reference = reference;
        ReferenceName = referenceName;
    }

    /// <summary>The schema data must have.</summary>
    public FeatureSchema Reference { get; }
    /// <summary>What the reference is, for messages ("model trained on 'week1'", "dataset 'week1'").</summary>
    public string ReferenceName { get; }

    /// <summary>The contract of a dataset: the raw data its chain starts from (as a model trained on it would keep).</summary>
    public static SchemaContract Of(Dataset data) => new(FeatureSchema.Of(data.Raw?.Data ?? data), $"dataset '{data.Name}'");

    /// <summary>The kind the reference gives column <paramref name="name"/> (matched without case), or null when it has no such column.</summary>
    public ColumnKind? KindOf(string name)
    {
        foreach (var f in Reference.Features)
            if (!f.Derived && string.Equals(f.Name, name, StringComparison.OrdinalIgnoreCase)) return f.Kind;
        return null;
    }

    /// <summary>The target a reader takes under this contract: the one given, else the reference's target when <paramref name="columns"/> has it
    /// (data to predict may come without it).</summary>
    public string? TargetAmong(IReadOnlyList<string> columns, string? given) =>
        given ?? (Reference.TargetName is { } t && columns.Any(c => Same(c, t)) ? t : null);

    /// <summary>The target kind a reader takes under this contract: the one given, else the reference's.</summary>
    public TargetKind? TargetKindOr(TargetKind? given) => given ?? (Reference.TargetName is null ? null : Reference.TargetKind);

    /// <summary>Every difference between <paramref name="data"/> and the reference; empty when the data conforms.
    /// <paramref name="rejected"/>: text a reader found in numeric columns (by column name).</summary>
    public IReadOnlyList<SchemaDifference> Compare(Dataset data, IReadOnlyDictionary<string, RejectedText>? rejected = null)
    {
        var list = new List<SchemaDifference>();
        var r = Reference;
        if (r.Kind != data.Kind || r.ImageShape is { } s && !(data.Images?.Shape.SequenceEqual(s) ?? false)
            || r.SequenceShape is { } q && !(data.Sequences?.Shape.SequenceEqual(q) ?? false))
        {
            string expected = Describe(r.Kind, r.ImageShape ?? r.SequenceShape), actual = Describe(data.Kind, data.Images?.Shape ?? data.Sequences?.Shape);
            list.Add(new(SchemaDifferenceKind.DataKind, "", expected, actual, 0, 0, $"The {ReferenceName} has {expected} but the data has {actual}."));
            return list;
        }
        var features = r.Features.Where(f => !f.Derived).ToList();
        var extra = data.Columns.Where(c => c.DerivedBy is null && !features.Any(f => Same(f.Name, c.Name))).ToList();
        foreach (var f in features)
        {
            var col = data.Columns.FirstOrDefault(c => Same(c.Name, f.Name));
            if (col is null)
            {
                var renamed = extra.FirstOrDefault(c => Normalized(c.Name) == Normalized(f.Name) && c.Kind == f.Kind);
                if (renamed is not null)
                {
                    extra.Remove(renamed);
                    list.Add(new(SchemaDifferenceKind.RenamedColumn, f.Name, f.Name, renamed.Name, 0, 0,
                        $"Column '{f.Name}' of the {ReferenceName} is not in the data; '{renamed.Name}' looks like it renamed. Rename it back (or import with -Header)."));
                }
                else
                    list.Add(new(SchemaDifferenceKind.MissingColumn, f.Name, f.Kind.ToString(), "(absent)", 0, 0,
                        $"Column '{f.Name}' ({f.Kind}) of the {ReferenceName} is not in the data."));
                continue;
            }
            if (rejected is not null && rejected.TryGetValue(col.Name, out var bad) && bad.Count > 0)
                list.Add(new(SchemaDifferenceKind.TextInNumericColumn, f.Name, "numbers", $"'{bad.Values[0]}'", bad.Count, bad.Lines[0],
                    $"Column '{f.Name}' is numeric in the {ReferenceName} but holds {bad.Count} value(s) that are not numbers: " +
                    string.Join(", ", bad.Values.Zip(bad.Lines, (v, l) => $"'{v}' ({bad.Unit} {l})")) + (bad.Count > bad.Values.Count ? ", ..." : "") +
                    ". Correct them or write a missing-value token."));
            if (col.Kind != f.Kind)
            {
                list.Add(new(SchemaDifferenceKind.KindChanged, f.Name, f.Kind.ToString(), col.Kind.ToString(), 0, 0,
                    $"Column '{f.Name}' is {col.Kind} in the data but {f.Kind} in the {ReferenceName}."));
                continue;
            }
            if (col is CategoricalColumn cat and not BooleanColumn && f.UnknownLevel is null)
            {
                var known = new HashSet<string>(f.Levels, StringComparer.Ordinal);
                var counts = new int[cat.Levels.Length];
                foreach (int c in cat.Codes) if (c >= 0) counts[c]++;
                var unseen = Enumerable.Range(0, cat.Levels.Length).Where(i => counts[i] > 0 && !known.Contains(cat.Levels[i])).ToList();
                if (unseen.Count > 0)
                {
                    int rows = unseen.Sum(i => counts[i]);
                    long first = FirstRow(cat.Codes, unseen);
                    list.Add(new(SchemaDifferenceKind.UnseenLevel, f.Name, string.Join(", ", f.Levels.Take(10)) + (f.Levels.Count > 10 ? ", ..." : ""),
                        string.Join(", ", unseen.Take(10).Select(i => cat.Levels[i])), rows, first,
                        $"Column '{f.Name}' has {unseen.Count} level(s) the {ReferenceName} does not know ({string.Join(", ", unseen.Take(10).Select(i => $"'{cat.Levels[i]}' x{counts[i]}"))}" +
                        $"{(unseen.Count > 10 ? ", ..." : "")}; first in data row {first}). Correct them, or train on data imported with -UnknownCategory."));
                }
            }
        }
        foreach (var c in extra)
            list.Add(new(SchemaDifferenceKind.ExtraColumn, c.Name, "(absent)", c.Kind.ToString(), 0, 0,
                $"Column '{c.Name}' ({c.Kind}) is in the data but not in the {ReferenceName}. Leave it out with -Exclude '{c.Name}'."));
        if (data.Target is { } t && r.TargetName is not null)
        {
            if (t.Kind != r.TargetKind)
                list.Add(new(SchemaDifferenceKind.TargetKindChanged, t.Name, r.TargetKind.ToString(), t.Kind.ToString(), 0, 0,
                    $"Target '{t.Name}' is a {t.Kind} target in the data but {r.TargetKind} in the {ReferenceName}. Import with -TargetKind {r.TargetKind}."));
            else if (t.Kind == TargetKind.Classification)
            {
                var known = new HashSet<string>(r.Classes, StringComparer.Ordinal);
                var counts = new int[t.ClassCount];
                foreach (int l in t.Labels) if (l >= 0) counts[l]++;
                var unseen = Enumerable.Range(0, t.ClassCount).Where(i => counts[i] > 0 && !known.Contains(t.Classes[i])).ToList();
                if (unseen.Count > 0)
                    list.Add(new(SchemaDifferenceKind.UnseenClass, t.Name, string.Join(", ", r.Classes.Take(10)), string.Join(", ", unseen.Select(i => t.Classes[i])),
                        unseen.Sum(i => counts[i]), FirstRow(t.Labels, unseen),
                        $"Target '{t.Name}' has class(es) the {ReferenceName} does not know: {string.Join(", ", unseen.Select(i => $"'{t.Classes[i]}' x{counts[i]}"))}."));
            }
        }
        return list;
    }

    /// <summary><paramref name="data"/> aligned to the reference when it conforms; otherwise one <c>SchemaMismatch</c> error listing
    /// every difference (its target is the list of <see cref="SchemaDifference"/>s).</summary>
    public Dataset Enforce(Dataset data, string source, IReadOnlyDictionary<string, RejectedText>? rejected = null)
    {
        var differences = Compare(data, rejected);
        if (differences.Count > 0)
            throw new DeepStatsException(ErrorIds.SchemaMismatch, FailureKind.InvalidData,
                $"'{source}' does not have the schema of the {ReferenceName}: {differences.Count} difference(s):" + Environment.NewLine +
                string.Join(Environment.NewLine, differences.Select(d => "  - " + d.Description)) + Environment.NewLine +
                "Nothing was imported. Compare-DatasetSchema lists the same differences as objects.", differences);
        return Reference.Align(data);
    }

    private static long FirstRow(int[] codes, List<int> which)
    {
        var set = new HashSet<int>(which);
        for (int i = 0; i < codes.Length; i++) if (set.Contains(codes[i])) return i + 1;
        return 0;
    }

    private static bool Same(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);

    private static string Normalized(string name) =>
        new(name.Where(ch => !char.IsWhiteSpace(ch) && ch is not ('_' or '-' or '.')).Select(char.ToLowerInvariant).ToArray());

    private static string Describe(DatasetKind kind, int[]? shape) => kind switch
    {
        DatasetKind.Image => $"images of shape {string.Join("x", shape ?? Array.Empty<int>())}",
        DatasetKind.Sequence => $"sequences of shape {string.Join("x", shape ?? Array.Empty<int>())}",
        _ => "table columns",
    };
}

/// <summary>Text a reader found in a column the contract says is numeric: how many values, and the first few with where they were.</summary>
public sealed class RejectedText(string unit)
{
    public const int Kept = 5;
    /// <summary>What the positions count: "line" (a file) or "row" (pipeline input).</summary>
    public string Unit { get; } = unit;
    public int Count { get; private set; }
    public List<string> Values { get; } = new();
    public List<long> Lines { get; } = new();

    public void Add(string value, long at)
    {
        if (Count++ < Kept) { Values.Add(value); Lines.Add(at); }
    }
}
