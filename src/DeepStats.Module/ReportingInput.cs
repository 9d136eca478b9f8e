using System.Collections;
using System.Management.Automation;
using DeepStats.Core;
using DeepStats.Core.Reporting;

namespace DeepStats.Commands;

/// <summary>
/// Adapters from objects the cmdlets receive to the plain data the charts read. Cross-validation
/// results come from another cmdlet (or a script): any object with per-fold scores and, when it
/// has them, a mean and an interval is accepted by property name.
/// </summary>
internal static class ReportingInput
{
    private static readonly string[] ScoreNames = { "FoldScores", "Scores", "Folds" };
    private static readonly string[] ValueNames = { "Score", "Value", "Accuracy", "Metric" };

    /// <summary>The fold scores of a cross-validation result, or null when <paramref name="input"/> has none.</summary>
    internal static FoldScores? AsFoldScores(object input)
    {
        var ps = input as PSObject ?? PSObject.AsPSObject(input);
        if (ps.BaseObject is FoldScores f) return f;
        var scoresProp = ScoreNames.Select(n => ps.Properties[n]).FirstOrDefault(p => p?.Value is IEnumerable and not string);
        if (scoresProp is null) return null;
        var scores = new List<double>();
        foreach (var item in (IEnumerable)scoresProp.Value)
        {
            var o = item is PSObject p ? p.BaseObject : item;
            if (o is IConvertible && !(o is string)) { scores.Add(Convert.ToDouble(o, System.Globalization.CultureInfo.InvariantCulture)); continue; }
            var v = ValueNames.Select(n => PSObject.AsPSObject(item).Properties[n]?.Value).FirstOrDefault(x => x is IConvertible and not string);
            if (v is null) return null;
            scores.Add(Convert.ToDouble(v, System.Globalization.CultureInfo.InvariantCulture));
        }
        string metric = Str(ps, "Metric", "MetricName") ?? "Score";
        double level = Num(ps, "ConfidenceLevel", "Level") ?? 0.95;
        var mean = Num(ps, "Mean", "MeanScore");
        var lower = Num(ps, "Lower", "MeanLower", "CiLower", "LowerBound");
        var upper = Num(ps, "Upper", "MeanUpper", "CiUpper", "UpperBound");
        if (mean is { } m && lower is { } lo && upper is { } hi) return new FoldScores(metric, scores.ToArray(), m, lo, hi, level);
        return FoldScores.WithTInterval(metric, scores.ToArray(), level);
    }

    private static double? Num(PSObject o, params string[] names)
    {
        foreach (var n in names)
            if (o.Properties[n]?.Value is { } v && (v is PSObject p ? p.BaseObject : v) is IConvertible c and not string)
                return Convert.ToDouble(c, System.Globalization.CultureInfo.InvariantCulture);
        return null;
    }

    private static string? Str(PSObject o, params string[] names) =>
        names.Select(n => o.Properties[n]?.Value?.ToString()).FirstOrDefault(s => !string.IsNullOrEmpty(s));

    /// <summary>A file path to write: resolved through the provider (TestDrive:, relative to the session's location), FileSystem only.</summary>
    internal static string OutputPath(PSCmdlet cmdlet, string path)
    {
        string resolved = cmdlet.SessionState.Path.GetUnresolvedProviderPathFromPSPath(path, out var provider, out _);
        if (provider.Name != "FileSystem")
            throw new DeepStatsException(ErrorIds.NotAFileSystemPath, FailureKind.InvalidArgument, $"Path '{path}' is on the {provider.Name} provider; charts and reports are written to files.", path);
        var dir = Path.GetDirectoryName(resolved);
        if (dir is not null && !Directory.Exists(dir))
            throw new DeepStatsException(ErrorIds.OutputFolderNotFound, FailureKind.ObjectNotFound, $"Folder '{dir}' does not exist; create it first or choose another -Path.", path);
        return resolved;
    }
}
