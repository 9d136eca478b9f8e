namespace DeepStats.Core;

/// <summary>
/// The catalogue of stable error ids: every <c>DeepStatsException</c> and every ErrorRecord the
/// module writes takes its id from here, one meaning per id. Scripts and tests rely on them
/// (<c>FullyQualifiedErrorId</c>), so an id is never renamed or reused for another meaning.
/// </summary>
public static class ErrorIds
{
    /// <summary>A training option is out of range or contradicts another.</summary>
    public const string InvalidTrainingOption = nameof(InvalidTrainingOption);
    /// <summary>The training loss became NaN or infinite (names epoch, batch and learning rate).</summary>
    public const string TrainingDiverged = nameof(TrainingDiverged);
    /// <summary>A training checkpoint cannot be read or belongs to other data, network or options.</summary>
    public const string CheckpointMismatch = nameof(CheckpointMismatch);
    /// <summary>The chosen loss does not suit the target kind (cross-entropy for numbers, MSE for classes).</summary>
    public const string LossNotForTarget = nameof(LossNotForTarget);
    /// <summary>A class weight names a label the target does not have, or is not a positive number.</summary>
    public const string InvalidClassWeight = nameof(InvalidClassWeight);
    /// <summary>Validation data does not match the training data (other target, columns or kind).</summary>
    public const string ValidationDataMismatch = nameof(ValidationDataMismatch);
    /// <summary>A training checkpoint could not be written (folder missing and not creatable, no permission, disk full).</summary>
    public const string CheckpointWriteFailed = nameof(CheckpointWriteFailed);
}
