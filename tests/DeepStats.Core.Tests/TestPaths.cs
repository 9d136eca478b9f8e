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
}
