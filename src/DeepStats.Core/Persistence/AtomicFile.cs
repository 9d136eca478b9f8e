namespace DeepStats.Core.Persistence;

/// <summary>
/// The one way DeepStats writes a file (model files, checkpoints, charts, reports): the content goes to a temp file of its
/// own in the target's folder (<c>&lt;name&gt;.&lt;pid&gt;-&lt;12 hex digits&gt;.saving</c>, unique per write), is flushed to disk,
/// then renamed over the target. Readers see the old file or the new one, never a mix; two writers to one path never make
/// each other fail (each renames its own temp file; the last rename wins); a failed write deletes its temp file and leaves
/// the previous file as it was. Only a process killed in the middle of a write leaves its temp file behind; it ends in
/// <see cref="TempSuffix"/>, is never a complete file, and the next write to the same target deletes it
/// (<see cref="RemoveStale"/>: its writer's process is gone, or it is older than <see cref="StaleAge"/>). Every IO failure (folder missing, path is a
/// folder, no permission, disk full) is one <see cref="DeepStatsException"/> that names the file and what to do.
/// </summary>
public static class AtomicFile
{
    /// <summary>The suffix of the temp files a write renames over its target.</summary>
    public const string TempSuffix = ".saving";

    /// <summary>Writes <paramref name="bytes"/> to <paramref name="path"/> atomically.</summary>
    public static void Write(string path, byte[] bytes, string what = "the file", string errorId = ErrorIds.FileWriteFailed) =>
        Write(path, s => s.Write(bytes), what, errorId);

    /// <summary>
    /// Writes to <paramref name="path"/> atomically: <paramref name="write"/> fills the temp file's stream, which is then
    /// flushed to disk and renamed over the target. <paramref name="what"/> names the content in messages ("the model",
    /// "the checkpoint"); <paramref name="errorId"/> is the id of an IO failure. An exception from <paramref name="write"/>
    /// other than an IO failure is passed on unchanged, after the temp file is deleted.
    /// </summary>
    public static void Write(string path, Action<Stream> write, string what = "the file", string errorId = ErrorIds.FileWriteFailed)
    {
        string full = Path.GetFullPath(path);
        string dir = Path.GetDirectoryName(full) ?? full;
        if (Directory.Exists(full))
            throw new DeepStatsException(errorId, FailureKind.InvalidArgument,
                $"Cannot write {what} to '{full}': it is a folder. Give the path of a file (in that folder or elsewhere).", path);
        if (!Directory.Exists(dir))
            throw new DeepStatsException(errorId, FailureKind.ObjectNotFound, File.Exists(dir)
                ? $"Cannot write {what} to '{full}': '{dir}' is a file, not a folder. Choose another path."
                : $"Cannot write {what} to '{full}': the folder '{dir}' does not exist. Create it first or choose another path.", path);
        RemoveStale(full);
        string temp = TempPath(full);
        try
        {
            using (var fs = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            {
                write(fs);
                fs.Flush(flushToDisk: true);
            }
            File.Move(temp, full, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Security.SecurityException)
        {
            Delete(temp);
            throw new DeepStatsException(errorId, FailureKind.WriteError,
                $"Cannot write {what} to '{full}': {Advice(e, dir)} ({e.Message}) The previous file, if any, is unchanged.", path, e);
        }
        catch
        {
            Delete(temp);
            throw;
        }
    }

    /// <summary>A temp file older than this is stale whoever wrote it (a writer on another machine sharing the folder included).</summary>
    public static readonly TimeSpan StaleAge = TimeSpan.FromHours(24);
    /// <summary>A temp file of a process that is gone on this machine is stale once this old (a writer on another machine with
    /// that process id gets this long to finish).</summary>
    public static readonly TimeSpan DeadWriterAge = TimeSpan.FromMinutes(10);

    /// <summary>The temp file of one write: beside the target (so the rename stays on one file system), unique per write, naming
    /// the writer's process id (<c>&lt;name&gt;.&lt;pid&gt;-&lt;12 hex&gt;.saving</c>).</summary>
    private static string TempPath(string full) => $"{full}.{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..12]}{TempSuffix}";

    /// <summary>Deletes the temp files that killed writes to <paramref name="full"/> left: those whose process is gone (and at least
    /// <see cref="DeadWriterAge"/> old), and those older than <see cref="StaleAge"/>. A temp file of a live writer is never touched
    /// (it would fail that writer's rename); a file that cannot be deleted is left.</summary>
    public static void RemoveStale(string full)
    {
        string dir = Path.GetDirectoryName(full)!, name = Path.GetFileName(full);
        IEnumerable<string> temps;
        try { temps = Directory.EnumerateFiles(dir, name + ".*" + TempSuffix).ToList(); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return; }
        var now = DateTime.UtcNow;
        foreach (var temp in temps)
        {
            string middle = Path.GetFileName(temp)[(name.Length + 1)..^TempSuffix.Length];
            int dash = middle.IndexOf('-');
            DateTime written;
            try { written = File.GetLastWriteTimeUtc(temp); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { continue; }
            bool dead = dash > 0 && int.TryParse(middle[..dash], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int pid)
                && pid != Environment.ProcessId && !Alive(pid) && now - written > DeadWriterAge;
            if (dead || now - written > StaleAge) Delete(temp);
        }
    }

    private static bool Alive(int pid)
    {
        try { using var p = System.Diagnostics.Process.GetProcessById(pid); return !p.HasExited; }
        catch (ArgumentException) { return false; }
        catch (InvalidOperationException) { return false; }
    }

    private static string Advice(Exception e, string dir) => e switch
    {
        UnauthorizedAccessException or System.Security.SecurityException =>
            $"there is no permission to write in '{dir}'. Choose a folder you can write to.",
        IOException io when IsDiskFull(io) => $"the disk holding '{dir}' is full. Free some space or choose another drive.",
        FileNotFoundException => $"the folder '{dir}' does not accept new files (a system or read-only folder). Choose a folder you can write to.",
        DirectoryNotFoundException => $"the folder '{dir}' cannot be written to (it, or a folder above it, is missing or is a file). Choose another path.",
        _ => "the file could not be written. Check that the folder is writable and has free space, and that no other program locks the file.",
    };

    /// <summary>ENOSPC (28) on Unix; ERROR_DISK_FULL (112) and ERROR_HANDLE_DISK_FULL (39) on Windows.</summary>
    private static bool IsDiskFull(IOException e)
    {
        int code = e.HResult & 0xFFFF;
        return OperatingSystem.IsWindows() ? code is 112 or 39 : code == 28;
    }

    private static void Delete(string temp)
    {
        try { File.Delete(temp); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
