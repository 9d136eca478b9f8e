namespace DeepStats.Core.Data;

/// <summary>One feature of a schema: name, kind and, for categories, the level list in encoding order.</summary>
public sealed record FeatureInfo(string Name, ColumnKind Kind, IReadOnlyList<string> Levels);

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

    public static FeatureSchema Of(Dataset data) => new(
        data.Columns.Select(c => new FeatureInfo(c.Name, c.Kind, c is CategoricalColumn k ? k.Levels : Array.Empty<string>())).ToArray(),
        data.Images?.Shape, data.Target?.Name, data.ClassLabels)
    { SequenceShape = data.Sequences?.Shape, TargetKind = data.Target?.Kind ?? TargetKind.Classification };

    /// <summary>Returns <paramref name="data"/> rearranged to this schema: same columns in the same order,
    /// categories coded with the training levels, target coded with the training classes.</summary>
    public Dataset Align(Dataset data)
    {
        if (data.Target is { } tk && TargetName is not null && tk.Kind != TargetKind)
            throw new DeepStatsException("SchemaMismatch", FailureKind.InvalidData,
                $"The model predicts a {TargetKind.ToString().ToLowerInvariant()} target but target '{tk.Name}' of the data is a {tk.Kind.ToString().ToLowerInvariant()} one.", data);
        if (SequenceShape is not null)
        {
            if (data.Sequences is null || !data.Sequences.Shape.SequenceEqual(SequenceShape))
                throw new DeepStatsException("SchemaMismatch", FailureKind.InvalidData,
                    $"The model was trained on sequences of shape {string.Join("x", SequenceShape)} (steps x features) but the data has " +
                    (data.Sequences is null ? $"{data.Kind.ToString().ToLowerInvariant()} data" : $"sequences of shape {string.Join("x", data.Sequences.Shape)}") + ".", data);
            return WithTarget(data, data.Columns, null);
        }
        if (ImageShape is not null)
        {
            if (data.Images is null || !data.Images.Shape.SequenceEqual(ImageShape))
                throw new DeepStatsException("SchemaMismatch", FailureKind.InvalidData,
                    $"The model was trained on images of shape {string.Join("x", ImageShape)} but the data has " +
                    (data.Images is null ? "table columns" : $"images of shape {string.Join("x", data.Images.Shape)}") + ".", data);
            return WithTarget(data, data.Columns, data.Images);
        }
        if (data.Images is not null)
            throw new DeepStatsException("SchemaMismatch", FailureKind.InvalidData, "The model was trained on table columns but the data holds images.", data);
        var cols = new List<DataColumn>();
        foreach (var f in Features)
        {
            var col = data.GetColumn(f.Name) ?? throw new DeepStatsException("SchemaMismatch", FailureKind.InvalidData,
                $"Column '{f.Name}', which the model was trained on, is not in the data (its columns: {string.Join(", ", data.Columns.Select(c => c.Name))}).", f.Name);
            if (col.Kind != f.Kind)
                throw new DeepStatsException("SchemaMismatch", FailureKind.InvalidData,
                    $"Column '{f.Name}' is {col.Kind} in the data but was {f.Kind} in training.", f.Name);
            if (col is CategoricalColumn cat && !cat.Levels.SequenceEqual(f.Levels))
            {
                var map = Remap(cat.Levels, f.Levels, $"Column '{f.Name}'");
                cols.Add(new CategoricalColumn(cat.Name, cat.Codes.Select(c => c < 0 ? -1 : map[c]).ToArray(), f.Levels.ToArray()));
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
        if (data.Sequences is not null) return Dataset.FromSequences(data.Name, data.Source, data.Sequences, target, data.Transforms);
        var aligned = images is not null ? Dataset.FromImages(data.Name, data.Source, images, target) : Dataset.Tabular(data.Name, data.Source, cols, target);
        return CarryTransforms(aligned, data);
    }

    private static Dataset CarryTransforms(Dataset aligned, Dataset original)
    {
        var result = aligned;
        foreach (var t in original.Transforms) result = result.WithTransformed(result.Columns, result.Images, t);
        return result;
    }

    private static int[] Remap(IReadOnlyList<string> from, IReadOnlyList<string> to, string what)
    {
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < to.Count; i++) index[to[i]] = i;
        var map = new int[from.Count];
        for (int i = 0; i < from.Count; i++)
        {
            if (!index.TryGetValue(from[i], out map[i]))
                throw new DeepStatsException("UnseenCategory", FailureKind.InvalidData,
                    $"{what} has the value '{from[i]}', which was not seen in training (known: {string.Join(", ", to)}).", from[i]);
        }
        return map;
    }
}
