namespace DeepStats.Core;

/// <summary>What kind of failure a <c>DeepStatsException</c> reports; the module maps it
/// onto PowerShell's ErrorCategory one to one.</summary>
public enum FailureKind
{
    InvalidArgument,
    InvalidData,
    ObjectNotFound,
    InvalidOperation,
    NotSupported,
    ResourceUnavailable,
    WriteError,
    OperationStopped,
}
