namespace DeepStats.Core;

/// <summary>
/// The catalogue of stable error ids: every <c>DeepStatsException</c> and every ErrorRecord the
/// module writes takes its id from here, one meaning per id. Scripts and tests rely on them
/// (<c>FullyQualifiedErrorId</c>), so an id is never renamed or reused for another meaning.
/// </summary>
public static class ErrorIds
{
    /// <summary>A model file is truncated or damaged: its zip structure, an entry's compressed data, its JSON or its weights cannot be read.</summary>
    public const string ModelFileCorrupt = nameof(ModelFileCorrupt);
    /// <summary>A model file's entries do not match its manifest (a SHA-256 or length differs, an entry is missing or added).</summary>
    public const string ModelFileTampered = nameof(ModelFileTampered);
    /// <summary>A model file was written by a newer DeepStats with a format version this one cannot read.</summary>
    public const string ModelFormatTooNew = nameof(ModelFormatTooNew);
    /// <summary>A file given as a model is not a DeepStats model file (not a zip archive, or a zip without a DeepStats manifest).</summary>
    public const string NotAModelFile = nameof(NotAModelFile);
    /// <summary>Save-Model would replace an existing file without -Force.</summary>
    public const string ModelFileExists = nameof(ModelFileExists);
    /// <summary>Save-Model could not write or rename the model file (folder missing, no permission, disk full).</summary>
    public const string ModelFileWriteFailed = nameof(ModelFileWriteFailed);
    /// <summary>A model file's weights do not fit the network its spec describes (a tensor missing, extra, or of another shape or dtype).</summary>
    public const string ModelWeightsMismatch = nameof(ModelWeightsMismatch);
    /// <summary>A model file holds a preprocessing step of a kind this version does not know.</summary>
    public const string UnknownTransformKind = nameof(UnknownTransformKind);
    /// <summary>A row given to Invoke-Prediction has a value that does not fit the model's input schema (text in a numeric column, an unseen category, a missing column).</summary>
    public const string PredictionInputInvalid = nameof(PredictionInputInvalid);
    /// <summary>Test-Model's quality gate (-MinimumAccuracy, -MinimumF1, -MinimumAuc, -MaximumRmse) was not met.</summary>
    public const string QualityGateFailed = nameof(QualityGateFailed);
    /// <summary>Compare-Model was given models that predict different targets or classes, so their rows cannot be paired.</summary>
    public const string ModelsNotComparable = nameof(ModelsNotComparable);
    /// <summary>A metric cannot be computed on the data (for example a class absent from the test rows); the message says why.</summary>
    public const string MetricUndefined = nameof(MetricUndefined);
    /// <summary>A quality gate of Test-Model does not apply to the model's kind (-MaximumRmse on a classifier, -MinimumAccuracy on a regressor).</summary>
    public const string InvalidQualityGate = nameof(InvalidQualityGate);
}
