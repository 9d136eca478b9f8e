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

    /// <summary>tests/data/nist-strd: the NIST StRD files the tests use, kept in the repository.
    /// Missing is a failure (never a silent pass).</summary>
    public static string NistFolder()
    {
        var p = Path.Combine(RepoRoot(), "tests", "data", "nist-strd");
        if (!Directory.Exists(p))
            throw new DirectoryNotFoundException($"The NIST StRD reference data '{p}' is missing: the checkout is incomplete.");
        return p;
    }

    /// <summary>A file of the NIST reference data; a missing file fails the test.</summary>
    public static string NistFile(params string[] parts)
    {
        var p = Path.Combine(new[] { NistFolder() }.Concat(parts).ToArray());
        if (!File.Exists(p)) throw new FileNotFoundException($"The NIST StRD reference file '{p}' is missing.", p);
        return p;
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

    /// <summary>A NIST StRD univariate set: its certified values and its data (tests/data/nist-strd).</summary>
    public static (System.Text.Json.JsonElement Certified, double[] Values) NistUnivariate(string set)
    {
        var cert = System.Text.Json.JsonDocument.Parse(File.ReadAllText(NistFile("certified.json"))).RootElement.GetProperty(set);
        var values = File.ReadLines(NistFile(set + ".csv")).Skip(1).Where(l => l.Length > 0)
            .Select(l => double.Parse(l, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        return (cert, values);
    }
}
