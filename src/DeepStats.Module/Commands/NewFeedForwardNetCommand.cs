using System.Management.Automation;
using DeepStats.Core.Models;

namespace DeepStats.Commands;

/// <summary>
/// <para type="synopsis">Defines a feed-forward (fully connected) network for tabular data.</para>
/// <para type="description">Hidden dense layers, each followed by optional batch norm, an activation and optional dropout, then an output layer with one unit per class. The input width comes from the data (numeric columns plus one-hot categories) unless -InputFeatures is given.</para>
/// </summary>
/// <example><code>New-FeedForwardNet -Hidden 64,32 -Dropout 0.1</code><para>Two hidden layers of 64 and 32 units with dropout.</para></example>
/// <example><code>Import-Dataset -Sample Penguins -DropMissing -WarningAction SilentlyContinue | Start-Training -Model (New-FeedForwardNet -Hidden 16)</code><para>Trains a small network on the penguins.</para></example>
[Cmdlet(VerbsCommon.New, "FeedForwardNet")]
[OutputType(typeof(ModelSpec))]
public sealed class NewFeedForwardNetCommand : DeepStatsCmdlet
{
    /// <summary><para type="description">Widths of the hidden layers.</para></summary>
    [Parameter(Position = 0)] public int[] Hidden { get; set; } = { 64, 32 };
    /// <summary><para type="description">Activation: ReLU, LeakyReLU, ELU, GELU or Tanh.</para></summary>
    [Parameter] [ValidateSet("ReLU", "LeakyReLU", "ELU", "GELU", "Tanh")] public string Activation { get; set; } = "ReLU";
    /// <summary><para type="description">Dropout probability after each hidden layer.</para></summary>
    [Parameter] [ValidateRange(0.0, 0.95)] public double Dropout { get; set; }
    /// <summary><para type="description">Adds batch normalisation after each hidden layer.</para></summary>
    [Parameter] public SwitchParameter BatchNorm { get; set; }
    /// <summary><para type="description">Weight initialisation: Default (libtorch's), He or Xavier.</para></summary>
    [Parameter] public WeightInit Init { get; set; } = WeightInit.Default;
    /// <summary><para type="description">Number of input features; taken from the data when omitted.</para></summary>
    [Parameter] [ValidateRange(1, int.MaxValue)] public int? InputFeatures { get; set; }
    /// <summary><para type="description">Number of classes; taken from the data when omitted.</para></summary>
    [Parameter] [ValidateRange(2, int.MaxValue)] public int? Classes { get; set; }

    protected override void EndProcessing() =>
        WriteObject(Run(() => NetworkFactory.FeedForward(new FeedForwardOptions
        {
            Hidden = Hidden,
            Activation = Enum.Parse<LayerType>(Activation, true),
            Dropout = Dropout,
            BatchNorm = BatchNorm,
            Init = Init,
            InputFeatures = InputFeatures,
            Classes = Classes,
        })));
}
