using System.Text.Json.Serialization;
using DeepStats.Core.Data;

namespace DeepStats.Core.Preprocessing;

/// <summary>
/// A transform whose parameters were fitted on one dataset and are applied, unchanged, to any
/// dataset with the same schema (training, validation, test, new data). Fitting on test data is
/// leakage; keeping the fitted state with the data and the model is how DeepStats prevents it.
/// Every implementation is a <see cref="FittedState"/> (plain data with a JSON form).
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

/// <summary>
/// The fitted half of a transform: plain data (the numbers learnt, the id of the fit, the fingerprint
/// and count of the rows it saw). It serialises with System.Text.Json to a JSON object whose
/// <c>"kind"</c> names one of a fixed set of known kinds, never a .NET type:
/// <c>standardize</c> (<see cref="Standardizer"/>), <c>impute</c> (<see cref="Imputer"/>),
/// <c>select</c> (<see cref="FeatureSelection"/>) and <c>window</c> (<see cref="SequenceWindows"/>).
/// <c>JsonSerializer.Serialize&lt;FittedState&gt;</c> / <c>Deserialize&lt;FittedState&gt;</c> (and of a
/// <c>List&lt;FittedState&gt;</c>) round-trip exactly: doubles in shortest round-trip form (NaN and
/// infinities as the strings "NaN", "Infinity"), enums by name, the row filter's bits in base64.
/// An unknown kind is refused by the reader.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "kind", UnknownDerivedTypeHandling = JsonUnknownDerivedTypeHandling.FailSerialization)]
[JsonDerivedType(typeof(Standardizer), "standardize")]
[JsonDerivedType(typeof(Imputer), "impute")]
[JsonDerivedType(typeof(FeatureSelection), "select")]
[JsonDerivedType(typeof(SequenceWindows), "window")]
public abstract class FittedState : IFittedTransform
{
    /// <summary>Identity of this fit, kept through the JSON form so a saved model still recognises its own fits.</summary>
    public Guid Id { get; init; } = Guid.NewGuid();
    [JsonIgnore] public abstract string Kind { get; }
    /// <summary>Fingerprint of the dataset whose rows were fitted (the whole dataset, not only the rows used).</summary>
    public string FittedOn { get; init; } = "";
    /// <summary>How many rows the parameters were fitted on.</summary>
    public int RowCount { get; init; }
    /// <summary>A Bloom filter of the rows fitted on (null for transforms that learn nothing from rows).</summary>
    public RowFilter? Rows { get; init; }
    /// <summary>The id of the fit this one replaced when the recipe was refitted on training rows only, or null.</summary>
    [JsonInclude] public Guid? RefitOf { get; internal set; }

    public abstract Dataset Apply(Dataset data);
}

/// <summary>
/// The unfitted half of a transform: what to do and its options ("z-score these columns"). A
/// recipe fits on a view of rows and gives a <see cref="FittedState"/>; recipes applied to a dataset
/// form one ordered pipeline that travels with it (<see cref="Dataset.Recipes"/>), so whoever holds
/// rows out refits it on the rest (<see cref="PreprocessingPipeline.RefitOn"/>). Recipes have a JSON
/// form of known kinds too.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "kind")]
[JsonDerivedType(typeof(StandardizeRecipe), "standardize")]
[JsonDerivedType(typeof(ImputeRecipe), "impute")]
[JsonDerivedType(typeof(SelectFeaturesRecipe), "select")]
public abstract record Recipe
{
    [JsonIgnore] public abstract string Kind { get; }
    /// <summary>Fits on the rows of <paramref name="rows"/> (reading through the view: no copy of the columns).</summary>
    public abstract FittedState Fit(DatasetView rows);
}
