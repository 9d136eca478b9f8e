namespace DeepStats.Core;

/// <summary>
/// The catalogue of stable error ids: every <c>DeepStatsException</c> and every ErrorRecord the
/// module writes takes its id from here, one meaning per id. Scripts and tests rely on them
/// (<c>FullyQualifiedErrorId</c>), so an id is never renamed or reused for another meaning.
/// </summary>
public static class ErrorIds
{
}
