using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;
using System.Management.Automation.Runspaces;
using DeepStats.Core.Data;

namespace DeepStats.Commands;

/// <summary>Completes column names for -Target, -Include, -Exclude and -Column from the header of the file in
/// -Path / -LiteralPath, or from the columns of a dataset bound to -Data.</summary>
public sealed class ColumnNameCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        var word = wordToComplete.Trim('\'', '"');
        if (fakeBoundParameters["Data"] is { } bound && (bound is PSObject po ? po.BaseObject : bound) is Dataset data)
        {
            foreach (var column in data.Columns.Where(c => c.Name.StartsWith(word, StringComparison.OrdinalIgnoreCase)))
                yield return Result(column.Name);
            yield break;
        }
        var path = First(fakeBoundParameters, "LiteralPath") ?? First(fakeBoundParameters, "Path");
        if (path is null) yield break;
        string? file = null;
        try
        {
            // a nested pipeline on the current runspace resolves the path as PowerShell does (PSDrives, current location)
            using var ps = PowerShell.Create(RunspaceMode.CurrentRunspace);
            ps.AddCommand("Microsoft.PowerShell.Management\\Convert-Path")
              .AddParameter(fakeBoundParameters.Contains("LiteralPath") ? "LiteralPath" : "Path", path)
              .AddParameter("ErrorAction", "Ignore");
            file = ps.Invoke<string>().FirstOrDefault();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // completion never fails: no suggestions instead
        }
        if (file is null || !File.Exists(file)) yield break;
        char? delimiter = fakeBoundParameters["Delimiter"] is char c ? c : null;
        foreach (var name in CsvDatasetReader.TryReadHeader(file, delimiter))
            if (name.StartsWith(word, StringComparison.OrdinalIgnoreCase)) yield return Result(name);
    }

    private static CompletionResult Result(string name)
    {
        var text = name.Any(ch => char.IsWhiteSpace(ch) || "'\"`$,;(){}[]@#&|<>".Contains(ch)) ? "'" + name.Replace("'", "''") + "'" : name;
        return new CompletionResult(text, name, CompletionResultType.ParameterValue, name);
    }

    private static string? First(IDictionary bound, string key) => bound[key] switch
    {
        string s => s,
        string[] a when a.Length > 0 => a[0],
        object[] o when o.Length > 0 => o[0]?.ToString(),
        PSObject p => p.BaseObject?.ToString(),
        _ => null,
    };
}
