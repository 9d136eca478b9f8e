using System.Management.Automation;
using DeepStats.Core;
using DeepStats.Core.Persistence;
using DeepStats.Core.Training;

namespace DeepStats.Commands;

/// <summary>
/// <para type="synopsis">Saves a trained model to one file: its network spec and weights, fitted preprocessing, input schema, classes, history and options.</para>
/// <para type="description">Writes a zip archive with a manifest (format version, library versions, the SHA-256 of every entry), the model as JSON and the weights in the safetensors layout (readable by PyTorch's safetensors package, no pickle). The path is resolved the PowerShell way (relative to the current location, PSDrives such as TestDrive:). The write is atomic: the archive is written to a temp file of its own in the same folder ('&lt;name&gt;.&lt;12 hex digits&gt;.saving'), flushed to disk and renamed over the target, so a crash or a full disk leaves the previous file intact, and several saves to one path at once all succeed (the last one wins). A process killed in the middle of a save leaves its .saving file behind; it is never a loadable model and may be deleted. A folder that does not exist, a path that is a folder, no permission or a full disk is one ModelFileWriteFailed error naming the file. An existing file is an error unless -Force is given. Supports -WhatIf and -Confirm; -PassThru returns the file.</para>
/// </summary>
/// <example><code>$m = Import-Dataset -Sample Penguins -DropMissing -WarningAction SilentlyContinue | Start-Training -Epochs 3; $m | Save-Model -Path (Join-Path ([IO.Path]::GetTempPath()) 'penguins.dsmodel') -Force</code><para>Trains a small model on the built-in penguins and saves it.</para></example>
/// <example><code>$m = Import-Dataset -Sample Penguins -DropMissing -WarningAction SilentlyContinue | Start-Training -Epochs 3; Save-Model $m (Join-Path ([IO.Path]::GetTempPath()) 'penguins.dsmodel') -Force -PassThru | Select-Object Name, Length</code><para>Replaces an existing model file atomically and shows the file written.</para></example>
[Cmdlet(VerbsData.Save, "Model", SupportsShouldProcess = true, DefaultParameterSetName = PathSet)]
[OutputType(typeof(FileInfo))]
public sealed class SaveModelCommand : DeepStatsCmdlet
{
    private const string PathSet = "Path", LiteralSet = "LiteralPath";

    /// <summary><para type="description">The trained model (from Start-Training or Import-Model).</para></summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
    public TrainedModel Model { get; set; } = null!;

    /// <summary><para type="description">The file to write, relative to the current location; PSDrives are allowed.</para></summary>
    [Parameter(Mandatory = true, Position = 1, ParameterSetName = PathSet)]
    [ValidateNotNullOrEmpty]
    public string Path { get; set; } = "";

    /// <summary><para type="description">The file to write, used exactly as written.</para></summary>
    [Parameter(Mandatory = true, ParameterSetName = LiteralSet)]
    [Alias("PSPath", "LP")]
    [ValidateNotNullOrEmpty]
    public string LiteralPath { get; set; } = "";

    /// <summary><para type="description">Replaces an existing file (atomically: readers see the old or the new file, never a mix).</para></summary>
    [Parameter] public SwitchParameter Force { get; set; }

    /// <summary><para type="description">Writes the saved file (a FileInfo) to the pipeline.</para></summary>
    [Parameter] public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord()
    {
        string target = ResolveOutputPath(ParameterSetName == LiteralSet ? LiteralPath : Path);
        bool exists = File.Exists(target);
        if (!ShouldProcess(target, exists ? "Replace model file" : "Save model")) return;
        Run(() => ModelFile.Save(Model, target, Force));
        WriteVerbose($"Saved the model to '{target}' ({new FileInfo(target).Length:N0} bytes).");
        if (PassThru) WriteObject(new FileInfo(target));
    }
}
