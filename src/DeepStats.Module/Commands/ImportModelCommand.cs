using System.Management.Automation;
using DeepStats.Core.Persistence;
using DeepStats.Core.Training;

namespace DeepStats.Commands;

/// <summary>
/// <para type="synopsis">Loads a model saved with Save-Model, ready for Invoke-Prediction, Test-Model and Compare-Model.</para>
/// <para type="description">Checks the file before returning anything: it must be a zip archive with a DeepStats manifest whose format version this DeepStats reads, every entry must have the SHA-256 and length the manifest records, the model JSON and the safetensors weights must be valid, and the weights must fit the network the spec describes. Each failure is one error with a stable id: NotAModelFile, ModelFileCorrupt (truncated or damaged), ModelFileTampered (an entry changed after saving), ModelFormatTooNew, ModelWeightsMismatch, ModelTooLarge (the network would not fit -MemoryLimit), PathIsAFolder. Every entry's size is checked against what the spec implies before it is read, the zip holds exactly the manifest's entries (no duplicate, extra or path-like names), and the description is checked for sense (classes match the output layer, features the input, fitted centres and scales finite). With several files (several paths, a wildcard, pipeline input) a bad file is a non-terminating error naming it and the other models still load; a single named file that fails is a terminating error. Loading reads data only: nothing in the file is executed and no type named in it is created. Predictions of the loaded model are bit-identical to those of the saved one.</para>
/// </summary>
/// <example><code>$p = Join-Path ([IO.Path]::GetTempPath()) 'penguins.dsmodel'; Import-Dataset -Sample Penguins -DropMissing -WarningAction SilentlyContinue | Start-Training -Epochs 3 | Save-Model -Path $p -Force; $m = Import-Model -Path $p; $m.Classes</code><para>Saves a model, loads it back and lists its classes.</para></example>
/// <example><code>Get-ChildItem ([IO.Path]::GetTempPath()) -Filter *.dsmodel | Import-Model</code><para>Loads every model file in a folder.</para></example>
[Cmdlet(VerbsData.Import, "Model", DefaultParameterSetName = PathSet)]
[OutputType(typeof(TrainedModel))]
public sealed class ImportModelCommand : DeepStatsCmdlet
{
    private const string PathSet = "Path", LiteralSet = "LiteralPath";

    /// <summary><para type="description">The model file(s); wildcards are allowed.</para></summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathSet, ValueFromPipeline = true)]
    [ValidateNotNullOrEmpty]
    public string[] Path { get; set; } = Array.Empty<string>();

    /// <summary><para type="description">The model file(s), used exactly as written.</para></summary>
    [Parameter(Mandatory = true, ParameterSetName = LiteralSet, ValueFromPipelineByPropertyName = true)]
    [Alias("PSPath", "LP")]
    [ValidateNotNullOrEmpty]
    public string[] LiteralPath { get; set; } = Array.Empty<string>();

    /// <summary><para type="description">The memory a loaded network may use, in bytes (2GB): its weights and a batch of 512 activations, computed from the spec before anything is built. A larger network is refused (ModelTooLarge) naming the layer that weighs most. Default: 80% of the memory available to the process.</para></summary>
    [Parameter] [ValidateRange(1L, long.MaxValue)] public long MemoryLimit { get; set; }

    protected override void ProcessRecord()
    {
        // one bad file among many is a non-terminating error, the others still load (DeepStatsCmdlet.ForEachFile)
        ForEachFile(ParameterSetName == PathSet ? Path : null, ParameterSetName == LiteralSet ? LiteralPath : null, file =>
        {
            WriteVerbose($"Loading the model in '{file}'.");
            WriteObject(Run(() => ModelFile.Load(file, MyInvocation.BoundParameters.ContainsKey(nameof(MemoryLimit)) ? MemoryLimit : null)));
        });
    }
}
