using System.Globalization;
using System.Management.Automation;
using DeepStats.Core.Data;

namespace DeepStats.Commands;

/// <summary>
/// <para type="synopsis">Imports a CSV file or IDX image files as a typed DeepStats dataset.</para>
/// <para type="description">Reads a delimited text file with a header row (optionally gzipped) into typed columns: a column is numeric when its first non-missing value is a number, categorical otherwise. Empty fields and NA, N/A, NaN, null and ? are missing values: they are counted, never dropped unless -DropMissing says so. IDX files (the MNIST family, gzipped or not) are read as images; the label file beside the image file is found automatically. -Sample loads the built-in data without a path.</para>
/// </summary>
/// <example><code>Import-Dataset -Sample Penguins -Target species</code><para>Loads the built-in penguin measurements with species as the target.</para></example>
/// <example><code>Import-Dataset ./train.csv -Target label -Exclude id</code><para>Imports a CSV file, predicting the label column, leaving out the id column.</para></example>
/// <example><code>Get-ChildItem data/*.csv | Import-Dataset -Target y</code><para>Imports every CSV file in a folder, one dataset per file.</para></example>
/// <example><code>Import-Dataset /usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz</code><para>Imports the full Fashion-MNIST training images with their labels.</para></example>
[Cmdlet(VerbsData.Import, "Dataset", DefaultParameterSetName = PathSet)]
[OutputType(typeof(Dataset))]
public sealed class ImportDatasetCommand : DeepStatsCmdlet
{
    private const string PathSet = "Path", LiteralSet = "LiteralPath", SampleSet = "Sample";

    /// <summary><para type="description">Path of the file(s) to import; wildcards are allowed.</para></summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string[] Path { get; set; } = Array.Empty<string>();

    /// <summary><para type="description">Path of the file(s) to import, used exactly as written (no wildcards).</para></summary>
    [Parameter(Mandatory = true, ParameterSetName = LiteralSet, ValueFromPipelineByPropertyName = true)]
    [Alias("PSPath", "LP")]
    [ValidateNotNullOrEmpty]
    public string[] LiteralPath { get; set; } = Array.Empty<string>();

    /// <summary><para type="description">A built-in sample: FashionMnist (images) or Penguins (table, target species).</para></summary>
    [Parameter(Mandatory = true, ParameterSetName = SampleSet)]
    public SampleName Sample { get; set; }

    /// <summary><para type="description">Which part of the sample: Train (default) or Test. Penguins has one part.</para></summary>
    [Parameter(ParameterSetName = SampleSet)]
    public SampleSubset Subset { get; set; } = SampleSubset.Train;

    /// <summary><para type="description">The column to predict (CSV). Labels may be text or numbers.</para></summary>
    [Parameter(ParameterSetName = PathSet)]
    [Parameter(ParameterSetName = LiteralSet)]
    [ArgumentCompleter(typeof(ColumnNameCompleter))]
    public string? Target { get; set; }

    /// <summary><para type="description">Columns to leave out (CSV).</para></summary>
    [Parameter(ParameterSetName = PathSet)]
    [Parameter(ParameterSetName = LiteralSet)]
    [ArgumentCompleter(typeof(ColumnNameCompleter))]
    public string[] Exclude { get; set; } = Array.Empty<string>();

    /// <summary><para type="description">The field separator (CSV); detected among , ; tab and | when omitted.</para></summary>
    [Parameter(ParameterSetName = PathSet)]
    [Parameter(ParameterSetName = LiteralSet)]
    public char? Delimiter { get; set; }

    /// <summary><para type="description">Culture of the numbers (CSV), for example de-DE for a decimal comma. Invariant by default.</para></summary>
    [Parameter(ParameterSetName = PathSet)]
    [Parameter(ParameterSetName = LiteralSet)]
    public CultureInfo? Culture { get; set; }

    /// <summary><para type="description">The IDX label file for an IDX image file, when it is not the conventional neighbour.</para></summary>
    [Parameter(ParameterSetName = PathSet)]
    [Parameter(ParameterSetName = LiteralSet)]
    public string? LabelPath { get; set; }

    /// <summary><para type="description">Names of the IDX classes in label order (0, 1, ...).</para></summary>
    [Parameter(ParameterSetName = PathSet)]
    [Parameter(ParameterSetName = LiteralSet)]
    public string[]? ClassNames { get; set; }

    /// <summary><para type="description">Drops rows with a missing value or label, and says how many and which in a warning.</para></summary>
    [Parameter]
    public SwitchParameter DropMissing { get; set; }

    protected override void ProcessRecord()
    {
        if (ParameterSetName == SampleSet)
        {
            Emit(Run(() => SampleData.Load(Sample, Subset)));
            return;
        }
        foreach (var file in ResolvePaths(ParameterSetName == PathSet ? Path : null, ParameterSetName == LiteralSet ? LiteralPath : null))
        {
            WriteVerbose($"Importing '{file}'.");
            Emit(Run(() => Read(file)));
        }
    }

    private Dataset Read(string file)
    {
        if (IdxReader.LooksLikeIdx(file))
        {
            string? labels = LabelPath is null ? IdxReader.FindLabelFile(file) : SessionState.Path.GetUnresolvedProviderPathFromPSPath(LabelPath);
            if (labels is null) WriteWarning($"No label file found beside '{file}'; the images have no target. Pass -LabelPath.");
            else WriteVerbose($"Labels from '{labels}'.");
            return IdxReader.Read(file, labels, ClassNames);
        }
        return CsvDatasetReader.Read(file, new CsvImportOptions
        {
            Target = Target,
            Delimiter = Delimiter,
            Culture = Culture ?? CultureInfo.InvariantCulture,
            Exclude = Exclude,
        });
    }

    private void Emit(Dataset data)
    {
        if (DropMissing)
        {
            var (clean, dropped) = DatasetCleaning.DropIncompleteRows(data);
            if (dropped.Length > 0)
                WriteWarning($"Dropped {dropped.Length} of {data.RowCount} rows with missing values (data rows {string.Join(", ", dropped.Take(20).Select(r => r + 1))}{(dropped.Length > 20 ? ", ..." : "")}).");
            data = clean;
        }
        else
        {
            foreach (var c in data.Columns.Where(c => c.MissingCount > 0))
                WriteVerbose($"Column '{c.Name}' has {c.MissingCount} missing value(s).");
        }
        WriteObject(data);
    }
}
