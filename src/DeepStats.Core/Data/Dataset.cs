using System.Security.Cryptography;
using System.Runtime.InteropServices;
using DeepStats.Core.Preprocessing;

namespace DeepStats.Core.Data;

/// <summary>
/// Rows of typed features plus an optional target: the unit every stage passes on. Immutable:
/// transforms and splits return new datasets. Tabular data is columnar (<see cref="Columns"/>);
/// image data is one contiguous buffer (<see cref="Images"/>).
/// Provenance, one model: a dataset carries its raw data (<see cref="Raw"/>, a view: row i of this
/// dataset is row i of the view) and the ordered chain of steps applied to it since, each a recipe
/// (<see cref="Recipes"/>) with its fitted state (<see cref="Transforms"/>, same length and order).
/// A step taken from elsewhere (-Reference) or learning nothing (windows) is a <see cref="FrozenRecipe"/>.
/// Whoever holds rows out refits the chain on the rest (<see cref="PreprocessingPipeline.RefitOn"/>);
/// new data is aligned to the raw data's schema and taken through every state in order.
/// </summary>
public sealed class Dataset
{
    private string? _fingerprint;

    private Dataset(string name, string source, IReadOnlyList<DataColumn> columns, ImageBlock? images,
        TargetColumn? target, SequenceBlock? sequences = null)
    {
        Sequences = sequences;
        Name = name;
        Source = source;
        Columns = columns;
        Images = images;
        Target = target;
        RowCount = images?.Count ?? sequences?.Count ?? (columns.Count > 0 ? columns[0].Length : target?.Length ?? 0);
        foreach (var c in columns)
            if (c.Length != RowCount) throw new ArgumentException($"Column '{c.Name}' has {c.Length} rows, expected {RowCount}.");
        if (target is not null && target.Length != RowCount)
            throw new ArgumentException($"Target '{target.Name}' has {target.Length} rows, expected {RowCount}.");
    }

    public static Dataset Tabular(string name, string source, IReadOnlyList<DataColumn> columns, TargetColumn? target) =>
        new(name, source, columns, null, target);

    public static Dataset FromImages(string name, string source, ImageBlock images, TargetColumn? target) =>
        new(name, source, Array.Empty<DataColumn>(), images, target);

    public static Dataset FromSequences(string name, string source, SequenceBlock sequences, TargetColumn? target) =>
        new(name, source, Array.Empty<DataColumn>(), null, target, sequences);

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

    /// <summary>The fitted state of every step of the chain, in the order applied.</summary>
    public IReadOnlyList<FittedState> Transforms { get; private init; } = Array.Empty<FittedState>();

    /// <summary>The recipe of every step of the chain (same length and order as <see cref="Transforms"/>); a state taken
    /// from elsewhere or learning nothing is a <see cref="FrozenRecipe"/>.</summary>
    public IReadOnlyList<Recipe> Recipes { get; private init; } = Array.Empty<Recipe>();

    /// <summary>
    /// The raw data the chain's steps from <see cref="RawStep"/> on start from, as a view (row i of this dataset is row i of the
    /// view; nothing is copied); null when the dataset carries no chain. For tables it is the data before the first step. Windowing
    /// (ConvertTo-Sequence) changes what a row is, so it is a boundary: for windowed data the view is the windows as cut (after the
    /// steps up to the windowing, which stay as they were fitted), and the steps after it start from them.
    /// Row fingerprints (<see cref="RowFilter"/>) hash these rows, so they never collide through a dropped column.
    /// </summary>
    public DatasetView? Raw { get; private set; }

    /// <summary>The index of the first step of the chain that starts from <see cref="Raw"/>: 0, or the step after the windowing.</summary>
    public int RawStep { get; private init; }

    /// <summary>True when every fitted step from <see cref="RawStep"/> on was fitted on exactly this dataset's rows (so a refit on
    /// all of them would change nothing); false after a selection of rows or a fit on some of them.</summary>
    internal bool FittedOnItsRows { get; private init; } = true;

    /// <summary>Number of model inputs per row after encoding (one-hot categories count one per level).</summary>
    public int FeatureCount => Images?.ImageSize ?? (Sequences is { } q ? q.Steps * q.Features : Columns.Sum(c => c.EncodedWidth));

    /// <summary>The shape of one row as a model sees it: [features] or [channels, height, width].</summary>
    public int[] InputShape => Images?.Shape ?? Sequences?.Shape ?? new[] { FeatureCount };

    public string[] ClassLabels => Target?.Classes ?? Array.Empty<string>();

    /// <summary>The columns as users inspect them: name, role, kind (inferred or declared), levels, missing count, encoding.</summary>
    public IReadOnlyList<ColumnInfo> Schema => ColumnInfo.Of(this);

    public DataColumn? GetColumn(string name) =>
        Columns.FirstOrDefault(c => string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>A new dataset holding the given rows, in order (the chain is kept; its raw view is narrowed to the same rows).</summary>
    public Dataset Select(ReadOnlySpan<int> rows)
    {
        var cols = new DataColumn[Columns.Count];
        for (int i = 0; i < cols.Length; i++) cols[i] = Columns[i].Select(rows);
        bool same = rows.Length == RowCount;
        for (int i = 0; same && i < rows.Length; i++) same = rows[i] == i;
        return new Dataset(Name, Source, cols, Images?.Select(rows), Target?.Select(rows), Sequences?.Select(rows))
        {
            Transforms = Transforms, Recipes = Recipes, Raw = Raw?.Select(rows), RawStep = RawStep, FittedOnItsRows = same && FittedOnItsRows,
        };
    }

    /// <summary>A view of some rows of this dataset (no copy).</summary>
    public DatasetView View(int[]? rows = null) => new(this, rows);

    /// <summary>A new dataset with replaced features (or images) and <paramref name="applied"/> appended to the chain as a frozen step
    /// (<see cref="PreprocessingPipeline"/> then records the recipe it came from).</summary>
    public Dataset WithTransformed(IReadOnlyList<DataColumn> columns, ImageBlock? images, FittedState applied) =>
        Appended(new Dataset(Name, Source, columns, images, Target), applied);

    /// <summary>A new dataset with transformed sequences and <paramref name="applied"/> appended to the chain as a frozen step.</summary>
    public Dataset WithTransformedSequences(SequenceBlock sequences, FittedState applied) =>
        Appended(new Dataset(Name, Source, Array.Empty<DataColumn>(), null, Target, sequences), applied);

    private Dataset Appended(Dataset result, FittedState applied) => new(result.Name, result.Source, result.Columns, result.Images, result.Target, result.Sequences)
    {
        Transforms = Transforms.Append(applied).ToArray(),
        Recipes = Recipes.Append(new FrozenRecipe(applied)).ToArray(),
        Raw = Raw ?? View(), RawStep = RawStep, FittedOnItsRows = FittedOnItsRows,
    };

    /// <summary>
    /// The windows cut from this table (<paramref name="windows"/> appended to the chain as a frozen step). A window row is not a table
    /// row, so the windows become the raw data of the steps after them (<see cref="Raw"/>, <see cref="RawStep"/>).
    /// </summary>
    internal Dataset WithWindows(SequenceBlock sequences, TargetColumn target, SequenceWindows windows)
    {
        var result = new Dataset(Name, Source, Array.Empty<DataColumn>(), null, target, sequences)
        {
            Transforms = Transforms.Append(windows).ToArray(),
            Recipes = Recipes.Append(new FrozenRecipe(windows)).ToArray(),
            RawStep = Transforms.Count + 1,
        };
        result.Raw = new DatasetView(result);
        return result;
    }

    /// <summary>This dataset with its last step recorded as coming from <paramref name="recipe"/>; <paramref name="fittedOnItsRows"/>
    /// says whether the state was fitted on all of this dataset's rows.</summary>
    internal Dataset Recorded(Recipe recipe, bool fittedOnItsRows)
    {
        var recipes = Recipes.ToArray();
        recipes[^1] = recipe;
        return new Dataset(Name, Source, Columns, Images, Target, Sequences)
        {
            Transforms = Transforms, Recipes = recipes, Raw = Raw, RawStep = RawStep, FittedOnItsRows = fittedOnItsRows, _fingerprint = _fingerprint,
        };
    }

    /// <summary>The same rows with recoded features or target (schema alignment: category codes, class order); the chain is kept.</summary>
    internal Dataset Recoded(IReadOnlyList<DataColumn> columns, ImageBlock? images, TargetColumn? target) =>
        new(Name, Source, columns, images, target, Sequences)
        {
            Transforms = Transforms, Recipes = Recipes, Raw = Raw, RawStep = RawStep, FittedOnItsRows = FittedOnItsRows,
        };

    /// <summary>A new dataset without the given columns (raw data only: dropping columns after preprocessing would not survive a refit).</summary>
    public Dataset WithoutColumns(IEnumerable<string> names)
    {
        if (Transforms.Count > 0)
            throw new InvalidOperationException($"Dataset '{Name}' carries preprocessing; drop columns from the raw data, before any step.");
        var drop = new HashSet<string>(names, StringComparer.OrdinalIgnoreCase);
        return new Dataset(Name, Source, Columns.Where(c => !drop.Contains(c.Name)).ToArray(), Images, Target, Sequences);
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
