using System.Text.RegularExpressions;

namespace DeepStats.Core.Data;

/// <summary>
/// Chooses columns by name or wildcard pattern (<c>*</c>, <c>?</c>, <c>[abc]</c>; case-insensitive, as
/// PowerShell users expect from -Include / -Exclude). A plain name that matches no column is an error
/// that lists the columns, so a typo never silently keeps or drops data.
/// </summary>
public static class ColumnSelector
{
    public static bool HasWildcard(string pattern) => pattern.IndexOfAny(new[] { '*', '?', '[' }) >= 0;

    public static bool IsMatch(string pattern, string name)
    {
        if (!HasWildcard(pattern)) return string.Equals(pattern, name, StringComparison.OrdinalIgnoreCase);
        var rx = "^" + Regex.Escape(pattern).Replace(@"\*", ".*").Replace(@"\?", ".").Replace(@"\[", "[").Replace(@"]", "]") + "$";
        return Regex.IsMatch(name, rx, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
    }

    /// <summary>Which of <paramref name="names"/> to keep as features (the target never is one).</summary>
    public static bool[] Select(IReadOnlyList<string> names, IReadOnlyList<string> include, IReadOnlyList<string> exclude,
        int targetIndex, string source)
    {
        Check(names, include, "-Include", ErrorIds.IncludedColumnNotFound, source);
        Check(names, exclude, "-Exclude", ErrorIds.ExcludedColumnNotFound, source);
        var keep = new bool[names.Count];
        for (int j = 0; j < names.Count; j++)
            keep[j] = j != targetIndex
                && (include.Count == 0 || include.Any(p => IsMatch(p, names[j])))
                && !exclude.Any(p => IsMatch(p, names[j]));
        return keep;
    }

    private static void Check(IReadOnlyList<string> names, IReadOnlyList<string> patterns, string parameter, string errorId, string source)
    {
        foreach (var p in patterns)
            if (!names.Any(n => IsMatch(p, n)))
                throw new DeepStatsException(errorId, FailureKind.ObjectNotFound,
                    $"Column '{p}' given to {parameter} is not in '{source}'" + (HasWildcard(p) ? " (the pattern matches no column)" : "") +
                    $". Its columns are: {string.Join(", ", names)}.", p);
    }
}
