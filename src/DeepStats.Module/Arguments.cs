using System.Collections;
using DeepStats.Core;
using DeepStats.Core.Data;

namespace DeepStats.Commands;

/// <summary>-Encoding values as PowerShell users write them (the names Import-Csv accepts, or a code page).</summary>
internal static class EncodingArgument
{
    public static System.Text.Encoding Parse(string name)
    {
        switch (name.ToLowerInvariant().Replace("-", ""))
        {
            case "utf8" or "utf8nobom": return new System.Text.UTF8Encoding(false);
            case "utf8bom": return new System.Text.UTF8Encoding(true);
            case "unicode" or "utf16" or "utf16le": return new System.Text.UnicodeEncoding(false, true);
            case "bigendianunicode" or "utf16be": return new System.Text.UnicodeEncoding(true, true);
            case "utf32": return new System.Text.UTF32Encoding(false, true);
            case "ascii": return System.Text.Encoding.ASCII;
            case "latin1" or "iso88591": return System.Text.Encoding.Latin1;
        }
        try
        {
            // windows-1252 and the other code pages are in the shared framework but need registering (pwsh does; a host may not)
            System.Text.Encoding.RegisterProvider(System.Text.CodePagesEncodingProvider.Instance);
            return int.TryParse(name, out int cp) ? System.Text.Encoding.GetEncoding(cp) : System.Text.Encoding.GetEncoding(name);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException)
        {
            throw new DeepStatsException(ErrorIds.UnknownEncoding, FailureKind.InvalidArgument,
                $"'{name}' is not an encoding this system knows. Use utf8, utf8BOM, unicode, bigendianunicode, utf32, ascii, latin1 or windows-1252.", name, e);
        }
    }
}

/// <summary>-ColumnType @{ name = 'Categorical' } as declared column kinds.</summary>
internal static class ColumnTypeArgument
{
    public static IReadOnlyDictionary<string, ColumnKind> Parse(Hashtable? table)
    {
        var result = new Dictionary<string, ColumnKind>(StringComparer.OrdinalIgnoreCase);
        if (table is null) return result;
        foreach (DictionaryEntry e in table)
        {
            var value = e.Value is System.Management.Automation.PSObject ps ? ps.BaseObject : e.Value;
            if (value is ColumnKind k) { result[e.Key.ToString()!] = k; continue; }
            var text = value?.ToString();
            if (text is not null && text.Equals("Text", StringComparison.OrdinalIgnoreCase)) text = "Categorical";
            if (text is not null && text.Equals("Bool", StringComparison.OrdinalIgnoreCase)) text = "Boolean";
            if (!Enum.TryParse(text, ignoreCase: true, out k) || !Enum.IsDefined(k))
                throw new DeepStatsException(ErrorIds.InvalidColumnType, FailureKind.InvalidArgument,
                    $"-ColumnType gives '{e.Key}' the kind '{e.Value}'; the kinds are Numeric, Categorical and Boolean.", e.Value);
            result[e.Key.ToString()!] = k;
        }
        return result;
    }
}

/// <summary>-Schema: a model (its raw input schema), a dataset (its raw columns) or a schema contract.</summary>
internal static class SchemaArgument
{
    public static SchemaContract? Parse(object? value) => (value is System.Management.Automation.PSObject ps ? ps.BaseObject : value) switch
    {
        null => null,
        SchemaContract c => c,
        Core.Training.TrainedModel m => m.Contract,
        Dataset d => SchemaContract.Of(d),
        var other => throw new DeepStatsException(ErrorIds.InvalidSchemaReference, FailureKind.InvalidArgument,
            $"-Schema takes a model (Import-Model), a dataset (Import-Dataset) or a schema contract, not a {other.GetType().Name}.", other),
    };
}
