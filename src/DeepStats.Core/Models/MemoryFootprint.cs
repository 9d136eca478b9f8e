using System.Globalization;
using DeepStats.Core.Training;

namespace DeepStats.Core.Models;

/// <summary>
/// The memory a network needs, from shape inference alone (nothing is allocated): its weights (F32 parameters and the
/// batch norms' buffers, exactly the bytes of its state), and per example the values the backward pass keeps.
/// <list type="bullet">
/// <item>Training: weights + gradients (one F32 per parameter) + optimiser state (Adam and AdamW two per parameter, SGD
/// and RMSprop one with momentum, RMSprop one more for its square average) + one batch of activations (each kept value
/// and its gradient, F32) and the batch's input.</item>
/// <item>Prediction: weights + one batch of activations and input (a batch of 512, the predictor's).</item>
/// </list>
/// Beyond the budget (default <see cref="DefaultBudget"/>: 80% of the memory available to the process, the share the data
/// readers use; a parameter to change it) is <c>ModelTooLarge</c>, naming the layer that weighs most, the bytes and what to
/// change, before any tensor is made.
/// </summary>
public sealed record MemoryFootprint(IReadOnlyList<LayerSummary> Layers, long InputElements)
{
    /// <summary>The batch the predictor runs (<see cref="TrainedModel"/>).</summary>
    public const int PredictionBatch = 512;

    /// <summary>The memory DeepStats may use when no limit is given: 80% of what the runtime says is available to the process
    /// (its cgroup limit, else the machine's memory).</summary>
    public static long DefaultBudget() => Data.MemoryBudget.DefaultLimit();

    /// <summary>The footprint of <paramref name="spec"/> on inputs of <paramref name="inputShape"/> with <paramref name="outputs"/>
    /// outputs; an impossible spec is <c>ModelShapeMismatch</c>.</summary>
    public static MemoryFootprint Of(ModelSpec spec, int[] inputShape, int outputs) =>
        new(ShapeInference.Infer(spec, inputShape, outputs), ShapeInference.Elements(inputShape));

    /// <summary>Trainable parameters (as a double: a hostile spec may claim more than a long holds).</summary>
    public double Parameters => Layers.Sum(l => (double)l.Parameters);
    public double BufferBytes => Layers.Sum(l => (double)l.BufferBytes);
    public double ActivationElements => Layers.Sum(l => (double)l.ActivationElements);
    /// <summary>Bytes of the network's state: what its weights entry holds after the header.</summary>
    public double WeightBytes => 4 * Parameters + BufferBytes;

    /// <summary>Optimiser values kept per parameter.</summary>
    public static int OptimiserSlots(OptimizerOptions o) => o.Kind switch
    {
        OptimizerKind.SGD => o.Momentum > 0 ? 1 : 0,
        OptimizerKind.RMSprop => o.Momentum > 0 ? 2 : 1,
        _ => 2,
    };

    /// <summary>Refuses a training run whose weights, gradients, optimiser state and one batch of activations exceed the budget.</summary>
    public void CheckTraining(TrainingOptions options)
    {
        int slots = OptimiserSlots(options.Optimizer);
        double weights = WeightBytes, grads = 4 * Parameters, state = 4 * Parameters * slots;
        double activations = 4.0 * options.BatchSize * (InputElements + 2 * ActivationElements);
        Check(weights + grads + state + activations, options.MemoryLimitBytes ?? DefaultBudget(), options.MemoryLimitBytes is not null,
            $"Training needs {Bytes(weights + grads + state + activations)}: weights {Bytes(weights)}, gradients {Bytes(grads)}, " +
            $"{options.Optimizer.Kind} state {Bytes(state)}, activations of a batch of {options.BatchSize} {Bytes(activations)}",
            activations > weights + grads + state, "-MemoryLimit (Start-Training, Invoke-CrossValidation)",
            "a smaller -BatchSize");
    }

    /// <summary>Refuses a network whose weights and one prediction batch of activations exceed the budget (a model file
    /// about to be loaded). <paramref name="memoryLimit"/> null is the default budget.</summary>
    public void CheckPrediction(long? memoryLimit, string what)
    {
        double weights = WeightBytes, activations = 4.0 * PredictionBatch * (InputElements + ActivationElements);
        Check(weights + activations, memoryLimit ?? DefaultBudget(), memoryLimit is not null,
            $"Loading {what} needs {Bytes(weights + activations)}: weights {Bytes(weights)}, activations of a batch of {PredictionBatch} {Bytes(activations)}",
            activations > weights, "Import-Model -MemoryLimit", null);
    }

    private void Check(double needed, long budget, bool given, string breakdown, bool activationsDominate, string parameter, string? smallerBatch)
    {
        if (needed <= budget) return;
        var heaviest = activationsDominate
            ? Layers.MaxBy(l => (double)l.ActivationElements)!
            : Layers.MaxBy(l => (double)l.Parameters)!;
        string weight = activationsDominate
            ? $"keeps {heaviest.ActivationElements.ToString("N0", CultureInfo.InvariantCulture)} values per example (output {heaviest.OutputShape})"
            : $"holds {heaviest.Parameters.ToString("N0", CultureInfo.InvariantCulture)} parameters";
        string change = activationsDominate
            ? $"Use fewer channels or units in layer {heaviest.Path}, pool earlier, or smaller inputs{(smallerBatch is null ? "" : ", or " + smallerBatch)}"
            : $"Use fewer units or channels in layer {heaviest.Path}, or pool before it";
        throw new DeepStatsException(ErrorIds.ModelTooLarge, FailureKind.ResourceUnavailable,
            $"{breakdown}; the memory budget is {Bytes(budget)} ({(given ? "-MemoryLimit" : "80% of the memory available to this process")}). " +
            $"Layer {heaviest.Path} ({heaviest.Layer}) {weight}, the most of any layer. {change}; or raise the budget with {parameter} " +
            "if the machine really has the memory. Nothing was allocated.", heaviest.Layer);
    }

    private static string Bytes(double b) => b >= 1 << 30
        ? (b / (1 << 30)).ToString(b >= 1e12 * (1 << 30) ? "E3" : "N2", CultureInfo.InvariantCulture) + " GiB"
        : (b / (1 << 20)).ToString("N1", CultureInfo.InvariantCulture) + " MiB";
}
