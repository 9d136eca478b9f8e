namespace DeepStats.Core.Data;

/// <summary>
/// One row of a dataset's schema, for users to inspect (<c>$ds.Schema</c>): name, role (Feature or
/// Target), kind, whether the kind was inferred or declared, levels, missing count and how the
/// column becomes model inputs.
/// </summary>
public sealed record ColumnInfo(
    string Name,
    string Role,
    ColumnKind Kind,
    string TypeSource,
    int LevelCount,
    IReadOnlyList<string> Levels,
    int MissingCount,
    string Encoding,
    int Inputs)
{
    public static IReadOnlyList<ColumnInfo> Of(Dataset data)
    {
        var list = new List<ColumnInfo>();
        foreach (var c in data.Columns)
        {
            var levels = c is CategoricalColumn k ? k.Levels : Array.Empty<string>();
            string encoding = c switch
            {
                BooleanColumn => "0/1",
                CategoricalColumn k2 => k2.Encoding + (k2.UnknownLevel is null ? "" : $" + '{k2.UnknownLevel}'"),
                _ => "float64 -> float32",
            };
            list.Add(new ColumnInfo(c.Name, "Feature", c.Kind, c.KindDeclared ? "Declared" : "Inferred", levels.Length, levels,
                c.MissingCount, encoding, c.EncodedWidth));
        }
        if (data.Images is { } img)
            list.Add(new ColumnInfo("(pixels)", "Feature", ColumnKind.Numeric, "Image", 0, Array.Empty<string>(), 0,
                $"{img.Channels}x{img.Height}x{img.Width} float32", img.ImageSize));
        if (data.Target is { } t)
            list.Add(new ColumnInfo(t.Name, "Target", ColumnKind.Categorical, "Target", t.ClassCount, t.Classes, t.MissingCount, "class index", 0));
        return list;
    }

    public override string ToString() => $"{Name} ({Role}, {Kind})";
}
