using DeepStats.Core.Data;

namespace DeepStats.Core.Preprocessing;

/// <summary>
/// A transform whose parameters were fitted on one dataset and are applied, unchanged, to any
/// dataset with the same schema (training, validation, test, new data). Fitting on test data is
/// leakage; keeping the fitted state with the data and the model is how DeepStats prevents it.
/// </summary>
public interface IFittedTransform
{
    /// <summary>Identity of this fit: two datasets carry the same transform only when the ids agree.</summary>
    Guid Id { get; }
    /// <summary>Short name of the transform kind ("Standardize").</summary>
    string Kind { get; }
    /// <summary>Fingerprint of the dataset the parameters were fitted on.</summary>
    string FittedOn { get; }
    /// <summary>Applies the fitted parameters to <paramref name="data"/>, returning a new dataset that records this transform.</summary>
    Dataset Apply(Dataset data);
}
