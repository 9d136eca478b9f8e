using System.Management.Automation;
using DeepStats.Core.Data;
using DeepStats.Core.Statistics;

namespace DeepStats.Commands;

/// <summary>
/// <para type="synopsis">Describes every column of a dataset: count, missing values, mean, sample standard deviation, minimum and maximum.</para>
/// <para type="description">One ColumnStatistics object per feature column (for images, one summary over all pixels). Missing values are counted and excluded from the other statistics. The standard deviation is the sample one (divisor n - 1). Columns are processed in parallel with a numerically stable two-pass algorithm.</para>
/// </summary>
/// <example><code>Import-Dataset -Sample Penguins -Target species | Get-DatasetStatistics</code><para>Summarises the penguin measurements.</para></example>
/// <example><code>$ds | Get-DatasetStatistics | Where-Object Missing -gt 0</code><para>Lists the columns that have missing values.</para></example>
[Cmdlet(VerbsCommon.Get, "DatasetStatistics")]
[OutputType(typeof(ColumnStatistics))]
public sealed class GetDatasetStatisticsCommand : DeepStatsCmdlet
{
    /// <summary><para type="description">The dataset to describe.</para></summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
    public Dataset Data { get; set; } = null!;

    protected override void ProcessRecord()
    {
        foreach (var s in Run(() => ColumnStatistics.Of(Data)))
        {
            if (s.Count == 0) WriteWarning($"Column '{s.Column}' has no values (all {s.Missing} missing): its statistics are undefined (NaN).");
            else if (s.Count == 1 && s.Kind == "Numeric") WriteWarning($"Column '{s.Column}' has one value: its standard deviation is undefined (NaN).");
            WriteObject(s);
        }
    }
}
