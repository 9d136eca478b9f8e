namespace DeepStats.Core.Training;

/// <summary>Every knob of a training run, each with a default that works. Cmdlet parameters map onto these one to one.</summary>
public sealed record TrainingOptions
{
    public int Epochs { get; init; } = 10;
    public int BatchSize { get; init; } = 64;
    public double LearningRate { get; init; } = 1e-3;
    public double WeightDecay { get; init; }
    /// <summary>Seeds weight initialisation, the validation split and batch order: same seed, same data, same result.</summary>
    public int Seed { get; init; }
    /// <summary>Share of the training rows held out (stratified) to report validation loss and accuracy each epoch; 0 for none.</summary>
    public double ValidationFraction { get; init; } = 0.1;
    /// <summary>Fit a standardizer on the training rows when the data carries none.</summary>
    public bool Standardize { get; init; } = true;
    /// <summary>Random changes to each training batch (New-Augmentation), or null for none.</summary>
    public Preprocessing.AugmentationPolicy? Augmentation { get; init; }
    /// <summary>CrossEntropy for a class target, MSE for a numeric one.</summary>
    public string Optimizer => "Adam";

    public void Validate()
    {
        if (Epochs < 1) throw Bad($"Epochs must be at least 1; got {Epochs}.");
        if (BatchSize < 1) throw Bad($"BatchSize must be at least 1; got {BatchSize}.");
        if (!(LearningRate > 0) || double.IsInfinity(LearningRate)) throw Bad($"LearningRate must be a positive number; got {LearningRate}.");
        if (WeightDecay < 0) throw Bad($"WeightDecay must not be negative; got {WeightDecay}.");
        if (ValidationFraction is < 0 or >= 1) throw Bad($"ValidationFraction must be at least 0 and below 1; got {ValidationFraction}.");
    }

    private static DeepStatsException Bad(string m) => new("InvalidTrainingOption", FailureKind.InvalidArgument, m);
}

/// <summary>What happened in one epoch. Loss is the mean cross-entropy per example (classification) or the
/// mean squared error in the target's units (regression); accuracy a fraction, null for regression.</summary>
public sealed record EpochRecord(
    int Epoch,
    double Loss,
    double? Accuracy,
    double? ValidationLoss,
    double? ValidationAccuracy,
    double Seconds,
    double ExamplesPerSecond,
    double LearningRate);

/// <summary>Progress within an epoch, reported between batches on the training thread.</summary>
public readonly record struct TrainingProgress(int Epoch, int Epochs, int Batch, int Batches, double RunningLoss);
