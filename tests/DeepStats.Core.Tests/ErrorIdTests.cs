using System.Reflection;
using System.Text.RegularExpressions;
using Xunit;

namespace DeepStats.Core.Tests;

/// <summary>
/// The error-id catalogue (src/DeepStats.Types/ErrorIds.cs): one PascalCase, documented constant per
/// id, and no id used in the source that is not in it.
/// </summary>
public partial class ErrorIdTests
{
    private static readonly Regex PascalCase = new("^[A-Z][a-z0-9]+(?:[A-Z][a-z0-9]*)*$");

    private static IReadOnlyList<FieldInfo> Catalogue() =>
        typeof(ErrorIds).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral && f.FieldType == typeof(string)).ToList();

    [Fact]
    public void CatalogueIdsAreUniquePascalCaseAndNamedAfterThemselves()
    {
        var fields = Catalogue();
        Assert.True(fields.Count > 50, $"only {fields.Count} ids in the catalogue");
        var values = fields.Select(f => (string)f.GetRawConstantValue()!).ToList();
        Assert.Equal(values.Count, values.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        foreach (var f in fields)
        {
            var v = (string)f.GetRawConstantValue()!;
            Assert.Equal(f.Name, v);   // public const string X = nameof(X)
            Assert.Matches(PascalCase, v);
        }
    }

    [Fact]
    public void EveryCatalogueIdHasAOneLineSummary()
    {
        var source = File.ReadAllLines(Path.Combine(SourceRoot(), "DeepStats.Types", "ErrorIds.cs"));
        foreach (var f in Catalogue())
        {
            int i = Array.FindIndex(source, l => Regex.IsMatch(l, $@"\bconst\s+string\s+{f.Name}\b"));
            Assert.True(i > 0, $"{f.Name} not found in ErrorIds.cs");
            var doc = Regex.Match(source[i - 1].Trim(), "^/// <summary>(.+)</summary>$");
            Assert.True(doc.Success && doc.Groups[1].Value.Trim().Length >= 10, $"{f.Name} has no one-line <summary> above it");
        }
    }

    [Fact]
    public void EveryIdUsedInTheSourceIsInTheCatalogue()
    {
        var known = Catalogue().Select(f => f.Name).ToHashSet(StringComparer.Ordinal);
        var used = UsedIds(SourceRoot());
        // the scan must see the ids the code really raises (guards against a scan that finds nothing)
        Assert.True(used.Count > 60, $"the scan found only {used.Count} uses");
        Assert.Contains(used, u => u.Id == "CsvRaggedRow");
        Assert.Contains(used, u => u.Id == "NoDataReceived");
        var unknown = used.Where(u => !known.Contains(u.Id)).Select(u => $"{u.Id} ({u.Where})").Distinct().ToList();
        Assert.True(unknown.Count == 0, "ids used but not in ErrorIds: " + string.Join(", ", unknown));
    }

    [Fact]
    public void TheScanFindsEveryFormOfIdUse()
    {
        // the forms the code uses to raise an id, each of which the scan must see
        const string code = """
            throw new DeepStatsException("LiteralId", FailureKind.InvalidData, "m");
            throw new DeepStatsException(ErrorIds.CatalogueId, FailureKind.InvalidData, "m");
            private static DeepStatsException Bad(string m) => new("TargetTypedId", FailureKind.InvalidArgument, m);
            Fail("CmdletId", ErrorCategory.InvalidArgument, "m", null);
            ThrowTerminatingError(new ErrorRecord(e, "RecordId", ErrorCategory.InvalidData, x));
            """;
        var ids = ScanText(code, "sample").Select(u => u.Id).ToList();
        Assert.Equal(new[] { "CatalogueId", "CmdletId", "LiteralId", "RecordId", "TargetTypedId" }, ids.Order().ToArray());
    }

    /// <summary>src/ of the repository, found from this file's location; its absence fails the test.</summary>
    private static string SourceRoot()
    {
        var src = Path.Combine(TestPaths.RepoRoot(), "src");
        Assert.True(Directory.Exists(Path.Combine(src, "DeepStats.Types")), $"the source tree '{src}' is missing");
        return src;
    }

    private static List<(string Id, string Where)> UsedIds(string src)
    {
        var files = Directory.EnumerateFiles(src, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Split(Path.DirectorySeparatorChar).Any(d => d is "bin" or "obj"))
            .Where(f => !f.EndsWith(Path.Combine("DeepStats.Types", "ErrorIds.cs"), StringComparison.Ordinal))
            .ToList();
        Assert.True(files.Count > 30, $"only {files.Count} source files under '{src}'");
        return files.SelectMany(f => ScanText(File.ReadAllText(f), Path.GetRelativePath(src, f))).ToList();
    }

    private static readonly Regex[] UsePatterns =
    {
        new(@"\bErrorIds\.(?<id>[A-Za-z0-9_]+)"),
        new(@"DeepStatsException\(\s*""(?<id>[^""]*)"""),
        new(@"\bnew\(\s*""(?<id>[^""]*)""\s*,\s*FailureKind\."),
        new(@"\bFail\(\s*""(?<id>[^""]*)""\s*,\s*(?:System\.Management\.Automation\.)?ErrorCategory\."),
        new(@"new\s+ErrorRecord\([^;]*?,\s*""(?<id>[^""]*)""\s*,\s*(?:System\.Management\.Automation\.)?ErrorCategory\."),
    };

    private static IEnumerable<(string Id, string Where)> ScanText(string text, string where) =>
        UsePatterns.SelectMany(p => p.Matches(text)).Select(m => (m.Groups["id"].Value, where));
}
