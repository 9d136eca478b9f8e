using System.Text.Json.Serialization;
using DeepStats.Core.Data;

namespace DeepStats.Core.Preprocessing;

/// <summary>
/// The fitted half of a transform: plain data (the numbers learnt, the id of the fit, the fingerprint
/// and count of the rows it saw), applied unchanged to any dataset with the same schema (training,
/// validation, test, new data). Fitting on test data is leakage; keeping the fitted state with the data
/// and the model is how DeepStats prevents it. It serialises with System.Text.Json to a JSON object whose
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
public abstract class FittedState
{
    /// <summary>Identity of this fit, kept through the JSON form so a saved model still recognises its own fits.</summary>
    public Guid Id { get; init; } = Guid.NewGuid();
    /// <summary>Short name of the transform kind ("Standardize").</summary>
    [JsonIgnore] public abstract string Kind { get; }
    /// <summary>Fingerprint of the dataset whose rows were fitted (the whole dataset, not only the rows used).</summary>
    public string FittedOn { get; init; } = "";
    /// <summary>How many rows the parameters were fitted on.</summary>
    public int RowCount { get; init; }
    /// <summary>A Bloom filter of the rows fitted on, hashed as raw rows (the data before the recipes, <see cref="Dataset.Raw"/>);
    /// null for transforms that learn nothing from rows.</summary>
    public RowFilter? Rows { get; init; }
    /// <summary>The id of the original fit this one refits (the first fit of its recipe, on all rows of the data it was given),
    /// or null when this is an original fit. Refits of one recipe share it: they are one family.</summary>
    [JsonInclude] public Guid? RefitOf { get; internal set; }

    /// <summary>The id shared by every refit of the same original fit.</summary>
    [JsonIgnore] public Guid Family => RefitOf ?? Id;

    /// <summary>Applies the fitted parameters to <paramref name="data"/>, returning a new dataset with this state appended to its
    /// chain. Applied directly (not through <see cref="PreprocessingPipeline"/>), the step is a <see cref="FrozenRecipe"/>: applied as
    /// given and never refitted.</summary>
    public abstract Dataset Apply(Dataset data);

    /// <summary>What makes this state unusable, or null: a state read from a file is checked before it is applied
    /// (a centre of NaN, a negative scale, a fill value of infinity never reach data).</summary>
    internal virtual string? Problem() => null;
}

/// <summary>
/// The unfitted half of a transform: what to do and its options ("z-score these columns"). A
/// recipe fits on a view of rows and gives a <see cref="FittedState"/>; the recipes applied to a dataset
/// form one ordered chain that travels with it (<see cref="Dataset.Recipes"/>, one per
/// <see cref="Dataset.Transforms"/> entry), so whoever holds rows out refits it on the rest
/// (<see cref="PreprocessingPipeline.RefitOn"/>). Recipes have a JSON form of known kinds too.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "kind")]
[JsonDerivedType(typeof(StandardizeRecipe), "standardize")]
[JsonDerivedType(typeof(ImputeRecipe), "impute")]
[JsonDerivedType(typeof(SelectFeaturesRecipe), "select")]
[JsonDerivedType(typeof(FrozenRecipe), "frozen")]
public abstract record Recipe
{
    [JsonIgnore] public abstract string Kind { get; }
    /// <summary>Fits on the rows of <paramref name="rows"/> (reading through the view: no copy of the columns).</summary>
    public abstract FittedState Fit(DatasetView rows);
}

/// <summary>
/// A step whose state was given rather than fitted here: a state taken from elsewhere
/// (ConvertTo-Standardized -Reference, ConvertTo-Imputed -Reference, a state applied directly) or one
/// that learns nothing (sequence windows). It is applied as given and never refitted: <see cref="Fit"/>
/// returns the state whatever the rows. The leakage guard labels it "frozen" and counts the rows its
/// state was fitted on only where those rows can be in the data (same raw columns). In a model file it is
/// <c>{"kind":"frozen"}</c>; the state is the step's own.
/// </summary>
public sealed record FrozenRecipe : Recipe
{
    [JsonConstructor]
    public FrozenRecipe() { }
    public FrozenRecipe(FittedState state) => State = state;

    /// <summary>The state applied as given (the step's state; rebound when a model file is read).</summary>
    [JsonIgnore] public FittedState? State { get; init; }
    [JsonIgnore] public override string Kind => "Frozen";

    public override FittedState Fit(DatasetView rows) => State ?? throw new InvalidOperationException("A frozen recipe without its state.");

    public override string ToString() => State is SequenceWindows w ? w.ToString() : $"{State?.Kind ?? "state"} as given (frozen)";
}
