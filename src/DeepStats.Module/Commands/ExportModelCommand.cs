using System.Management.Automation;
using DeepStats.Core;
using DeepStats.Core.Export;
using DeepStats.Core.Models;
using DeepStats.Core.Training;

namespace DeepStats.Commands;

/// <summary>
/// <para type="synopsis">Exports a trained model, its preprocessing included, to a file another runtime reads: ONNX.</para>
/// <para type="description">Writes one ONNX file (opset 17 with ai.onnx.ml 3, IR version 8) that takes raw rows and gives what Invoke-Prediction gives. Tables: one input per raw column, shape [N, 1], numbers as float (NaN is missing), categories and booleans as text matched exactly to the training levels (the usual missing tokens NA, N/A, NaN, null, ? and the empty text are missing). Images: one float input 'image' of the trained shape [N, C, H, W]. Sequences: one float input 'sequence' [N, steps, features] (for a windowed series, the windows of raw values). Inside the graph the model's fitted states run in order in float64, as in DeepStats: the imputer (with its indicator columns), every standardizer (ZScore, MinMax, Robust; constant columns map to 0), feature selection and the category encodings (one-hot or index, unseen values to the unknown level when the data has one); then the network (every layer the builders make; dropout is the identity, batch norm uses its running statistics) and the head. Outputs: classifiers 'probabilities' [N, classes], 'label' (the class) and 'label_index'; regressors 'value' in the target's units. A row DeepStats would refuse (a missing value without an imputer, a category unseen in training without an unknown level) comes out with NaN probabilities, label '' and index -1 (or a NaN value). The file's metadata states the classes, the input features with their kinds and levels, the target, the DeepStats and TorchSharp versions, the opsets, the training data's fingerprint and the preprocessing. A model with something that has no ONNX form is one OnnxExportUnsupported error naming the layer or step, and nothing is written. The write is atomic (a temp file in the same folder, renamed over the target); an existing file is replaced unless -NoClobber is given. Supports -WhatIf and -Confirm; -PassThru returns the file.</para>
/// </summary>
/// <example><code>$m = Import-Dataset -Sample Penguins -DropMissing -WarningAction SilentlyContinue | Start-Training -Epochs 3; $m | Export-Model -Format Onnx -Path (Join-Path ([IO.Path]::GetTempPath()) 'penguins.onnx') -PassThru | Select-Object Name, Length</code><para>Trains a small model on the built-in penguins and exports it, preprocessing included, to ONNX.</para></example>
[Cmdlet(VerbsData.Export, "Model", SupportsShouldProcess = true, DefaultParameterSetName = PathSet)]
[OutputType(typeof(FileInfo))]
public sealed class ExportModelCommand : DeepStatsCmdlet
{
    private const string PathSet = "Path", LiteralSet = "LiteralPath";

    /// <summary><para type="description">The trained model (from Start-Training or Import-Model).</para></summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
    public TrainedModel Model { get; set; } = null!;

    /// <summary><para type="description">The file format; Onnx.</para></summary>
    [Parameter] public ModelExportFormat Format { get; set; } = ModelExportFormat.Onnx;

    /// <summary><para type="description">The file to write, relative to the current location; PSDrives are allowed.</para></summary>
    [Parameter(Mandatory = true, Position = 1, ParameterSetName = PathSet)]
    [ValidateNotNullOrEmpty]
    public string Path { get; set; } = "";

    /// <summary><para type="description">The file to write, used exactly as written.</para></summary>
    [Parameter(Mandatory = true, ParameterSetName = LiteralSet)]
    [Alias("PSPath", "LP")]
    [ValidateNotNullOrEmpty]
    public string LiteralPath { get; set; } = "";

    /// <summary><para type="description">Do not replace an existing file (ExportFileExists).</para></summary>
    [Parameter] public SwitchParameter NoClobber { get; set; }

    /// <summary><para type="description">Writes the exported file (a FileInfo) to the pipeline.</para></summary>
    [Parameter] public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord()
    {
        string target = ResolveOutputPath(ParameterSetName == LiteralSet ? LiteralPath : Path);
        bool exists = File.Exists(target);
        if (exists && NoClobber)
            ThrowTerminatingError(ToErrorRecord(new DeepStatsException(ErrorIds.ExportFileExists, FailureKind.WriteError,
                $"File '{target}' exists and -NoClobber was given. Choose another path or leave out -NoClobber.", target)));
        if (!ShouldProcess(target, exists ? "Replace with the ONNX model" : "Export the model to ONNX")) return;
        long bytes = Run(() => OnnxExporter.Export(Model, target));
        WriteVerbose($"Exported the model to '{target}' ({bytes:N0} bytes, {OnnxExporter.Opsets}).");
        if (PassThru) WriteObject(new FileInfo(target));
    }
}
