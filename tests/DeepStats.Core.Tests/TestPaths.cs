using System.Runtime.CompilerServices;

namespace DeepStats.Core.Tests;

internal static class TestPaths
{
    /// <summary>The repository root (the folder holding DeepStats.sln).</summary>
    public static string RepoRoot([CallerFilePath] string thisFile = "")
    {
        var dir = new DirectoryInfo(Path.GetDirectoryName(thisFile)!);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "DeepStats.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("DeepStats.sln not found above " + thisFile);
    }

    /// <summary>../shared/reference/nist-strd beside the repository, or null when the team folder is absent.</summary>
    public static string? NistFolder()
    {
        var p = Path.GetFullPath(Path.Combine(RepoRoot(), "..", "shared", "reference", "nist-strd"));
        return Directory.Exists(p) ? p : null;
    }

    public static string TempFile(string content, string extension = ".csv")
    {
        var path = Path.Combine(Path.GetTempPath(), "deepstats-tests-" + Guid.NewGuid().ToString("N") + extension);
        File.WriteAllText(path, content);
        return path;
    }

    /// <summary>Log relative error: the number of correct significant digits (15 at most, as NIST reports it).</summary>
    public static double Lre(double computed, double certified) =>
        computed == certified ? 15 : Math.Min(15, -Math.Log10(Math.Abs(computed - certified) / Math.Abs(certified)));

    /// <summary>A NIST StRD univariate set: its certified values and its data, or null when ../shared is absent.</summary>
    public static (System.Text.Json.JsonElement Certified, double[] Values)? NistUnivariate(string set)
    {
        var folder = NistFolder();
        if (folder is null) return null;
        var cert = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "certified.json"))).RootElement.GetProperty(set);
        var values = File.ReadLines(Path.Combine(folder, set + ".csv")).Skip(1).Where(l => l.Length > 0)
            .Select(l => double.Parse(l, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        return (cert, values);
    }
}
