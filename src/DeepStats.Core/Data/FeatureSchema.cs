namespace DeepStats.Core.Data;

/// <summary>One feature of a schema: name, kind and, for categories, the level list in encoding order.</summary>
public sealed record FeatureInfo(string Name, ColumnKind Kind, IReadOnlyList<string> Levels)
{
    /// <summary>How the categories were encoded in training.</summary>
    public CategoryEncoding Encoding { get; init; }
    /// <summary>The level unseen categories map to, or null when they are an error.</summary>
    public string? UnknownLevel { get; init; }
    /// <summary>Made by a transform (a missing-value indicator): absent from raw data, added again by the model's transforms.</summary>
    public bool Derived { get; init; }
}

/// <summary>
/// The features a model was trained on (tables) or the image shape, so new data can be checked
/// and encoded identically: columns are matched by name, category codes are remapped to the
/// training levels, and class labels to the training classes.
/// </summary>
public sealed record FeatureSchema(IReadOnlyList<FeatureInfo> Features, int[]? ImageShape, string? TargetName, IReadOnlyList<string> Classes)
{
    /// <summary>Sequence models: the [steps, features] shape of one example.</summary>
    public int[]? SequenceShape { get; init; }
    public TargetKind TargetKind { get; init; }

    /// <summary>What kind of data the schema describes.</summary>
    public DatasetKind Kind => SequenceShape is not null ? DatasetKind.Sequence : ImageShape is not null ? DatasetKind.Image : DatasetKind.Tabular;

    public static FeatureSchema Of(Dataset data) => new(
        data.Columns.Select(c => c is CategoricalColumn k
            ? new FeatureInfo(c.Name, c.Kind, k.Levels) { Encoding = k.Encoding, UnknownLevel = k.UnknownLevel, Derived = c.DerivedBy is not null }
            : new FeatureInfo(c.Name, c.Kind, Array.Empty<string>()) { Derived = c.DerivedBy is not null }).ToArray(),
        data.Images?.Shape, data.Target?.Name, data.ClassLabels)
    { SequenceShape = data.Sequences?.Shape, TargetKind = data.Target?.Kind ?? TargetKind.Classification };

    /// <summary>Returns <paramref name="data"/> rearranged to this schema: same columns in the same order,
    /// categories coded with the training levels, target coded with the training classes.</summary>
    public Dataset Align(Dataset data)
    {
        if (data.Target is { } tk && TargetName is not null && tk.Kind != TargetKind)
            throw new DeepStatsException(ErrorIds.SchemaMismatch, FailureKind.InvalidData,
                $"The model predicts a {TargetKind.ToString().ToLowerInvariant()} target but target '{tk.Name}' of the data is a {tk.Kind.ToString().ToLowerInvariant()} one.", data);
        if (SequenceShape is not null)
        {
            if (data.Sequences is null || !data.Sequences.Shape.SequenceEqual(SequenceShape))
                throw new DeepStatsException(ErrorIds.SchemaMismatch, FailureKind.InvalidData,
                    $"The model was trained on sequences of shape {string.Join("x", SequenceShape)} (steps x features) but the data has " +
                    (data.Sequences is null ? $"{data.Kind.ToString().ToLowerInvariant()} data" : $"sequences of shape {string.Join("x", data.Sequences.Shape)}") + ".", data);
            return WithTarget(data, data.Columns, null);
        }
        if (ImageShape is not null)
        {
            if (data.Images is null || !data.Images.Shape.SequenceEqual(ImageShape))
                throw new DeepStatsException(ErrorIds.SchemaMismatch, FailureKind.InvalidData,
                    $"The model was trained on images of shape {string.Join("x", ImageShape)} but the data has " +
                    (data.Images is null ? "table columns" : $"images of shape {string.Join("x", data.Images.Shape)}") + ".", data);
            return WithTarget(data, data.Columns, data.Images);
        }
        if (data.Images is not null)
            throw new DeepStatsException(ErrorIds.SchemaMismatch, FailureKind.InvalidData, "The model was trained on table columns but the data holds images.", data);
        var cols = new List<DataColumn>();
        foreach (var f in Features)
        {
            if (f.Derived && data.GetColumn(f.Name) is null) continue; // the model's transforms add it
            var col = data.GetColumn(f.Name) ?? throw new DeepStatsException(ErrorIds.SchemaMismatch, FailureKind.InvalidData,
                $"Column '{f.Name}', which the model was trained on, is not in the data (its columns: {string.Join(", ", data.Columns.Select(c => c.Name))}).", f.Name);
            if (col.Kind != f.Kind)
                throw new DeepStatsException(ErrorIds.SchemaMismatch, FailureKind.InvalidData,
                    $"Column '{f.Name}' is {col.Kind} in the data but was {f.Kind} in training.", f.Name);
            if (col is BooleanColumn) cols.Add(col);
            else if (col is CategoricalColumn cat && (!cat.Levels.SequenceEqual(f.Levels) || cat.Encoding != f.Encoding || cat.UnknownLevel != f.UnknownLevel))
            {
                var map = Remap(cat.Levels, f.Levels, $"Column '{f.Name}'", f.UnknownLevel);
                cols.Add(new CategoricalColumn(cat.Name, cat.Codes.Select(c => c < 0 ? -1 : map[c]).ToArray(), f.Levels.ToArray(), f.Encoding, f.UnknownLevel)
                    { KindDeclared = cat.KindDeclared });
            }
            else cols.Add(col);
        }
        return WithTarget(data, cols, null);
    }

    private Dataset WithTarget(Dataset data, IReadOnlyList<DataColumn> cols, ImageBlock? images)
    {
        TargetColumn? target = data.Target;
        if (target is { Kind: TargetKind.Classification } && !target.Classes.SequenceEqual(Classes))
        {
            var map = Remap(target.Classes, Classes, $"Target '{target.Name}'");
            target = new TargetColumn(target.Name, target.Labels.Select(l => l < 0 ? -1 : map[l]).ToArray(), Classes.ToArray());
        }
        if (ReferenceEquals(target, data.Target) && cols.SequenceEqual(data.Columns)) return data;
        return data.Recoded(cols, images, target); // the chain and the raw view are kept: same rows, recoded
    }

    private static int[] Remap(IReadOnlyList<string> from, IReadOnlyList<string> to, string what, string? unknown = null)
    {
        int unknownCode = unknown is null ? -1 : to.ToList().IndexOf(unknown);
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < to.Count; i++) index[to[i]] = i;
        var map = new int[from.Count];
        for (int i = 0; i < from.Count; i++)
        {
            if (!index.TryGetValue(from[i], out map[i]) && unknownCode >= 0) map[i] = unknownCode;
            else if (!index.ContainsKey(from[i]))
                throw new DeepStatsException(ErrorIds.UnseenCategory, FailureKind.InvalidData,
                    $"{what} has the value '{from[i]}', which was not seen in training (known: {string.Join(", ", to)}). " +
                    "Remove or correct those rows, or train on data imported with -UnknownCategory so unseen categories go to an explicit unknown level.", from[i]);
        }
        return map;
    }
}
