using System.Management.Automation;
using DeepStats.Core.Models;

namespace DeepStats.Commands;

/// <summary>
/// <para type="synopsis">Defines a recurrent network (LSTM or GRU) for sequences.</para>
/// <para type="description">A stack of LSTM or GRU layers reads each example's sequence (steps x features, as made by ConvertTo-Sequence); its last hidden state (both directions when -Bidirectional) feeds optional dense layers and the output head: one unit per class for sequence classification, one unit for forecasting a number. Shapes and parameter counts are checked like every DeepStats network.</para>
/// </summary>
/// <example><code>New-RecurrentNet -Cell LSTM -HiddenSize 32</code><para>One LSTM layer of 32 units.</para></example>
/// <example><code>$seq = Import-Dataset ./series.csv | ConvertTo-Sequence -Window 12 -Target load -Column load, temperature; $seq | Start-Training -Model (New-RecurrentNet -Cell GRU -HiddenSize 32 -Layers 2 -Dropout 0.1) -Epochs 3</code><para>Forecasts the next value of 'load' from the previous 12 rows with a two-layer GRU.</para></example>
[Cmdlet(VerbsCommon.New, "RecurrentNet")]
[OutputType(typeof(ModelSpec))]
public sealed class NewRecurrentNetCommand : DeepStatsCmdlet
{
    /// <summary><para type="description">The recurrent cell: LSTM or GRU.</para></summary>
    [Parameter] [ValidateSet("LSTM", "GRU")] public string Cell { get; set; } = "LSTM";
    /// <summary><para type="description">Hidden units per direction.</para></summary>
    [Parameter] [ValidateRange(1, 4096)] public int HiddenSize { get; set; } = 32;
    /// <summary><para type="description">Stacked recurrent layers.</para></summary>
    [Parameter] [ValidateRange(1, 16)] public int Layers { get; set; } = 1;
    /// <summary><para type="description">Reads each sequence in both directions.</para></summary>
    [Parameter] public SwitchParameter Bidirectional { get; set; }
    /// <summary><para type="description">Dropout between stacked layers and before the dense layers.</para></summary>
    [Parameter] [ValidateRange(0.0, 0.95)] public double Dropout { get; set; }
    /// <summary><para type="description">Widths of dense layers between the recurrent layers and the output head.</para></summary>
    [Parameter] public int[] Hidden { get; set; } = Array.Empty<int>();
    /// <summary><para type="description">Input shape as steps, features; taken from the data when omitted.</para></summary>
    [Parameter] public int[]? InputShape { get; set; }

    protected override void EndProcessing() =>
        WriteObject(Run(() => NetworkFactory.Recurrent(new RecurrentOptions
        {
            Cell = Enum.Parse<LayerType>(Cell, true),
            HiddenSize = HiddenSize,
            Layers = Layers,
            Bidirectional = Bidirectional,
            Dropout = Dropout,
            Hidden = Hidden,
            InputShape = InputShape,
        })));
}
