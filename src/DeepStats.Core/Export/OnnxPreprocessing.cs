using DeepStats.Core.Data;
using DeepStats.Core.Preprocessing;

namespace DeepStats.Core.Export;

/// <summary>A column on its way through the exported preprocessing: its name and the graph value holding it, [N, 1].</summary>
internal abstract record OnnxColumn(string Name, string Value);

/// <summary>A number as float64 (the precision DeepStats' fitted states compute in); NaN is missing.</summary>
internal sealed record OnnxNumber(string Name, string Value) : OnnxColumn(Name, Value);

/// <summary>A category or boolean as its int64 level index in <see cref="Levels"/>; -1 is missing, or a value unseen in training
/// where the column has no unknown level.</summary>
internal sealed record OnnxCode(string Name, string Value, IReadOnlyList<string> Levels, CategoryEncoding Encoding, bool Boolean) : OnnxColumn(Name, Value);

/// <summary>
/// The preprocessing part of an ONNX export: the raw inputs (one per column: numbers as float, categories and booleans as
/// strings mapped to the training levels by <c>ai.onnx.ml</c> LabelEncoder), one small emitter per fitted state kind
/// (imputer, standardizer of each method, feature selection) computing in float64 as the states do, and the network's
/// feature vector (numbers, one-hot or index-coded categories, booleans 0/1, in the order the network was trained on).
/// A value DeepStats would refuse (a missing value with no imputer, a category unseen in training without an unknown level)
/// becomes NaN in the features, so the row's outputs are NaN (and its label empty) rather than a made-up prediction.
/// </summary>
internal static class OnnxPreprocessing
{
    /// <summary>The category values read as missing (DeepStats' missing tokens, as written, in lower and in upper case, and the empty text).
    /// ONNX matches text exactly: values are not trimmed.</summary>
    public static IReadOnlyList<string> MissingTokens { get; } = CsvImportOptions.DefaultMissingTokens
        .SelectMany(t => new[] { t, t.ToLowerInvariant(), t.ToUpperInvariant() }).Append("").Distinct(StringComparer.Ordinal).ToArray();

    private static readonly (string Text, long Value)[] BooleanTexts = new[] { ("true", 1L), ("yes", 1L), ("t", 1L), ("y", 1L), ("1", 1L),
        ("false", 0L), ("no", 0L), ("f", 0L), ("n", 0L), ("0", 0L) }
        .SelectMany(b => new[] { (b.Item1, b.Item2), (char.ToUpperInvariant(b.Item1[0]) + b.Item1[1..], b.Item2), (b.Item1.ToUpperInvariant(), b.Item2) })
        .DistinctBy(b => b.Item1).ToArray();

    /// <summary>One graph input per raw column of the model's input schema, brought to the column form the states read.</summary>
    public static List<OnnxColumn> Inputs(OnnxGraph g, FeatureSchema raw)
    {
        var cols = new List<OnnxColumn>();
        foreach (var f in raw.Features.Where(f => !f.Derived))
        {
            if (f.Kind == ColumnKind.Numeric)
            {
                g.Input(new OnnxValue(f.Name, OnnxType.Float, new long?[] { null, 1 }, "number (NaN = missing)"));
                cols.Add(new OnnxNumber(f.Name, g.Node("Cast", f.Name + "_f64", new[] { f.Name }, new OnnxAttribute("to", (long)OnnxType.Double))));
                continue;
            }
            bool boolean = f.Kind == ColumnKind.Boolean;
            g.Input(new OnnxValue(f.Name, OnnxType.String, new long?[] { null, 1 }, boolean ? "true or false" :
                $"one of: {string.Join(", ", f.Levels)}" + (f.UnknownLevel is { } u ? $" (others: {u})" : "")));
            var keys = new List<string>();
            var values = new List<long>();
            if (boolean)
                foreach (var (t, v) in BooleanTexts) { keys.Add(t); values.Add(v); }
            else
                for (int k = 0; k < f.Levels.Count; k++) { keys.Add(f.Levels[k]); values.Add(k); }
            foreach (var t in MissingTokens)
                if (!keys.Contains(t)) { keys.Add(t); values.Add(-1); }
            long unknown = !boolean && f.UnknownLevel is { } level ? f.Levels.ToList().IndexOf(level) : -1;
            var code = g.MlNode("LabelEncoder", f.Name + "_code", new[] { f.Name }, new OnnxAttribute("keys_strings", keys.ToArray()),
                new OnnxAttribute("values_int64s", values.ToArray()), new OnnxAttribute("default_int64", unknown));
            cols.Add(new OnnxCode(f.Name, code, f.Levels, f.Encoding, boolean));
        }
        return cols;
    }

    /// <summary>Emits one fitted state of a table model's chain.</summary>
    public static List<OnnxColumn> Apply(OnnxGraph g, FittedState state, List<OnnxColumn> cols, int step) => state switch
    {
        Imputer imp => Impute(g, imp, cols, step),
        Standardizer { ForImages: false, ForSequences: false } std => Standardize(g, std, cols, step),
        FeatureSelection sel => cols.Where(c => !sel.Dropped.Contains(c.Name, StringComparer.OrdinalIgnoreCase)).ToList(),
        _ => throw OnnxExporter.Unsupported($"preprocessing step {step + 1} ({state.Kind})", "it has no ONNX form on table columns"),
    };

    private static List<OnnxColumn> Impute(OnnxGraph g, Imputer imp, List<OnnxColumn> cols, int step)
    {
        var byName = imp.Parameters.ToDictionary(p => p.Name, StringComparer.OrdinalIgnoreCase);
        var result = new List<OnnxColumn>();
        var indicators = new List<OnnxColumn>();
        foreach (var col in cols)
        {
            if (!byName.TryGetValue(col.Name, out var p))
                throw OnnxExporter.Unsupported($"preprocessing step {step + 1} (Impute)", $"column '{col.Name}' has no fill value in it");
            string missing = col is OnnxNumber
                ? g.Node("IsNaN", col.Name + "_isnan", new[] { col.Value })
                : g.Node("Less", col.Name + "_ismissing", new[] { col.Value, g.Scalar("zero_i64", 0L) });
            if (imp.AddIndicators && p.MissingInFit > 0)
                indicators.Add(new OnnxCode(col.Name + "_missing", g.Node("Cast", col.Name + "_missing", new[] { missing }, new OnnxAttribute("to", (long)OnnxType.Int64)),
                    new[] { "false", "true" }, CategoryEncoding.OneHot, true));
            if (col is OnnxNumber n)
                result.Add(n with { Value = g.Node("Where", n.Name + "_imputed", new[] { missing, g.Scalar(n.Name + "_fill", p.Number), n.Value }) });
            else
            {
                var c = (OnnxCode)col;
                int code = c.Levels.ToList().IndexOf(p.Level ?? "");
                if (code < 0)
                    throw OnnxExporter.Unsupported($"preprocessing step {step + 1} (Impute)", $"its fill value '{p.Level}' of column '{c.Name}' is not one of the column's training levels");
                result.Add(c with { Value = g.Node("Where", c.Name + "_imputed", new[] { missing, g.Scalar(c.Name + "_fill", (long)code), c.Value }) });
            }
        }
        result.AddRange(indicators);
        return result;
    }

    private static List<OnnxColumn> Standardize(OnnxGraph g, Standardizer std, List<OnnxColumn> cols, int step)
    {
        var byName = std.Parameters.ToDictionary(p => p.Name, StringComparer.OrdinalIgnoreCase);
        var result = new List<OnnxColumn>();
        foreach (var col in cols)
        {
            if (col is not OnnxNumber n) { result.Add(col); continue; }
            if (!byName.TryGetValue(n.Name, out var p))
            {
                if (std.AllNumericColumns)
                    throw OnnxExporter.Unsupported($"preprocessing step {step + 1} (Standardize)", $"numeric column '{n.Name}' has no centre and scale in it");
                result.Add(n);
                continue;
            }
            result.Add(n with { Value = Scale(g, n.Name + "_std", n.Value, new[] { p }, Array.Empty<long>()) });
        }
        return result;
    }

    /// <summary>
    /// (x - centre) / scale in float64, as <see cref="Standardizer"/> computes it; a parameter with scale 0 (constant in the fit)
    /// maps every value to 0 and keeps a missing value missing: its scale is taken as 1 and the result multiplied by 0
    /// (exact for every finite value; NaN stays NaN). <paramref name="dims"/> is the constants' broadcast shape.
    /// </summary>
    public static string Scale(OnnxGraph g, string hint, string x, IReadOnlyList<ScaleParameter> ps, long[] dims)
    {
        var centre = g.Constant(hint + "_centre", ps.Select(p => p.Center).ToArray(), dims);
        var scale = g.Constant(hint + "_scale", ps.Select(p => p.Constant ? 1.0 : p.Scale).ToArray(), dims);
        var z = g.Node("Div", hint + "_z", new[] { g.Node("Sub", hint + "_centred", new[] { x, centre }), scale });
        if (!ps.Any(p => p.Constant)) return z;
        return g.Node("Mul", hint, new[] { z, g.Constant(hint + "_keep", ps.Select(p => p.Constant ? 0.0 : 1.0).ToArray(), dims) });
    }

    /// <summary>The network's input [N, features] as float32: every feature of the trained schema in its order, numbers cast, categories
    /// one-hot (one input per level) or as the level index, booleans 0/1; a code of -1 (missing, or unseen without an unknown level) is NaN.</summary>
    public static string Features(OnnxGraph g, FeatureSchema network, List<OnnxColumn> cols)
    {
        var byName = cols.ToDictionary(c => c.Name, StringComparer.OrdinalIgnoreCase);
        var parts = new List<string>();
        foreach (var f in network.Features)
        {
            if (!byName.TryGetValue(f.Name, out var col))
                throw OnnxExporter.Unsupported($"feature '{f.Name}'", "the exported preprocessing does not produce it");
            if (col is OnnxNumber n)
            {
                parts.Add(g.Node("Cast", n.Name + "_f32", new[] { n.Value }, new OnnxAttribute("to", (long)OnnxType.Float)));
                continue;
            }
            var c = (OnnxCode)col;
            if (!c.Boolean && !c.Levels.SequenceEqual(f.Levels))
                throw OnnxExporter.Unsupported($"feature '{f.Name}'", "its levels after preprocessing differ from its levels in the input");
            var invalid = g.Node("Less", c.Name + "_invalid", new[] { c.Value, g.Scalar("zero_i64", 0L) });
            var nan = g.Node("Where", c.Name + "_nan", new[] { invalid, g.Scalar("nan_f32", float.NaN), g.Scalar("zero_f32", 0f) });
            string encoded = c.Boolean || f.Encoding == CategoryEncoding.Index
                ? g.Node("Cast", c.Name + "_index", new[] { c.Value }, new OnnxAttribute("to", (long)OnnxType.Float))
                : g.Node("Cast", c.Name + "_onehot", new[] { g.Node("Equal", c.Name + "_is", new[] { c.Value,
                    g.Constant(c.Name + "_levels", Enumerable.Range(0, f.Levels.Count).Select(i => (long)i).ToArray(), f.Levels.Count) }) },
                    new OnnxAttribute("to", (long)OnnxType.Float));
            parts.Add(g.Node("Add", c.Name + "_encoded", new[] { encoded, nan }));
        }
        return parts.Count == 1 ? parts[0] : g.Node("Concat", "features", parts.ToArray(), new OnnxAttribute("axis", 1L));
    }
}
