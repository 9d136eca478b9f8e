using System.Management.Automation;
using DeepStats.Core.Preprocessing;

namespace DeepStats.Commands;

/// <summary>
/// <para type="synopsis">Builds a seeded augmentation policy for Start-Training -Augmentation: random changes to each training batch.</para>
/// <para type="description">Images: -FlipProbability (horizontal flip), -Shift (random shift of up to that many pixels, the border filled with 0: a random crop with padding), -Rotation (a uniform angle within that many degrees), -ErasingProbability (one random rectangle of 2-20% of the image set to 0), -Noise (Gaussian noise of that standard deviation). Tables: -Noise only, on standardized features. The changes are drawn on the fly for training batches only (validation and test data are never changed, nothing is stored) from a generator seeded with -Seed: the same seed gives the same changes.</para>
/// </summary>
/// <example><code>$aug = New-Augmentation -FlipProbability 0.5 -Shift 2 -Seed 1; Import-Dataset -Sample FashionMnist | Start-Training -Model (New-ConvNet -Channels 8 -ConvolutionsPerBlock 1 -Hidden 32) -Epochs 1 -Augmentation $aug</code><para>Trains a small ConvNet on flipped and shifted images.</para></example>
/// <example><code>Import-Dataset -Sample Penguins -DropMissing | Start-Training -Epochs 2 -Augmentation (New-Augmentation -Noise 0.05)</code><para>Adds Gaussian noise of 0.05 standard deviations to the standardized table features of each training batch.</para></example>
[Cmdlet(VerbsCommon.New, "Augmentation")]
[OutputType(typeof(AugmentationPolicy))]
public sealed class NewAugmentationCommand : DeepStatsCmdlet
{
    /// <summary><para type="description">Probability of a horizontal flip (images).</para></summary>
    [Parameter] [ValidateRange(0.0, 1.0)] public double FlipProbability { get; set; }
    /// <summary><para type="description">Largest shift in pixels, each direction (images).</para></summary>
    [Parameter] [ValidateRange(0, 1000)] public int Shift { get; set; }
    /// <summary><para type="description">Largest rotation in degrees, either way (images).</para></summary>
    [Parameter] [ValidateRange(0.0, 180.0)] public double Rotation { get; set; }
    /// <summary><para type="description">Probability of erasing one random rectangle (images).</para></summary>
    [Parameter] [ValidateRange(0.0, 1.0)] public double ErasingProbability { get; set; }
    /// <summary><para type="description">Standard deviation of Gaussian noise added to every input (images and tables).</para></summary>
    [Parameter] [ValidateRange(0.0, 100.0)] public double Noise { get; set; }
    /// <summary><para type="description">Seed of the random changes (default 1).</para></summary>
    [Parameter] public int Seed { get; set; } = 1;

    protected override void EndProcessing()
    {
        var policy = new AugmentationPolicy
        {
            FlipProbability = FlipProbability, MaxShift = Shift, MaxRotation = Rotation,
            ErasingProbability = ErasingProbability, NoiseStd = Noise, Seed = Seed,
        };
        Run(policy.Validate);
        WriteObject(policy);
    }
}
