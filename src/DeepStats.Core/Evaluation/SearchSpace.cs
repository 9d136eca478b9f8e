using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using DeepStats.Core.Models;
using DeepStats.Core.Training;

namespace DeepStats.Core.Evaluation;

/// <summary>A continuous (or integer) range of a search parameter: uniform, or log-uniform for rates and penalties.</summary>
public sealed record SearchRange(double Min, double Max, bool Log = false, bool Integer = false)
{
    /// <summary>One draw: uniform on [Min, Max] (log-uniform: exp of uniform on [ln Min, ln Max]); an integer range draws
    /// uniformly among Min..Max (log: the floor of a log-uniform draw on [Min, Max + 1)).</summary>
    public double Draw(Random rng)
    {
        double u = rng.NextDouble();
        if (Integer)
        {
            double hi = Max + 1;
            double v = Log ? Math.Exp(Math.Log(Min) + u * (Math.Log(hi) - Math.Log(Min))) : Min + u * (hi - Min);
            return Math.Min(Max, Math.Floor(v));
        }
        return Log ? Math.Exp(Math.Log(Min) + u * (Math.Log(Max) - Math.Log(Min))) : Min + u * (Max - Min);
    }

    public override string ToString() => $"{(Log ? "log-uniform" : "uniform")}{(Integer ? " integer" : "")} [{Min.ToString("G6", CultureInfo.InvariantCulture)}, {Max.ToString("G6", CultureInfo.InvariantCulture)}]";
}

/// <summary>One parameter of a search: a Start-Training parameter name and either its candidate values (a list, in the
/// order given: the first is the simplest for the one-standard-error rule) or a <see cref="SearchRange"/>.</summary>
public sealed record SearchParameter(string Name, IReadOnlyList<object>? Values, SearchRange? Range);

/// <summary>The settings of one trial: a value per searched parameter, in the space's parameter order.</summary>
public sealed record TrialSettings(IReadOnlyList<KeyValuePair<string, object>> Values)
{
    public object this[string name] => Values.First(v => v.Key.Equals(name, StringComparison.OrdinalIgnoreCase)).Value;

    public override string ToString() => string.Join(", ", Values.Select(v => $"{v.Key}={SearchSpace.Format(v.Value)}"));
}

/// <summary>
/// What a hyperparameter search varies: Start-Training's parameters by name, each a list of values or a range. Parameters
/// are ordered by name (ordinal, case-insensitive), so the same space gives the same trials in every process (a
/// hashtable's own order is not stable across processes). Grid: every combination, the last parameter varying fastest
/// (ranges are refused: give a list). Random: <c>count</c> draws, each parameter drawn in name order from one
/// <see cref="Random"/> seeded with the search seed (a list uniformly, a range uniformly or log-uniformly).
/// A trial's settings are applied to the fixed base (the spec and the options every other parameter comes from) by
/// <see cref="Apply"/>.
/// </summary>
public sealed class SearchSpace
{
    /// <summary>Searchable training parameters (as Start-Training spells them) and where each lives in <see cref="TrainingOptions"/>'s JSON.</summary>
    private static readonly Dictionary<string, string[]> OptionPaths = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Epochs"] = new[] { "epochs" },
        ["BatchSize"] = new[] { "batchSize" },
        ["LearningRate"] = new[] { "learningRate" },
        ["WeightDecay"] = new[] { "weightDecay" },
        ["ValidationFraction"] = new[] { "validationFraction" },
        ["L1"] = new[] { "l1" },
        ["GradientClipNorm"] = new[] { "gradientClipNorm" },
        ["Optimizer"] = new[] { "optimizer", "kind" },
        ["Momentum"] = new[] { "optimizer", "momentum" },
        ["Loss"] = new[] { "loss", "kind" },
        ["LabelSmoothing"] = new[] { "loss", "labelSmoothing" },
        ["Schedule"] = new[] { "schedule", "kind" },
        ["WarmupEpochs"] = new[] { "schedule", "warmupEpochs" },
    };

    /// <summary>The parameter that takes network specs (New-FeedForwardNet, New-ConvNet, ...) rather than a training option.</summary>
    public const string ModelParameter = "Model";

    public SearchSpace(IEnumerable<SearchParameter> parameters)
    {
        Parameters = parameters.OrderBy(p => p.Name, StringComparer.OrdinalIgnoreCase).ToArray();
        if (Parameters.Count == 0) throw Bad("The search space is empty: give at least one parameter, for example @{ LearningRate = 1e-3, 1e-2 }.", null);
        foreach (var g in Parameters.GroupBy(p => p.Name, StringComparer.OrdinalIgnoreCase))
            if (g.Count() > 1) throw Bad($"The search space names '{g.Key}' twice.", g.Key);
        foreach (var p in Parameters)
        {
            if (!p.Name.Equals(ModelParameter, StringComparison.OrdinalIgnoreCase) && !OptionPaths.ContainsKey(p.Name))
                throw Bad($"'{p.Name}' cannot be searched. Searchable parameters: {ModelParameter}, {string.Join(", ", OptionPaths.Keys)}; " +
                    "every other Start-Training parameter is part of the fixed base (give it to the search cmdlet directly).", p.Name);
            if ((p.Values is null) == (p.Range is null))
                throw Bad($"Parameter '{p.Name}' needs either a list of values or a range (@{{ Min = ...; Max = ... }}).", p.Name);
            if (p.Values is { Count: 0 }) throw Bad($"Parameter '{p.Name}' has an empty list of values.", p.Name);
            if (p.Range is { } r)
            {
                if (!double.IsFinite(r.Min) || !double.IsFinite(r.Max) || !(r.Min <= r.Max))
                    throw Bad($"The range of '{p.Name}' needs finite Min <= Max; got {r.Min} and {r.Max}.", p.Name);
                if (r.Log && !(r.Min > 0)) throw Bad($"The log-uniform range of '{p.Name}' needs Min above 0; got {r.Min}.", p.Name);
                if (p.Name.Equals(ModelParameter, StringComparison.OrdinalIgnoreCase)) throw Bad($"'{ModelParameter}' takes a list of networks, not a range.", p.Name);
            }
            if (p.Name.Equals(ModelParameter, StringComparison.OrdinalIgnoreCase) && p.Values!.Any(v => v is not ModelSpec))
                throw Bad($"'{ModelParameter}' takes networks (New-FeedForwardNet, New-ConvNet, New-RecurrentNet); got '{p.Values!.First(v => v is not ModelSpec)}'.", p.Name);
        }
    }

    public IReadOnlyList<SearchParameter> Parameters { get; }

    /// <summary>The trials of a strategy: every combination (grid, ranges refused) or <paramref name="count"/> seeded draws (random).</summary>
    public IReadOnlyList<TrialSettings> Trials(SearchStrategy strategy, int count, int seed)
    {
        if (strategy == SearchStrategy.Grid)
        {
            if (Parameters.FirstOrDefault(p => p.Range is not null) is { } ranged)
                throw Bad($"A grid needs a list of values for every parameter; '{ranged.Name}' is a range ({ranged.Range}). Give a list, or use -Strategy Random.", ranged.Name);
            long total = Parameters.Aggregate(1L, (n, p) => n * p.Values!.Count);
            if (total > MaxTrials) throw Bad($"The grid has {total} combinations, more than {MaxTrials}. Give fewer values, or use -Strategy Random -Trials n.", total);
            var trials = new List<TrialSettings>((int)total);
            var index = new int[Parameters.Count];
            for (long t = 0; t < total; t++)
            {
                trials.Add(new TrialSettings(Parameters.Select((p, i) => new KeyValuePair<string, object>(p.Name, p.Values![index[i]])).ToArray()));
                for (int i = index.Length - 1; i >= 0 && ++index[i] == Parameters[i].Values!.Count; i--) index[i] = 0;
            }
            return trials;
        }
        if (count is < 1 or > MaxTrials) throw Bad($"A random search needs between 1 and {MaxTrials} trials; got {count}.", count);
        var rng = new Random(seed);
        return Enumerable.Range(0, count).Select(_ => new TrialSettings(Parameters.Select(p => new KeyValuePair<string, object>(p.Name,
            p.Range is { } r ? (r.Integer ? (object)(int)r.Draw(rng) : r.Draw(rng)) : p.Values![rng.Next(p.Values.Count)])).ToArray())).ToArray();
    }

    public const int MaxTrials = 10000;

    /// <summary>
    /// How simple a trial is, for the one-standard-error rule: per parameter in name order, a list value's position in its
    /// list (list the simplest first) or a range value itself (the low end is the simplest). Compared lexicographically.
    /// </summary>
    public double[] Complexity(TrialSettings settings) => Parameters.Select(p =>
    {
        var v = settings[p.Name];
        return p.Values is { } list ? list.ToList().IndexOf(v) : Convert.ToDouble(v, CultureInfo.InvariantCulture);
    }).ToArray();

    /// <summary>The spec and options of a trial: the base with each searched parameter replaced (validated as Start-Training validates them).</summary>
    public static (ModelSpec? Spec, TrainingOptions Options) Apply(TrialSettings settings, ModelSpec? spec, TrainingOptions options)
    {
        var json = JsonSerializer.SerializeToNode(options, Persistence.JsonConvention.Options)!.AsObject();
        foreach (var (name, value) in settings.Values)
        {
            if (name.Equals(ModelParameter, StringComparison.OrdinalIgnoreCase)) { spec = (ModelSpec)value; continue; }
            var path = OptionPaths[name];
            var node = json;
            foreach (var step in path[..^1]) node = node[step] as JsonObject ?? throw Bad($"'{name}' cannot be set on these options.", name);
            node[path[^1]] = value switch
            {
                double d => JsonValue.Create(d),
                int i => JsonValue.Create(i),
                long l => JsonValue.Create(l),
                bool b => JsonValue.Create(b),
                _ => JsonValue.Create(value.ToString()),
            };
        }
        TrainingOptions result;
        try { result = json.Deserialize<TrainingOptions>(Persistence.JsonConvention.Options)!; }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException)
        {
            throw Bad($"The trial {settings} does not give valid training options: {e.Message} Give values of the parameter's type (numbers, or names such as Adam, Cosine).", settings);
        }
        result.Validate();
        return (spec, result);
    }

    internal static string Format(object value) => value switch
    {
        double d => d.ToString("G6", CultureInfo.InvariantCulture),
        ModelSpec m => string.Join(" ", m.Layers.Select(l => l.Describe())),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };

    private static DeepStatsException Bad(string message, object? target) => new(ErrorIds.InvalidSearchSpace, FailureKind.InvalidArgument, message, target);

    public override string ToString() => string.Join("; ", Parameters.Select(p => p.Range is { } r ? $"{p.Name} {r}" : $"{p.Name} in {{{string.Join(", ", p.Values!.Select(Format))}}}"));
}
