using System.Globalization;
using System.Management.Automation;
using DeepStats.Core.Data;

namespace DeepStats.Commands;

/// <summary>
/// <para type="synopsis">Imports a CSV/TSV file, IDX image files or a folder of PNG/JPEG images as a typed DeepStats dataset.</para>
/// <para type="description">Reads a delimited text file (optionally gzipped: .gz or detected by its magic bytes) into typed, columnar storage: a column is numeric (float64) when its first non-missing value is a number, boolean when all its values are true/false, categorical otherwise; -ColumnType overrides that. The separator (, ; tab |), the encoding (a UTF-8, UTF-16 or UTF-32 byte order mark) and a decimal comma are detected, and -Verbose says what was detected and how each column was typed. Quoted fields may hold separators, quotes ("") and line breaks; spaces around unquoted fields are removed (quote a value to keep them), and blank lines are skipped. Empty fields and NA, N/A, NaN, null and ? (or -MissingToken) are missing values: they are counted, never dropped unless -DropMissing says so. Every malformed file is a terminating error with a stable id naming the file, line, column and value: ragged rows, unterminated quotes, text in a numeric column, duplicate or blank header names, empty or header-only files, binary content, absurd column counts or field sizes, files larger than memory. Values beyond the float32 range are kept exactly and reported in a warning. Bytes that are not UTF-8 are an error suggesting -Encoding latin1; a column of numbers written with thousands separators (1,234.5 under -Culture en-US) is read as numbers with a warning, and numbers with the other decimal mark (1,5 under a decimal-point culture) are an error naming -Culture. The target's kind follows a stated rule (see -TargetKind): whole numbers with more than 20 distinct values need -TargetKind. IDX files (the MNIST family, gzipped or not) are read as images; the label file beside the image file is found automatically. A folder with one sub-folder per class is read as PNG/JPEG images (resized with -Size). -Sample loads the built-in data without a path.</para>
/// </summary>
/// <example><code>Import-Dataset -Sample Penguins -Target species</code><para>Loads the built-in penguin measurements with species as the target.</para></example>
/// <example><code>Import-Dataset ./penguins.csv -Target species -Exclude island</code><para>Imports a CSV file, predicting the species column, leaving out the island column.</para></example>
/// <example><code>Get-ChildItem ./penguins*.csv | Import-Dataset -Target species</code><para>Imports every matching CSV file, one dataset per file; a file that cannot be read is reported as an error and the others still come through.</para></example>
/// <example><code>Import-Dataset ./fashion-mnist/train-images-idx3-ubyte.gz</code><para>Imports IDX images with their labels (the label file beside them is found); the full Fashion-MNIST of Debian's dataset-fashion-mnist package reads the same way from /usr/share/datasets/fashion-mnist.</para></example>
/// <example><code>Import-Dataset ./penguins.csv -Target species -ColumnType @{ flipper_length_mm = 'Categorical' } -Exclude 'bill*' -Verbose</code><para>Reads flipper lengths as categories rather than numbers, leaves out every column starting with bill, and reports the detected separator, encoding and column types.</para></example>
/// <example><code>$ref = Import-Dataset ./penguins.csv -Target species; Import-Dataset ./penguins.csv -Schema $ref</code><para>Reads a file with the reference's columns, kinds and levels (and its target); any difference (a missing column, text in a numeric column on any row, an unseen level) is one SchemaMismatch error listing all of them. A model works as the reference too: -Schema (Import-Model ./current.dsmodel).</para></example>
/// <example><code>Import-Dataset ./messwerte.csv -Delimiter ';' -Culture de-DE -Encoding latin1</code><para>Reads a semicolon-separated file with decimal commas in Latin-1.</para></example>
/// <example><code>Import-Dataset ./photos -Size 32,32 -ColorMode Rgb</code><para>Reads photos/cat/*.png, photos/dog/*.jpg ... as 3x32x32 images with the sub-folder names as classes.</para></example>
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

    /// <summary><para type="description">The column to predict (CSV). Labels may be text or numbers. With -Sample: Penguins predicts species unless another column is named; FashionMnist's target is label.</para></summary>
    [Parameter(ParameterSetName = PathSet)]
    [Parameter(ParameterSetName = LiteralSet)]
    [Parameter(ParameterSetName = SampleSet)]
    [ArgumentCompleter(typeof(ColumnNameCompleter))]
    public string? Target { get; set; }

    /// <summary><para type="description">Columns to leave out (CSV): names or wildcard patterns such as 'id*'.</para></summary>
    [Parameter(ParameterSetName = PathSet)]
    [Parameter(ParameterSetName = LiteralSet)]
    [ArgumentCompleter(typeof(ColumnNameCompleter))]
    public string[] Exclude { get; set; } = Array.Empty<string>();

    /// <summary><para type="description">Columns to keep (CSV): names or wildcard patterns; the target is always kept.</para></summary>
    [Parameter(ParameterSetName = PathSet)]
    [Parameter(ParameterSetName = LiteralSet)]
    [ArgumentCompleter(typeof(ColumnNameCompleter))]
    public string[] Include { get; set; } = Array.Empty<string>();

    /// <summary><para type="description">Declared column kinds that replace inference, for example @{ zip = 'Categorical'; smoker = 'Boolean'; score = 'Numeric' }.</para></summary>
    [Parameter(ParameterSetName = PathSet)]
    [Parameter(ParameterSetName = LiteralSet)]
    public System.Collections.Hashtable? ColumnType { get; set; }

    /// <summary><para type="description">Column names for a file without a header row: its first line is then data.</para></summary>
    [Parameter(ParameterSetName = PathSet)]
    [Parameter(ParameterSetName = LiteralSet)]
    public string[]? Header { get; set; }

    /// <summary><para type="description">The text encoding (utf8, utf8BOM, unicode, bigendianunicode, utf32, ascii, latin1, windows-1252, or a code page name or number). By default a byte order mark decides, else UTF-8; bytes that are not UTF-8 then stop the import with CsvInvalidUtf8 naming the line and column (pass -Encoding latin1 or windows-1252 for such files), never replacement characters.</para></summary>
    [Parameter(ParameterSetName = PathSet)]
    [Parameter(ParameterSetName = LiteralSet)]
    public string? Encoding { get; set; }

    /// <summary><para type="description">Field values read as missing, replacing the default NA, N/A, NaN, null and ? (an empty field is always missing). Matched without case.</para></summary>
    [Parameter(ParameterSetName = PathSet)]
    [Parameter(ParameterSetName = LiteralSet)]
    public string[]? MissingToken { get; set; }

    /// <summary><para type="description">Whether the target holds classes (Classification) or a number to predict (Regression). Without it the data decides where it is clear: a target with a non-integer number is a number to predict; text, and whole numbers with at most 20 distinct values, are classes. Whole numbers with more than 20 distinct values are ambiguous and stop the import with the error AmbiguousTargetKind: pass -TargetKind to say which.</para></summary>
    [Parameter(ParameterSetName = PathSet)]
    [Parameter(ParameterSetName = LiteralSet)]
    public TargetKind? TargetKind { get; set; }

    /// <summary><para type="description">How categorical columns become model inputs: OneHot (default, one input per level) or Index (one input holding the level index). Recorded on the columns and in the model, so new data is encoded identically.</para></summary>
    [Parameter(ParameterSetName = PathSet)]
    [Parameter(ParameterSetName = LiteralSet)]
    public CategoryEncoding CategoryEncoding { get; set; } = CategoryEncoding.OneHot;

    /// <summary><para type="description">Adds an "(unknown)" level to every categorical column; categories not seen in training then map to it instead of being an error (UnseenCategory).</para></summary>
    [Parameter(ParameterSetName = PathSet)]
    [Parameter(ParameterSetName = LiteralSet)]
    public SwitchParameter UnknownCategory { get; set; }

    /// <summary><para type="description">Image folders: resize every image to height,width (bilinear). Without it all images must share one size.</para></summary>
    [Parameter(ParameterSetName = PathSet)]
    [Parameter(ParameterSetName = LiteralSet)]
    [ValidateCount(2, 2)]
    [ValidateRange(1, 4096)]
    public int[]? Size { get; set; }

    /// <summary><para type="description">Image folders: Auto (grayscale when every image is, else RGB), Grayscale or Rgb.</para></summary>
    [Parameter(ParameterSetName = PathSet)]
    [Parameter(ParameterSetName = LiteralSet)]
    public ImageColorMode ColorMode { get; set; } = ImageColorMode.Auto;

    /// <summary><para type="description">The field separator (CSV); detected among , ; tab and | when omitted.</para></summary>
    [Parameter(ParameterSetName = PathSet)]
    [Parameter(ParameterSetName = LiteralSet)]
    public char? Delimiter { get; set; }

    /// <summary><para type="description">Culture of the numbers (CSV), for example de-DE for a decimal comma. By default a decimal comma is detected when the separator is not a comma; otherwise invariant.</para></summary>
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

    /// <summary><para type="description">A schema contract (CSV): a model (its raw input columns) or a dataset whose column set, kinds and levels the file must have. Reference columns are read with the reference's kinds (a first-row 'sensor-error' in a numeric column is text in a numeric column, not a new categorical column), text in numeric columns is collected on every row, and missing, extra, renamed or retyped columns, text in numeric columns, unseen levels and classes give one SchemaMismatch error listing every difference (its TargetObject is the list; Compare-DatasetSchema returns it without an error). The target is the reference's when the file has it. Data that conforms comes back aligned: the reference's column order and level coding.</para></summary>
    [Parameter(ParameterSetName = PathSet)]
    [Parameter(ParameterSetName = LiteralSet)]
    public object? Schema { get; set; }

    /// <summary><para type="description">Drops rows with a missing value or label, and says how many and which in a warning.</para></summary>
    [Parameter]
    public SwitchParameter DropMissing { get; set; }

    protected override void ProcessRecord()
    {
        if (ParameterSetName == SampleSet)
        {
            Emit(Run(() => SampleData.Load(Sample, Subset, Target)));
            return;
        }
        // one bad file among many is a non-terminating error, the others still come through (DeepStatsCmdlet.ForEachFile)
        ForEachFile(ParameterSetName == LiteralSet ? null : Path, ParameterSetName == LiteralSet ? LiteralPath : null, file =>
        {
            WriteVerbose($"Importing '{file}'.");
            Emit(Run(() => Read(file)));
        });
    }

    private Dataset Read(string file)
    {
        if (Directory.Exists(file))
            return ImageFolderReader.Read(file, new ImageFolderOptions
            {
                Size = Size is { Length: 2 } sz ? (sz[0], sz[1]) : null,
                ColorMode = ColorMode,
                Log = WriteVerbose,
                Warn = WriteWarning,
            });
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
            TargetKind = TargetKind,
            Delimiter = Delimiter,
            Culture = Culture,
            Encoding = Encoding is null ? null : EncodingArgument.Parse(Encoding),
            Header = Header,
            Include = Include,
            Exclude = Exclude,
            ColumnTypes = ColumnTypeArgument.Parse(ColumnType),
            MissingTokens = MissingToken ?? CsvImportOptions.DefaultMissingTokens,
            CategoryEncoding = CategoryEncoding,
            UnknownCategory = UnknownCategory,
            Schema = SchemaArgument.Parse(Schema),
            Log = WriteVerbose,
            Warn = WriteWarning,
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
        else WriteMissingCounts(data);
        WriteObject(data);
    }
}
