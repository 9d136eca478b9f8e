using System.Management.Automation;
using DeepStats.Core;
using DeepStats.Core.Reporting;

namespace DeepStats.Commands;

/// <summary>Resolving the files the reporting cmdlets write.</summary>
internal static class ReportingInput
{
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
