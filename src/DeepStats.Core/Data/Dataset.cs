using System.Security.Cryptography;
using System.Runtime.InteropServices;
using DeepStats.Core.Preprocessing;

namespace DeepStats.Core.Data;

/// <summary>
/// Rows of typed features plus an optional target: the unit every stage passes on. Immutable:
/// transforms and splits return new datasets. Tabular data is columnar (<see cref="Columns"/>);
/// image data is one contiguous buffer (<see cref="Images"/>). <see cref="Transforms"/> lists the
/// fitted transforms already applied, so the same ones can be applied to new data and never
/// refitted on it.
/// </summary>
public sealed class Dataset
{
    private string? _fingerprint;
    private Lazy<Dataset?>? _beforeTransform;

    private Dataset(string name, string source, IReadOnlyList<DataColumn> columns, ImageBlock? images,
        TargetColumn? target, IReadOnlyList<IFittedTransform> transforms, SequenceBlock? sequences = null)
    {
        Sequences = sequences;
        Name = name;
        Source = source;
        Columns = columns;
        Images = images;
        Target = target;
        Transforms = transforms;
        RowCount = images?.Count ?? sequences?.Count ?? (columns.Count > 0 ? columns[0].Length : target?.Length ?? 0);
        foreach (var c in columns)
            if (c.Length != RowCount) throw new ArgumentException($"Column '{c.Name}' has {c.Length} rows, expected {RowCount}.");
        if (target is not null && target.Length != RowCount)
            throw new ArgumentException($"Target '{target.Name}' has {target.Length} rows, expected {RowCount}.");
    }

    public static Dataset Tabular(string name, string source, IReadOnlyList<DataColumn> columns, TargetColumn? target) =>
        new(name, source, columns, null, target, Array.Empty<IFittedTransform>());

    public static Dataset FromImages(string name, string source, ImageBlock images, TargetColumn? target) =>
        new(name, source, Array.Empty<DataColumn>(), images, target, Array.Empty<IFittedTransform>());

    public static Dataset FromSequences(string name, string source, SequenceBlock sequences, TargetColumn? target, IReadOnlyList<IFittedTransform> transforms) =>
        new(name, source, Array.Empty<DataColumn>(), null, target, transforms, sequences);

    public string Name { get; }
    /// <summary>Where the data came from (a file path, or a description).</summary>
    public string Source { get; }
    public DatasetKind Kind => Images is not null ? DatasetKind.Image : Sequences is not null ? DatasetKind.Sequence : DatasetKind.Tabular;
    public int RowCount { get; }
    public IReadOnlyList<DataColumn> Columns { get; }
    public ImageBlock? Images { get; }
    /// <summary>Windows of a series (ConvertTo-Sequence): N x steps x features.</summary>
    public SequenceBlock? Sequences { get; }
    public TargetColumn? Target { get; }
    public IReadOnlyList<IFittedTransform> Transforms { get; }

    /// <summary>The same rows before the last recorded transform was applied (walking back reaches the raw
    /// data), so whoever holds rows out (a cross-validation fold) can refit the transforms on its training rows.
    /// Null for data without transforms, or whose transforms were recorded when it was built (sequences).
    /// Hook for cross-validation until the recipes of the preprocessing issue replace it.</summary>
    internal Dataset? BeforeTransform => _beforeTransform?.Value;

    /// <summary>Number of model inputs per row after encoding (one-hot categories count one per level).</summary>
    public int FeatureCount => Images?.ImageSize ?? (Sequences is { } q ? q.Steps * q.Features : Columns.Sum(c => c.EncodedWidth));

    /// <summary>The shape of one row as a model sees it: [features] or [channels, height, width].</summary>
    public int[] InputShape => Images?.Shape ?? Sequences?.Shape ?? new[] { FeatureCount };

    public string[] ClassLabels => Target?.Classes ?? Array.Empty<string>();

    /// <summary>The columns as users inspect them: name, role, kind (inferred or declared), levels, missing count, encoding.</summary>
    public IReadOnlyList<ColumnInfo> Schema => ColumnInfo.Of(this);

    public DataColumn? GetColumn(string name) =>
        Columns.FirstOrDefault(c => string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>A new dataset holding the given rows, in order (transforms are kept).</summary>
    public Dataset Select(ReadOnlySpan<int> rows)
    {
        var cols = new DataColumn[Columns.Count];
        for (int i = 0; i < cols.Length; i++) cols[i] = Columns[i].Select(rows);
        var selected = new Dataset(Name, Source, cols, Images?.Select(rows), Target?.Select(rows), Transforms, Sequences?.Select(rows))
            { Unfitted = Unfitted?.Select(rows), Recipes = Recipes };
        if (_beforeTransform is not null)
        {
            var before = _beforeTransform;
            var kept = rows.ToArray();
            selected._beforeTransform = new Lazy<Dataset?>(() => before.Value?.Select(kept));
        }
        return selected;
    }

    /// <summary>The data before the refittable preprocessing (<see cref="Recipes"/>) was applied, as a view; null when none was.</summary>
    public DatasetView? Unfitted { get; private init; }

    /// <summary>
    /// The ordered preprocessing pipeline whose fitted states are the last <c>Recipes.Count</c> entries of
    /// <see cref="Transforms"/>: whoever holds rows out refits them on the rest (PreprocessingPipeline.RefitOn).
    /// </summary>
    public IReadOnlyList<Preprocessing.Recipe> Recipes { get; private init; } = Array.Empty<Preprocessing.Recipe>();

    /// <summary>This dataset recording that its last <paramref name="recipes"/>.Count transforms came from those recipes fitted on <paramref name="unfitted"/>.</summary>
    internal Dataset WithRecipes(DatasetView? unfitted, IReadOnlyList<Preprocessing.Recipe> recipes) =>
        new(Name, Source, Columns, Images, Target, Transforms, Sequences) { Unfitted = unfitted, Recipes = recipes, _fingerprint = _fingerprint };

    /// <summary>A view of some rows of this dataset (no copy).</summary>
    public DatasetView View(int[]? rows = null) => new(this, rows);

    /// <summary>A new dataset with replaced features and one more transform recorded.</summary>
    public Dataset WithTransformed(IReadOnlyList<DataColumn> columns, ImageBlock? images, IFittedTransform applied) =>
        new(Name, Source, columns, images, Target, Transforms.Append(applied).ToArray(), Sequences) { _beforeTransform = new Lazy<Dataset?>(this) };

    /// <summary>A new dataset with transformed sequences and one more transform recorded.</summary>
    public Dataset WithTransformedSequences(SequenceBlock sequences, IFittedTransform applied) =>
        new(Name, Source, Array.Empty<DataColumn>(), null, Target, Transforms.Append(applied).ToArray(), sequences) { _beforeTransform = new Lazy<Dataset?>(this) };

    /// <summary>A new dataset without the given columns.</summary>
    public Dataset WithoutColumns(IEnumerable<string> names)
    {
        var drop = new HashSet<string>(names, StringComparer.OrdinalIgnoreCase);
        var result = new Dataset(Name, Source, Columns.Where(c => !drop.Contains(c.Name)).ToArray(), Images, Target, Transforms, Sequences);
        if (_beforeTransform is not null)
        {
            var before = _beforeTransform;
            result._beforeTransform = new Lazy<Dataset?>(() => before.Value?.WithoutColumns(drop));
        }
        return result;
    }

    /// <summary>A SHA-256 over the content (features and target), first 16 hex digits: equal data, equal fingerprint.</summary>
    public string Fingerprint => _fingerprint ??= ComputeFingerprint();

    private string ComputeFingerprint()
    {
        using var h = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        if (Images is not null) h.AppendData(MemoryMarshal.AsBytes(Images.Pixels.AsSpan()));
        if (Sequences is not null) h.AppendData(MemoryMarshal.AsBytes(Sequences.Values.AsSpan()));
        foreach (var c in Columns)
        {
            h.AppendData(System.Text.Encoding.UTF8.GetBytes(c.Name + "\0"));
            switch (c)
            {
                case NumericColumn n: h.AppendData(MemoryMarshal.AsBytes(n.Values.AsSpan())); break;
                case CategoricalColumn k:
                    h.AppendData(MemoryMarshal.AsBytes(k.Codes.AsSpan()));
                    h.AppendData(System.Text.Encoding.UTF8.GetBytes(string.Join("\0", k.Levels)));
                    break;
            }
        }
        if (Target is not null) h.AppendData(Target.Values is { } tv ? MemoryMarshal.AsBytes(tv.AsSpan()) : MemoryMarshal.AsBytes(Target.Labels.AsSpan()));
        return Convert.ToHexString(h.GetHashAndReset())[..16].ToLowerInvariant();
    }

    public override string ToString() =>
        $"{Name}: {RowCount} rows, {(Images is not null ? string.Join("x", Images.Shape) + " images" : Sequences is not null ? string.Join("x", Sequences.Shape) + " sequences" : Columns.Count + " columns")}" +
        (Target is null ? "" : Target.Kind == TargetKind.Regression ? $", numeric target '{Target.Name}'" : $", target '{Target.Name}' ({Target.ClassCount} classes)");
}
