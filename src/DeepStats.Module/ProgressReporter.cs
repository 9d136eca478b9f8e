using System.Diagnostics;
using System.Management.Automation;

namespace DeepStats.Commands;

/// <summary>One reused ProgressRecord, written at most every 250 ms, closed with Completed; silent once the pipeline is stopping (Ctrl+C).</summary>
internal sealed class ProgressReporter
{
    private readonly Cmdlet _cmdlet;
    private readonly ProgressRecord _record;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private long _last = -1000;

    public ProgressReporter(Cmdlet cmdlet, int activityId, string activity, int parentActivityId = -1)
    {
        _cmdlet = cmdlet;
        _record = new ProgressRecord(activityId, activity, "Starting") { ParentActivityId = parentActivityId };
    }

    public void Report(string status, int percent, bool force = false)
    {
        if (_cmdlet.Stopping) return; // Ctrl+C: writing now would throw inside the engine's callback
        long now = _clock.ElapsedMilliseconds;
        if (!force && now - _last < 250) return;
        _last = now;
        _record.StatusDescription = status;
        _record.PercentComplete = Math.Clamp(percent, 0, 100);
        _record.RecordType = ProgressRecordType.Processing;
        _cmdlet.WriteProgress(_record);
    }

    public void Complete()
    {
        if (_cmdlet.Stopping) return;
        _record.RecordType = ProgressRecordType.Completed;
        _cmdlet.WriteProgress(_record);
    }
}
