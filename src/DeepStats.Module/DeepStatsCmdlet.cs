using System.Collections.ObjectModel;
using System.Management.Automation;
using DeepStats.Core;

namespace DeepStats.Commands;

/// <summary>Shared plumbing of DeepStats cmdlets: Core errors become ErrorRecords with stable ids, paths resolve through the provider.</summary>
public abstract class DeepStatsCmdlet : PSCmdlet
{
    internal static ErrorCategory CategoryOf(FailureKind kind) => kind switch
    {
        FailureKind.InvalidArgument => ErrorCategory.InvalidArgument,
        FailureKind.InvalidData => ErrorCategory.InvalidData,
        FailureKind.ObjectNotFound => ErrorCategory.ObjectNotFound,
        FailureKind.InvalidOperation => ErrorCategory.InvalidOperation,
        FailureKind.NotSupported => ErrorCategory.NotImplemented,
        FailureKind.ResourceUnavailable => ErrorCategory.ResourceUnavailable,
        FailureKind.WriteError => ErrorCategory.WriteError,
        FailureKind.OperationStopped => ErrorCategory.OperationStopped,
        _ => ErrorCategory.NotSpecified,
    };

    internal static ErrorRecord ToErrorRecord(DeepStatsException e) => new(e, e.ErrorId, CategoryOf(e.Kind), e.Target);

    /// <summary>Runs <paramref name="action"/>, turning a <see cref="DeepStatsException"/> into a terminating error
    /// (or, inside <see cref="PerInput"/>, a non-terminating one for that input).</summary>
    protected void Run(Action action)
    {
        try
        {
            action();
        }
        catch (DeepStatsException e)
        {
            FailInput(ToErrorRecord(e), e.Kind);
        }
        catch (Exception e) when (IsDefect(e))
        {
            ThrowTerminatingError(Defect(e));
        }
    }

    protected T Run<T>(Func<T> func)
    {
        try
        {
            return func();
        }
        catch (DeepStatsException e)
        {
            FailInput(ToErrorRecord(e), e.Kind);
            throw; // unreachable: FailInput always throws
        }
        catch (Exception e) when (IsDefect(e))
        {
            ThrowTerminatingError(Defect(e));
            throw; // unreachable
        }
    }

    /// <summary>An exception no DeepStats check turned into a <see cref="DeepStatsException"/>: not PowerShell's own
    /// (stopping, a nested command's error), not cancellation, not this class's per-input signal.</summary>
    private static bool IsDefect(Exception e) =>
        e is not (DeepStatsException or RuntimeException or OperationCanceledException or InputFailedException or PipelineStoppedException);

    /// <summary>The catch-all: a defect in DeepStats becomes one terminating error with the id <c>InternalError</c>, so scripts can
    /// tell it from every input error; the original exception is its inner exception.</summary>
    internal static ErrorRecord Defect(Exception e) => new(
        new InvalidOperationException($"DeepStats failed with an unexpected {e.GetType().FullName}: {FirstLine(e.Message)} This is a defect in DeepStats, " +
            "not a problem with the input as far as DeepStats knows; please report it with the command that caused it.", e),
        ErrorIds.InternalError, ErrorCategory.NotSpecified, null);

    private static string FirstLine(string m) => m.Split('\n', 2)[0].TrimEnd();

    private bool _perInput;

    /// <summary>
    /// Runs the work for one input. When it is one input among many (<paramref name="amongMany"/>:
    /// pipeline input, several paths or files), a failure of that input (bad data, a missing file)
    /// is written as a non-terminating error and the other inputs still come through (Import-Csv,
    /// Get-Content); a bad argument (<see cref="FailureKind.InvalidArgument"/>) and the only input
    /// stay terminating.
    /// </summary>
    private void PerInput(bool amongMany, Action body)
    {
        bool outer = _perInput;
        _perInput = amongMany;
        try
        {
            body();
        }
        catch (InputFailedException f)
        {
            WriteError(f.Record);
        }
        catch (Exception e) when (IsDefect(e))
        {
            ThrowTerminatingError(Defect(e));
        }
        finally
        {
            _perInput = outer;
        }
    }

    /// <summary>
    /// The per-input error rule of every cmdlet that reads files, in one place: resolves -Path (wildcards) or -LiteralPath
    /// and runs <paramref name="body"/> once per file. When the file is one input among many (pipeline input, several
    /// paths, a wildcard that matches several files), a path that matches nothing or a file that fails (a
    /// <see cref="DeepStatsException"/> raised through <see cref="Run(Action)"/>) is a non-terminating error with the
    /// DeepStats id, naming the file, and the other files still come through; a single named file stays terminating.
    /// </summary>
    /// <param name="fileKind">When given ("CSV", "model"), a folder among the paths is refused for that input (<c>PathIsAFolder</c>);
    /// without it folders reach <paramref name="body"/> (image folders).</param>
    protected void ForEachFile(string[]? path, string[]? literalPath, Action<string> body, string? fileKind = null)
    {
        bool literal = literalPath is not null;
        var given = (literal ? literalPath : path) ?? Array.Empty<string>();
        bool many = MyInvocation.ExpectingInput || given.Length > 1;
        foreach (var p in given)
            PerInput(many, () =>
            {
                var files = ResolvePaths(literal ? null : new[] { p }, literal ? new[] { p } : null).ToList();
                foreach (var file in files)
                    PerInput(many || files.Count > 1, () =>
                    {
                        if (fileKind is not null && Directory.Exists(file))
                            FailInput(new ErrorRecord(new DeepStatsException(ErrorIds.PathIsAFolder, FailureKind.InvalidData,
                                $"'{file}' is a folder, not a {fileKind} file. Give the path of a file, or a wildcard such as '{System.IO.Path.Combine(file, "*")}'.", file),
                                ErrorIds.PathIsAFolder, ErrorCategory.InvalidArgument, file), FailureKind.InvalidData);
                        body(file);
                    });
            });
    }

    /// <summary>Fails the current input: non-terminating inside <see cref="PerInput"/> among many inputs, else terminating.</summary>
    private void FailInput(ErrorRecord record, FailureKind kind)
    {
        if (_perInput && kind != FailureKind.InvalidArgument) throw new InputFailedException(record);
        ThrowTerminatingError(record);
    }

    private sealed class InputFailedException(ErrorRecord record) : Exception(record.Exception.Message)
    {
        public ErrorRecord Record { get; } = record;
    }

    /// <summary>Says, in the verbose stream, which columns of a dataset have missing values and how many.</summary>
    protected void WriteMissingCounts(Core.Data.Dataset data)
    {
        foreach (var c in data.Columns.Where(c => c.MissingCount > 0))
            WriteVerbose($"Column '{c.Name}' has {c.MissingCount} missing value(s).");
    }

    protected void Fail(string id, ErrorCategory category, string message, object? target) =>
        ThrowTerminatingError(new ErrorRecord(new ArgumentException(message), id, category, target));

    /// <summary>
    /// Resolves -Path (wildcards) or -LiteralPath through the PowerShell provider, so PSDrives such
    /// as TestDrive: and the session's current location work (never the process directory).
    /// </summary>
    private IEnumerable<string> ResolvePaths(string[]? path, string[]? literalPath)
    {
        if (literalPath is not null)
        {
            foreach (var p in literalPath)
            {
                string resolved = SessionState.Path.GetUnresolvedProviderPathFromPSPath(p);
                if (!File.Exists(resolved) && !Directory.Exists(resolved))
                    FailInput(new ErrorRecord(new FileNotFoundException($"File '{resolved}' does not exist.", resolved), ErrorIds.FileNotFound, ErrorCategory.ObjectNotFound, p), FailureKind.ObjectNotFound);
                yield return resolved;
            }
            yield break;
        }
        foreach (var p in path ?? Array.Empty<string>())
        {
            Collection<string> resolved;
            ProviderInfo provider;
            try
            {
                resolved = SessionState.Path.GetResolvedProviderPathFromPSPath(p, out provider);
            }
            catch (ItemNotFoundException)
            {
                FailInput(new ErrorRecord(new FileNotFoundException($"Cannot find path '{p}' because it does not exist.", p), ErrorIds.FileNotFound, ErrorCategory.ObjectNotFound, p), FailureKind.ObjectNotFound);
                yield break;
            }
            if (provider.Name != "FileSystem")
                Fail(ErrorIds.NotAFileSystemPath, ErrorCategory.InvalidArgument, $"Path '{p}' is on the {provider.Name} provider; DeepStats reads files only.", p);
            if (resolved.Count == 0)
                FailInput(new ErrorRecord(new FileNotFoundException($"No file matches '{p}'.", p), ErrorIds.FileNotFound, ErrorCategory.ObjectNotFound, p), FailureKind.ObjectNotFound);
            foreach (var r in resolved) yield return r;
        }
    }

    /// <summary>Resolves a file to write (it may not exist yet) through the provider: relative to the session's location, PSDrives allowed, FileSystem only.</summary>
    protected string ResolveOutputPath(string path)
    {
        string resolved = SessionState.Path.GetUnresolvedProviderPathFromPSPath(path, out var provider, out _);
        if (provider.Name != "FileSystem")
            Fail(ErrorIds.NotAFileSystemPath, ErrorCategory.InvalidArgument, $"Path '{path}' is on the {provider.Name} provider; DeepStats writes files only.", path);
        return resolved;
    }
}
