using System.Management.Automation;
using DeepStats.Core.Data;

namespace DeepStats.Commands;

/// <summary>
/// <para type="synopsis">Appends datasets of one schema (weekly files, say) into one dataset, optionally with a column naming each row's source for -GroupBy.</para>
/// <para type="description">The rows of every dataset in pipeline order, the columns of the first. Every later dataset must have the first one's columns with the same kinds and the same target (a missing, extra, renamed or retyped column is refused with one SchemaMismatch error listing every difference of every dataset; nothing is appended); categories and classes that first appear in a later dataset join the level list. -SourceColumn adds a categorical column holding each row's dataset name, so Split-Dataset -GroupBy and Invoke-CrossValidation -GroupBy can keep a week's rows together. Datasets must be as imported (no preprocessing steps: DatasetNotRaw); preprocess the joined data. Without Join-Dataset, Import-Dataset week2.csv, week3.csv | Start-Training trains one model per file.</para>
/// </summary>
/// <example><code>Import-Dataset ./penguins.csv, ./penguins.csv -Target species | Join-Dataset -SourceColumn week</code><para>One dataset of 688 rows with a 'week' column naming each row's file (both are named penguins here, so one level).</para></example>
[Cmdlet(VerbsCommon.Join, "Dataset")]
[OutputType(typeof(Dataset))]
public sealed class JoinDatasetCommand : DeepStatsCmdlet
{
    private readonly List<Dataset> _parts = new();

    /// <summary><para type="description">The datasets to append, in order (from the pipeline).</para></summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
    public Dataset[] Data { get; set; } = null!;

    /// <summary><para type="description">Adds a categorical column of this name holding each row's dataset name (for -GroupBy).</para></summary>
    [Parameter] [ValidateNotNullOrEmpty] public string? SourceColumn { get; set; }

    /// <summary><para type="description">The joined dataset's name; by default the parts' names joined with '+'.</para></summary>
    [Parameter] [ValidateNotNullOrEmpty] public string? Name { get; set; }

    protected override void ProcessRecord() => _parts.AddRange(Data);

    protected override void EndProcessing()
    {
        if (_parts.Count == 0)
        {
            Fail(Core.ErrorIds.NoDataReceived, ErrorCategory.InvalidArgument, "No dataset arrived from the pipeline, so nothing was joined.", null);
            return;
        }
        var joined = Run(() => DatasetAppend.Append(_parts, SourceColumn, Name));
        WriteVerbose($"Joined {_parts.Count} dataset(s): {string.Join(" + ", _parts.Select(p => p.RowCount))} = {joined.RowCount} rows.");
        WriteObject(joined);
    }
}
