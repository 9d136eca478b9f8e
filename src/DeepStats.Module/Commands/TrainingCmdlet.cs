using System.Management.Automation;
using DeepStats.Core.Data;
using DeepStats.Core.Models;
using DeepStats.Core.Training;

namespace DeepStats.Commands;

/// <summary>
/// The training parameters shared by every cmdlet that trains (Start-Training, Invoke-CrossValidation),
/// as PowerShell's CSV cmdlets share theirs through a base class: one hashtable of them splats to
/// all of them. A new training parameter goes here, with its mapping in <see cref="BuildTrainingOptions"/>,
/// and every training cmdlet takes it.
/// </summary>
public abstract class TrainingCmdlet : DeepStatsCmdlet
{
    /// <summary><para type="description">The network (New-ConvNet, New-FeedForwardNet). Chosen from the data when omitted.</para></summary>
    [Parameter(Position = 1)]
    public ModelSpec? Model { get; set; }

    /// <summary><para type="description">Passes over the training data.</para></summary>
    [Parameter] [ValidateRange(1, 100000)] public int Epochs { get; set; } = 10;
    /// <summary><para type="description">Examples per gradient step.</para></summary>
    [Parameter] [ValidateRange(1, 1000000)] public int BatchSize { get; set; } = 64;
    /// <summary><para type="description">Adam's learning rate.</para></summary>
    [Parameter] [ValidateRange(1e-9, 10.0)] public double LearningRate { get; set; } = 1e-3;
    /// <summary><para type="description">L2 weight decay.</para></summary>
    [Parameter] [ValidateRange(0.0, 1.0)] public double WeightDecay { get; set; }
    /// <summary><para type="description">Seed of weight initialisation, validation split and batch order.</para></summary>
    [Parameter] public int Seed { get; set; }
    /// <summary><para type="description">Share of rows held out for validation (stratified); 0 for none.</para></summary>
    [Parameter] [ValidateRange(0.0, 0.9)] public double ValidationFraction { get; set; } = 0.1;
    /// <summary><para type="description">Do not fit a standardizer when the data has none.</para></summary>
    [Parameter] public SwitchParameter NoStandardize { get; set; }
    /// <summary><para type="description">Random changes applied to each training batch (New-Augmentation); validation rows are never changed.</para></summary>
    [Parameter] public DeepStats.Core.Preprocessing.AugmentationPolicy? Augmentation { get; set; }

    /// <summary>The bound training parameters as the engine's options.</summary>
    protected TrainingOptions BuildTrainingOptions() => new()
    {
        Epochs = Epochs,
        BatchSize = BatchSize,
        LearningRate = LearningRate,
        WeightDecay = WeightDecay,
        Seed = Seed,
        ValidationFraction = ValidationFraction,
        Standardize = !NoStandardize,
        Augmentation = Augmentation,
    };

    /// <summary>Warns when a class target looks like a quantity (many classes, all numbers) and names classes with a single row.</summary>
    protected void WarnAboutTarget(Dataset data)
    {
        if (data.Target is { Kind: TargetKind.Classification, ClassCount: > 50 } many &&
            many.Classes.All(c => double.TryParse(c, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out _)))
            WriteWarning($"Target '{many.Name}' has {many.ClassCount} classes, all of them numbers. If it is a quantity to predict, import it with -TargetKind Regression.");
        if (data.Target is { Kind: TargetKind.Classification } classes)
            foreach (var (name, count) in classes.Classes.Zip(classes.ClassCounts()))
                if (count == 1)
                    WriteWarning($"Class '{name}' of target '{classes.Name}' has a single row: the model can hardly learn it, and no validation or test rows can measure it. " +
                                 "Collect more rows of it, merge it with another class, or leave it out.");
    }
}
