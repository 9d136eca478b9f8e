namespace DeepStats.Core;

/// <summary>
/// The one exception type the engine throws for problems a user can fix. <see cref="ErrorId"/> is
/// stable (PascalCase) so scripts and tests can rely on it; the message says what is wrong, where
/// (file, line, column, value, layer, shapes) and what to do.
/// </summary>
public sealed class DeepStatsException : Exception
{
    public DeepStatsException(string errorId, FailureKind kind, string message, object? target = null, Exception? inner = null)
        : base(message, inner)
    {
        ErrorId = errorId;
        Kind = kind;
        Target = target;
    }

    public string ErrorId { get; }
    public FailureKind Kind { get; }
    public object? Target { get; }
}
