namespace DeepStats.Core.Export;

/// <summary>
/// An ONNX graph under construction: nodes in topological order (each one appended after its inputs exist),
/// constant initializers, graph inputs and outputs, and fresh value names. <see cref="Encode"/> gives the
/// ModelProto bytes with the opsets and the metadata.
/// </summary>
internal sealed class OnnxGraph
{
    /// <summary>The default-domain opset the export targets (ONNX 1.12; every operator used is in it).</summary>
    public const int Opset = 17;
    /// <summary>The ai.onnx.ml opset (LabelEncoder-2).</summary>
    public const int MlOpset = 3;
    /// <summary>The IR version of opset 17.</summary>
    public const int IrVersion = 8;
    public const string MlDomain = "ai.onnx.ml";

    private readonly List<byte[]> _nodes = new();
    private readonly List<byte[]> _initializers = new();
    private readonly List<OnnxValue> _inputs = new();
    private readonly List<OnnxValue> _outputs = new();
    private readonly Dictionary<string, int> _counts = new(StringComparer.Ordinal);
    private readonly HashSet<string> _names = new(StringComparer.Ordinal);

    /// <summary>A name not used yet, from a hint ("layer3_conv" -> "layer3_conv", then "layer3_conv_2").</summary>
    public string Fresh(string hint)
    {
        int n = _counts.GetValueOrDefault(hint) + 1;
        _counts[hint] = n;
        string name = n == 1 ? hint : $"{hint}_{n}";
        while (!_names.Add(name)) name = $"{hint}_{++n}";
        _counts[hint] = n;
        return name;
    }

    public void Input(OnnxValue v) { _names.Add(v.Name); _inputs.Add(v); }
    public void Output(OnnxValue v) => _outputs.Add(v);

    /// <summary>A node with one output; returns the output's name.</summary>
    public string Node(string op, string hint, string[] inputs, params OnnxAttribute[] attributes) =>
        Node(op, hint, inputs, 1, "", attributes)[0];

    /// <summary>A node of the ai.onnx.ml domain with one output.</summary>
    public string MlNode(string op, string hint, string[] inputs, params OnnxAttribute[] attributes) =>
        Node(op, hint, inputs, 1, MlDomain, attributes)[0];

    /// <summary>A node with <paramref name="outputs"/> outputs (an empty name for an output a caller does not want is not used: all get names).</summary>
    public string[] Node(string op, string hint, string[] inputs, int outputs, string domain, params OnnxAttribute[] attributes)
    {
        var outs = Enumerable.Range(0, outputs).Select(i => Fresh(outputs == 1 ? hint : $"{hint}_out{i}")).ToArray();
        NodeTo(op, hint, inputs, outs, domain, attributes);
        return outs;
    }

    /// <summary>A node whose outputs are named by the caller (graph outputs).</summary>
    public void NodeTo(string op, string hint, string[] inputs, string[] outputs, string domain = "", params OnnxAttribute[] attributes)
    {
        var w = new ProtoWriter();
        foreach (var i in inputs) w.String(1, i);
        foreach (var o in outputs) w.String(2, o);
        w.String(3, Fresh("node_" + hint)).String(4, op);
        foreach (var a in attributes) w.Message(5, a.Encode());
        if (domain.Length > 0) w.String(7, domain);
        _nodes.Add(w.ToArray());
    }

    /// <summary>A constant; returns its name.</summary>
    public string Constant(string hint, float[] v, params long[] dims) => Add(OnnxTensor.Of(Fresh(hint), v, dims));
    public string Constant(string hint, double[] v, params long[] dims) => Add(OnnxTensor.Of(Fresh(hint), v, dims));
    public string Constant(string hint, long[] v, params long[] dims) => Add(OnnxTensor.Of(Fresh(hint), v, dims));
    public string Scalar(string hint, double v) => Constant(hint, new[] { v });
    public string Scalar(string hint, float v) => Constant(hint, new[] { v });
    public string Scalar(string hint, long v) => Constant(hint, new[] { v });

    private string Add(OnnxTensor t)
    {
        _initializers.Add(t.Encode());
        return t.Name;
    }

    /// <summary>The ModelProto: IR version, opsets (default and ai.onnx.ml), producer, the graph and the metadata entries.</summary>
    public byte[] Encode(string graphName, string producerVersion, string doc, IEnumerable<KeyValuePair<string, string>> metadata)
    {
        var g = new ProtoWriter();
        foreach (var n in _nodes) g.Message(1, n);
        g.String(2, graphName);
        foreach (var t in _initializers) g.Message(5, t);
        foreach (var i in _inputs) g.Message(11, i.Encode());
        foreach (var o in _outputs) g.Message(12, o.Encode());
        var m = new ProtoWriter().Int(1, IrVersion).String(2, "DeepStats").String(3, producerVersion).String(4, "ai.deepstats").Int(5, 1)
            .String(6, doc).Message(7, g)
            .Message(8, new ProtoWriter().String(1, "").Int(2, Opset))
            .Message(8, new ProtoWriter().String(1, MlDomain).Int(2, MlOpset));
        foreach (var (k, v) in metadata) m.Message(14, new ProtoWriter().String(1, k).String(2, v));
        return m.ToArray();
    }
}
