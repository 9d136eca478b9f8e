using System.Text.Json;
using DeepStats.Core.Data;
using DeepStats.Core.Persistence;
using DeepStats.Core.Preprocessing;
using DeepStats.Core.Training;

namespace DeepStats.Core.Export;

/// <summary>
/// Writes a trained model as one ONNX file (opset 17 with ai.onnx.ml 3, IR version 8) that takes raw rows and gives what
/// <see cref="Evaluation.Predictor.Predict"/> gives: the model's fitted preprocessing (<see cref="OnnxPreprocessing"/>), the network
/// from its spec and weights (<see cref="OnnxLayers"/>) and the output head. Inputs: tables one [N, 1] input per raw column
/// (numbers float, NaN missing; categories and booleans as text), images one float tensor "image" [N, C, H, W], sequences one
/// float tensor "sequence" [N, steps, features] (for a windowed series, the windows of raw values). Outputs: classifiers
/// "probabilities" [N, classes] (softmax), "label" (the class text) and "label_index" [N] (int64, the first largest probability;
/// -1 for a row with NaN probabilities); regressors "value" [N] in the target's units (float64). Metadata: classes, the input
/// features with their kinds and levels, the target, DeepStats' and TorchSharp's versions, the opsets, the training data's
/// fingerprint and the preprocessing chain. The whole file is built in memory first: a model that cannot be exported is a
/// <c>OnnxExportUnsupported</c> error naming the layer or state, and nothing is written.
/// </summary>
public static class OnnxExporter
{
    /// <summary>The opsets the file declares, stated in its metadata.</summary>
    public static string Opsets => $"ai.onnx {OnnxGraph.Opset}, {OnnxGraph.MlDomain} {OnnxGraph.MlOpset}";

    /// <summary>The ONNX model's bytes (a ModelProto).</summary>
    public static byte[] Build(TrainedModel model)
    {
        var spec = model.Spec;
        if (spec.InputShape is null || spec.Outputs is null)
            throw Unsupported("the network", "its spec has no input shape or output count");
        var g = new OnnxGraph();
        var raw = model.InputSchema ?? model.Schema;
        var chain = model.Transforms;
        int window = -1;
        for (int i = 0; i < chain.Count; i++) if (chain[i] is SequenceWindows) window = i;
        if (window > 0)
            throw Unsupported($"preprocessing step 1 ({chain[0].Kind})", "it was fitted on the series before it was cut into windows; the export takes windows as input");
        var steps = chain.Skip(window + 1).ToArray();
        string x = model.Schema.Kind switch
        {
            DatasetKind.Tabular => Table(g, raw, model.Schema, steps, window + 1),
            DatasetKind.Image => Tensor(g, "image", model.Schema.ImageShape!, steps, window + 1, s => s.ForImages),
            _ => Tensor(g, "sequence", model.Schema.SequenceShape!, steps, window + 1, s => s.ForSequences),
        };
        var logits = new OnnxLayers(g, model.Artifact.Weights).Emit(spec.Layers, spec.InputShape, spec.Outputs.Value, x);
        if (model.TargetKind == TargetKind.Regression) Regression(g, model, logits);
        else Classification(g, model, logits);
        string version = LibraryVersions.Current()["DeepStats"];
        return g.Encode(spec.Kind, version, $"DeepStats {spec.Kind} model, {(model.TargetKind == TargetKind.Regression ? "numeric target" : $"{model.Classes.Count} classes")}",
            Metadata(model, raw, version));
    }

    /// <summary>Writes the ONNX model to <paramref name="path"/> through <see cref="AtomicFile"/> and returns the bytes written.</summary>
    public static long Export(TrainedModel model, string path)
    {
        var bytes = Build(model);
        AtomicFile.Write(path, bytes, "the ONNX model");
        return bytes.LongLength;
    }

    private static string Table(OnnxGraph g, FeatureSchema raw, FeatureSchema network, IReadOnlyList<FittedState> steps, int first)
    {
        var cols = OnnxPreprocessing.Inputs(g, raw);
        for (int i = 0; i < steps.Count; i++) cols = OnnxPreprocessing.Apply(g, steps[i], cols, first + i);
        return OnnxPreprocessing.Features(g, network, cols);
    }

    /// <summary>An image or sequence input, through the chain's standardizers (the only states these kinds take), per channel or feature.</summary>
    private static string Tensor(OnnxGraph g, string name, int[] shape, IReadOnlyList<FittedState> steps, int first, Func<Standardizer, bool> fits)
    {
        g.Input(new OnnxValue(name, OnnxType.Float, new long?[] { null }.Concat(shape.Select(d => (long?)d)).ToArray()));
        string x = name;
        for (int i = 0; i < steps.Count; i++)
        {
            if (steps[i] is not Standardizer s || !fits(s))
                throw Unsupported($"preprocessing step {first + i + 1} ({steps[i].Kind})", $"it has no ONNX form on {name}s");
            // per channel [1, C, 1, 1] of an image, per feature [1, 1, F] of a sequence
            var dims = name == "image" ? new long[] { 1, s.Parameters.Count, 1, 1 } : new long[] { 1, 1, s.Parameters.Count };
            var wide = g.Node("Cast", $"{name}_f64", new[] { x }, new OnnxAttribute("to", (long)OnnxType.Double));
            x = g.Node("Cast", $"{name}_std", new[] { OnnxPreprocessing.Scale(g, $"{name}_std{i + 1}", wide, s.Parameters, dims) },
                new OnnxAttribute("to", (long)OnnxType.Float));
        }
        return x;
    }

    private static void Classification(OnnxGraph g, TrainedModel model, string logits)
    {
        int k = model.Classes.Count;
        g.NodeTo("Softmax", "softmax", new[] { logits }, new[] { "probabilities" }, "", new OnnxAttribute("axis", 1L));
        var best = g.Node("ArgMax", "argmax", new[] { "probabilities" }, new OnnxAttribute("axis", 1L), new OnnxAttribute("keepdims", 0L));
        var top = g.Node("ReduceMax", "top", new[] { "probabilities" }, new OnnxAttribute("axes", new long[] { 1 }), new OnnxAttribute("keepdims", 0L));
        g.NodeTo("Where", "label_index", new[] { g.Node("IsNaN", "unscorable", new[] { top }), g.Scalar("minus_one", -1L), best }, new[] { "label_index" });
        g.NodeTo("LabelEncoder", "label", new[] { "label_index" }, new[] { "label" }, OnnxGraph.MlDomain,
            new OnnxAttribute("keys_int64s", Enumerable.Range(0, k).Select(i => (long)i).ToArray()),
            new OnnxAttribute("values_strings", model.Classes.ToArray()), new OnnxAttribute("default_string", ""));
        g.Output(new OnnxValue("probabilities", OnnxType.Float, new long?[] { null, k }, $"softmax over the classes {string.Join(", ", model.Classes)}"));
        g.Output(new OnnxValue("label", OnnxType.String, new long?[] { null }, "the predicted class (empty when a row cannot be scored)"));
        g.Output(new OnnxValue("label_index", OnnxType.Int64, new long?[] { null }, "the predicted class index (-1 when a row cannot be scored)"));
    }

    /// <summary>value = output x sd + mean in float64, as the model de-scales its z-scored prediction.</summary>
    private static void Regression(OnnxGraph g, TrainedModel model, string output)
    {
        var wide = g.Node("Cast", "output_f64", new[] { output }, new OnnxAttribute("to", (long)OnnxType.Double));
        var scaled = g.Node("Mul", "descaled", new[] { wide, g.Scalar("target_scale", model.TargetScale) });
        var value = g.Node("Add", "value_n1", new[] { scaled, g.Scalar("target_mean", model.TargetMean) });
        g.NodeTo("Reshape", "value", new[] { value, g.Constant("value_shape", new long[] { -1 }, 1) }, new[] { "value" });
        g.Output(new OnnxValue("value", OnnxType.Double, new long?[] { null }, $"predicted {model.Schema.TargetName} (target units)"));
    }

    private static IEnumerable<KeyValuePair<string, string>> Metadata(TrainedModel model, FeatureSchema raw, string version)
    {
        string Json<T>(T v) => JsonSerializer.Serialize(v, JsonConvention.Options);
        var libs = model.Artifact.Metadata ?? new Dictionary<string, string>();
        yield return new("deepstats.version", version);
        yield return new("deepstats.trained_with", Json(libs));
        yield return new("deepstats.opsets", Opsets);
        yield return new("deepstats.target", model.Schema.TargetName ?? "");
        yield return new("deepstats.target_kind", model.TargetKind.ToString());
        yield return new("deepstats.classes", Json(model.Classes));
        yield return new("deepstats.input_kind", raw.Kind.ToString());
        yield return new("deepstats.features", Json(raw.Features.Where(f => !f.Derived).Select(f => new
        {
            f.Name, Kind = f.Kind.ToString(), f.Levels, Encoding = f.Encoding.ToString(), f.UnknownLevel,
        })));
        if (raw.ImageShape is { } img) yield return new("deepstats.image_shape", Json(img));
        if (raw.SequenceShape is { } seq) yield return new("deepstats.sequence_shape", Json(seq));
        yield return new("deepstats.missing_text", Json(OnnxPreprocessing.MissingTokens));
        yield return new("deepstats.preprocessing", Json(model.Transforms.Select(t => t.ToString())));
        yield return new("deepstats.data_fingerprint", model.DataFingerprint);
        yield return new("deepstats.trained_at", model.TrainedAt.ToString("O"));
        yield return new("deepstats.spec", model.Spec.ToJson());
    }

    internal static DeepStatsException Unsupported(string what, string why) => new(ErrorIds.OnnxExportUnsupported, FailureKind.NotSupported,
        $"The model cannot be exported to ONNX: {what}: {why}. Nothing was written; predict with Invoke-Prediction, or retrain without it.", what);
}
