using System.Management.Automation;
using DeepStats.Core.Data;
using DeepStats.Core.Preprocessing;

namespace DeepStats.Commands;

/// <summary>
/// <para type="synopsis">Turns a time series (a table whose rows are time steps, in order) into sliding windows for a recurrent network.</para>
/// <para type="description">Example i holds rows i to i+Window-1 of the numeric feature columns. With -Target, the example's target is that numeric column's value -Horizon rows after the window (forecasting; -Horizon 1 by default). Without it, the dataset's class target labels each window by the row -Horizon rows after its last row (sequence classification; -Horizon 0 by default: the last row). The windowing is recorded as a transform, so a trained model windows raw test series the same way.</para>
/// </summary>
/// <example><code>Import-Dataset ./series.csv | ConvertTo-Sequence -Window 24 -Target load</code><para>Windows of 24 rows, each with the next value of 'load' as its target.</para></example>
/// <example><code>Import-Dataset ./series.csv -Target state | ConvertTo-Sequence -Window 24 -Column load, temperature</code><para>Windows of 24 rows of load and temperature, each labelled with the state at its last row.</para></example>
[Cmdlet(VerbsData.ConvertTo, "Sequence")]
[OutputType(typeof(Dataset))]
public sealed class ConvertToSequenceCommand : DeepStatsCmdlet
{
    /// <summary><para type="description">The series: one row per time step, in time order.</para></summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
    public Dataset Data { get; set; } = null!;

    /// <summary><para type="description">Rows per window.</para></summary>
    [Parameter(Mandatory = true)] [ValidateRange(1, 100000)] public int Window { get; set; }

    /// <summary><para type="description">Rows between the window's last row and the row that gives the target (forecast: at least 1).</para></summary>
    [Parameter] [ValidateRange(0, 100000)] public int? Horizon { get; set; }

    /// <summary><para type="description">The numeric column to forecast; omit it to label windows with the dataset's class target.</para></summary>
    [Parameter] [ArgumentCompleter(typeof(ColumnNameCompleter))] public string? Target { get; set; }

    /// <summary><para type="description">The numeric feature columns; every numeric column by default.</para></summary>
    [Parameter] [ArgumentCompleter(typeof(ColumnNameCompleter))] public string[]? Column { get; set; }

    protected override void ProcessRecord()
    {
        var windows = Run(() => SequenceWindows.For(Data, Window, Horizon, Column, Target));
        WriteVerbose(windows.ToString());
        WriteObject(Run(() => windows.Apply(Data)));
    }
}
