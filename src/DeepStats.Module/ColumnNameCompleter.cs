using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace DeepStats.Commands;

/// <summary>
/// Completes column names for -Target, -Exclude and -Column from the header of the CSV file given
/// in -Path / -LiteralPath (Import-Dataset) or from the columns of a dataset variable bound to -Data.
/// </summary>
public sealed class ColumnNameCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        IEnumerable<string> names = Array.Empty<string>();
        try
        {
            var pathValue = fakeBoundParameters["Path"] ?? fakeBoundParameters["LiteralPath"];
            if (pathValue is not null)
            {
                string path = (pathValue is IEnumerable e and not string ? e.Cast<object>().FirstOrDefault() : pathValue)?.ToString() ?? "";
                using var ps = PowerShell.Create(RunspaceMode.CurrentRunspace);
                var resolved = ps.AddCommand("Resolve-Path").AddParameter("LiteralPath", path).Invoke().FirstOrDefault()?.Properties["ProviderPath"]?.Value as string;
                if (resolved is not null && File.Exists(resolved)) names = ReadHeader(resolved);
            }
            else if (fakeBoundParameters["Data"] is { } data && (data is PSObject p ? p.BaseObject : data) is Core.Data.Dataset ds)
            {
                names = ds.Columns.Select(c => c.Name);
            }
        }
        catch (Exception)
        {
            // completion must never throw at the user
        }
        foreach (var name in names.Where(n => n.StartsWith(wordToComplete.Trim('\'', '"'), StringComparison.OrdinalIgnoreCase)))
        {
            string text = name.Any(ch => char.IsWhiteSpace(ch) || ch is ',' or '\'' or '"' or '$') ? $"'{name.Replace("'", "''")}'" : name;
            yield return new CompletionResult(text, name, CompletionResultType.ParameterValue, name);
        }
    }

    private static IEnumerable<string> ReadHeader(string path)
    {
        using var fs = File.OpenRead(path);
        Stream s = Core.Data.CsvDatasetReader.IsGzip(fs) ? new System.IO.Compression.GZipStream(fs, System.IO.Compression.CompressionMode.Decompress) : fs;
        using var reader = new StreamReader(s);
        string? line = reader.ReadLine();
        if (line is null) return Array.Empty<string>();
        char sep = new[] { ',', ';', '\t', '|' }.OrderByDescending(c => line.Count(ch => ch == c)).First();
        return line.Split(sep).Select(h => h.Trim().Trim('"')).Where(h => h.Length > 0).ToArray();
    }
}
