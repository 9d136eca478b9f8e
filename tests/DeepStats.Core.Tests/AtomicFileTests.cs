using DeepStats.Core.Persistence;
using Xunit;

namespace DeepStats.Core.Tests;

/// <summary>The one atomic writer (Persistence/AtomicFile): whole files or nothing, concurrent writers never fail, IO
/// failures are DeepStats errors naming the file, and a failed write leaves the previous file and no temp file.</summary>
public class AtomicFileTests
{
    private static string NewFolder()
    {
        var dir = Path.Combine(Path.GetTempPath(), "deepstats-atomic-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return dir;
    }

    private static string[] Leftovers(string dir) => Directory.GetFiles(dir, "*" + AtomicFile.TempSuffix);

    [Fact]
    public async Task TwoWritersToOnePathNeverFailAndTheFileIsAlwaysOneWholeWrite()
    {
        var dir = NewFolder();
        try
        {
            string path = Path.Combine(dir, "shared.bin");
            const int Rounds = 40, Length = 1 << 18;
            byte[] a = Enumerable.Repeat((byte)'A', Length).ToArray(), b = Enumerable.Repeat((byte)'B', Length).ToArray();
            AtomicFile.Write(path, a);
            var failures = new System.Collections.Concurrent.ConcurrentBag<Exception>();
            int torn = 0;
            using var start = new Barrier(2);
            // each writer writes its content in 16 KB pieces (so the two writes overlap in time) and then reads the file back
            void Writer(byte[] content)
            {
                for (int r = 0; r < Rounds; r++)
                {
                    start.SignalAndWait();
                    try
                    {
                        AtomicFile.Write(path, s => { for (int o = 0; o < Length; o += 1 << 14) s.Write(content, o, 1 << 14); });
                        var seen = File.ReadAllBytes(path);
                        if (seen.Length != Length || seen.Any(x => x != seen[0])) Interlocked.Increment(ref torn);
                    }
                    catch (Exception e) { failures.Add(e); }
                }
            }
            await Task.WhenAll(Task.Run(() => Writer(a)), Task.Run(() => Writer(b)));
            Assert.Empty(failures);
            Assert.Equal(0, torn);
            var last = File.ReadAllBytes(path);
            Assert.True(last.SequenceEqual(a) || last.SequenceEqual(b));
            Assert.Empty(Leftovers(dir));
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    [Fact]
    public void AnIoFailureMidWriteIsOneDeepStatsErrorAndLeavesThePreviousFile()
    {
        var dir = NewFolder();
        try
        {
            string path = Path.Combine(dir, "m.dsmodel");
            File.WriteAllText(path, "previous");
            // ENOSPC (28) on Unix, ERROR_DISK_FULL (112) on Windows: what a full disk raises from a write
            var full = new IOException("No space left on device", OperatingSystem.IsWindows() ? unchecked((int)0x80070070) : 28);
            var e = Assert.Throws<DeepStatsException>(() => AtomicFile.Write(path, s => { s.Write(new byte[1000]); throw full; }, "the model", ErrorIds.ModelFileWriteFailed));
            Assert.Equal(ErrorIds.ModelFileWriteFailed, e.ErrorId);
            Assert.Equal(FailureKind.WriteError, e.Kind);
            Assert.Contains(path, e.Message);
            Assert.Contains("is full", e.Message);
            Assert.Same(full, e.InnerException);
            Assert.Equal("previous", File.ReadAllText(path));
            Assert.Empty(Leftovers(dir));
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    [Fact]
    public void AnErrorOfTheContentPassesThroughUnchangedAndLeavesNoTempFile()
    {
        var dir = NewFolder();
        try
        {
            string path = Path.Combine(dir, "chart.png");
            var own = new DeepStatsException(ErrorIds.ChartNotApplicable, FailureKind.InvalidArgument, "cannot draw");
            Assert.Same(own, Assert.Throws<DeepStatsException>(() => AtomicFile.Write(path, s => { s.WriteByte(1); throw own; })));
            Assert.False(File.Exists(path));
            Assert.Empty(Leftovers(dir));
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    [Fact]
    public void AMissingFolderAFolderAsTargetAndAFileAsFolderAreNamedErrors()
    {
        var dir = NewFolder();
        try
        {
            string missing = Path.Combine(dir, "no-such-folder", "x.svg");
            var e = Assert.Throws<DeepStatsException>(() => AtomicFile.Write(missing, new byte[] { 1 }, "the chart"));
            Assert.Equal((ErrorIds.FileWriteFailed, FailureKind.ObjectNotFound), (e.ErrorId, e.Kind));
            Assert.Contains(Path.Combine(dir, "no-such-folder"), e.Message);
            Assert.Contains("does not exist", e.Message);

            e = Assert.Throws<DeepStatsException>(() => AtomicFile.Write(dir, new byte[] { 1 }));
            Assert.Equal((ErrorIds.FileWriteFailed, FailureKind.InvalidArgument), (e.ErrorId, e.Kind));
            Assert.Contains("is a folder", e.Message);

            string file = Path.Combine(dir, "plain");
            File.WriteAllText(file, "x");
            e = Assert.Throws<DeepStatsException>(() => AtomicFile.Write(Path.Combine(file, "x.html"), new byte[] { 1 }, "the report"));
            Assert.Equal((ErrorIds.FileWriteFailed, FailureKind.ObjectNotFound), (e.ErrorId, e.Kind));
            Assert.Contains("is a file, not a folder", e.Message);
            Assert.Empty(Leftovers(dir));
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    [Fact]
    public void AWriteReplacesTheTargetWholeAndRemovesItsTempFile()
    {
        var dir = NewFolder();
        try
        {
            string path = Path.Combine(dir, "r.html");
            File.WriteAllText(path, "a much longer previous content than the new one");
            AtomicFile.Write(path, "new"u8.ToArray());
            Assert.Equal("new", File.ReadAllText(path));
            Assert.Equal(new[] { path }, Directory.GetFiles(dir));
        }
        finally { Directory.Delete(dir, recursive: true); }
    }
}
