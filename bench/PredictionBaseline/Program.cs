using System.Diagnostics;
using DeepStats.Core.Data;
using DeepStats.Core.Evaluation;
using DeepStats.Core.Models;
using DeepStats.Core.Training;
using TorchSharp;
using static TorchSharp.torch;

// usage: PredictionBaseline <images.idx3[.gz]> <image rows> <table rows> <rounds>
string images = args.Length > 0 ? args[0] : "/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz";
int imageRows = args.Length > 1 ? int.Parse(args[1]) : 10000;
int tableRows = args.Length > 2 ? int.Parse(args[2]) : 200000;
int rounds = args.Length > 3 ? int.Parse(args[3]) : 3;
const int batch = 512; // the Predictor's default batch; the raw loop uses the same

var full = IdxReader.Read(images, IdxReader.FindLabelFile(images));
var imageData = full.Select(Enumerable.Range(0, Math.Min(imageRows, full.RowCount)).ToArray());
var rng = new Random(1);
int n = tableRows;
var cols = Enumerable.Range(0, 8).Select(j => (DataColumn)new NumericColumn("x" + j, Enumerable.Range(0, n).Select(_ => rng.NextDouble() * 4 - 2).ToArray())).ToArray();
var labels = Enumerable.Range(0, n).Select(i => ((NumericColumn)cols[0]).Values[i] + ((NumericColumn)cols[1]).Values[i] > 0 ? "a" : "b").ToArray();
var table = Dataset.Tabular("table", "generated", cols, CsvDatasetReader.BuildTarget("y", labels));
Console.WriteLine($"torch threads {torch.get_num_threads()}, batch {batch}, {rounds} round(s); rows/s, best of the rounds");

foreach (var (name, data, spec) in new[]
{
    ($"default New-ConvNet on {imageData.RowCount} Fashion-MNIST images", imageData, NetworkFactory.ConvNet(new ConvNetOptions())),
    ($"FFN 8-32-2 on {table.RowCount} table rows", table, NetworkFactory.FeedForward(new FeedForwardOptions { Hidden = new[] { 32 } })),
})
{
    // one short epoch on a slice: the weights' values do not matter for speed, only the net's shape
    using var model = Trainer.Train(data.Select(Enumerable.Range(0, 512).ToArray()), spec,
        new TrainingOptions { Epochs = 1, BatchSize = 64, ValidationFraction = 0, Seed = 1 });
    var raw = new List<double>();
    var ours = new List<double>();
    for (int r = 0; r < rounds; r++)
    {
        raw.Add(RawInference(model, data, batch));
        var sw = Stopwatch.StartNew();
        var set = Predictor.Predict(model, data, null, 1, batch);
        sw.Stop();
        if (set.Count != data.RowCount) throw new InvalidOperationException("row count");
        ours.Add(data.RowCount / sw.Elapsed.TotalSeconds);
    }
    Console.WriteLine($"{name}: raw TorchSharp {raw.Max():F0} rows/s (runs: {string.Join(", ", raw.Select(v => v.ToString("F0")))}); " +
        $"DeepStats Predictor {ours.Max():F0} rows/s (runs: {string.Join(", ", ours.Select(v => v.ToString("F0")))}); Predictor/raw = {ours.Max() / raw.Max():P1}");
}

// What a TorchSharp user would write: the same standardization by hand, one feature tensor, batched forward
// passes without gradients, softmax, and the probabilities copied out to managed arrays.
static double RawInference(TrainedModel model, Dataset data, int batch)
{
    var sw = Stopwatch.StartNew();
    var prepared = DeepStats.Core.Preprocessing.TransformPipeline.ApplyTo(data, model.Transforms); // the fitted standardizer, as a user would have to apply it
    var module = model.Module;
    module.eval();
    using var _ = no_grad();
    using var X = TensorFactory.Features(prepared);
    long rows = X.shape[0];
    var outputs = new float[rows][];
    for (long s = 0; s < rows; s += batch)
    {
        using var scope = NewDisposeScope();
        long len = Math.Min(batch, rows - s);
        var p = nn.functional.softmax(module.call(X.narrow(0, s, len)), 1);
        var flat = p.data<float>().ToArray();
        int k = (int)p.shape[1];
        for (long i = 0; i < len; i++) outputs[s + i] = flat.AsSpan((int)(i * k), k).ToArray();
    }
    sw.Stop();
    return rows / sw.Elapsed.TotalSeconds;
}
