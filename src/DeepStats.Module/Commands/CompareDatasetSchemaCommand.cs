using System.Management.Automation;
using DeepStats.Core;
using DeepStats.Core.Data;

namespace DeepStats.Commands;

/// <summary>
/// <para type="synopsis">Lists every difference between data and a reference schema (a model's or a dataset's), as objects, without an error.</para>
/// <para type="description">The non-throwing form of the schema contract of Import-Dataset -Schema: one SchemaDifference per difference (Kind: MissingColumn, ExtraColumn, RenamedColumn, KindChanged, TextInNumericColumn, UnseenLevel, TargetKindChanged, UnseenClass or DataKind; the column, what was expected and found, how many rows and where first, and a Description in words); nothing when the data conforms. With -Path the file is read under the contract, so text in a numeric column is found on every row (the first included) with its line; with -Data a dataset already imported is compared (its columns' kinds as they were inferred). A file that cannot be read at all (ragged rows, bad encoding) is still an error.</para>
/// </summary>
/// <example><code>$ref = Import-Dataset ./penguins.csv -Target species; Compare-DatasetSchema -Path ./penguins.csv -Schema $ref</code><para>Nothing: the file has the reference's columns, kinds and levels.</para></example>
/// <example><code>$ref = Import-Dataset ./penguins.csv -Target species; Set-Content ./week.csv "species,island,bill_length_mm`nAdelie,Atlantis,sensor-error"; Compare-DatasetSchema ./week.csv -Schema $ref | Format-Table Kind, Column, Rows, Description</code><para>Lists every difference: the unseen island Atlantis, text in bill_length_mm on the first data row (line 2), four missing columns.</para></example>
[Cmdlet(VerbsData.Compare, "DatasetSchema", DefaultParameterSetName = DataSet)]
[OutputType(typeof(SchemaDifference))]
public sealed class CompareDatasetSchemaCommand : DeepStatsCmdlet
{
    private const string DataSet = "Data", PathSet = "Path", LiteralSet = "LiteralPath";

    /// <summary><para type="description">The dataset to compare (from the pipeline).</para></summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = DataSet)]
    public Dataset Data { get; set; } = null!;

    /// <summary><para type="description">CSV file(s) to read under the contract and compare; wildcards are allowed.</para></summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathSet)]
    [ValidateNotNullOrEmpty]
    public string[] Path { get; set; } = Array.Empty<string>();

    /// <summary><para type="description">CSV file(s), used exactly as written.</para></summary>
    [Parameter(Mandatory = true, ParameterSetName = LiteralSet, ValueFromPipelineByPropertyName = true)]
    [Alias("PSPath", "LP")]
    [ValidateNotNullOrEmpty]
    public string[] LiteralPath { get; set; } = Array.Empty<string>();

    /// <summary><para type="description">The reference: a model (its raw input columns), a dataset or a schema contract.</para></summary>
    [Parameter(Mandatory = true)]
    public object Schema { get; set; } = null!;

    protected override void ProcessRecord()
    {
        var contract = Run(() => SchemaArgument.Parse(Schema)!);
        if (ParameterSetName == DataSet)
        {
            foreach (var d in contract.Compare(Data)) WriteObject(d);
            return;
        }
        ForEachFile(ParameterSetName == PathSet ? Path : null, ParameterSetName == LiteralSet ? LiteralPath : null, file =>
        {
            IReadOnlyList<SchemaDifference> differences = Array.Empty<SchemaDifference>();
            Run(() =>
            {
                try { CsvDatasetReader.Read(file, new CsvImportOptions { Schema = contract, Log = WriteVerbose }); }
                catch (DeepStatsException e) when (e.ErrorId == ErrorIds.SchemaMismatch && e.Target is IReadOnlyList<SchemaDifference> found) { differences = found; }
            });
            foreach (var d in differences) WriteObject(d);
        });
    }
}
