using System.Diagnostics;
using DeepStats.Core.Data;
using DeepStats.Core.Models;
using DeepStats.Core.Preprocessing;
using DeepStats.Core.Training;
using TorchSharp;
using static TorchSharp.torch;

// usage: TrainingBaseline <images.idx3[.gz]> <rows> <epochs> <rounds>
string images = args.Length > 0 ? args[0] : "/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz";
int rows = args.Length > 1 ? int.Parse(args[1]) : 10000;
int epochs = args.Length > 2 ? int.Parse(args[2]) : 2;
int rounds = args.Length > 3 ? int.Parse(args[3]) : 2;
bool augmentationOnly = args.Length > 4 && args[4] == "augmentation"; // usage: ... <rounds> augmentation
const int batch = 64;

var full = IdxReader.Read(images, IdxReader.FindLabelFile(images));
var data = full.Select(Enumerable.Range(0, Math.Min(rows, full.RowCount)).ToArray());
data = Standardizer.Fit(data).Apply(data);
Console.WriteLine($"data: {data.RowCount} images {string.Join("x", data.InputShape)}, batch {batch}, {epochs} epoch(s) per run, {rounds} round(s), torch threads {torch.get_num_threads()}");

var nets = new (string Name, ModelSpec Spec)[]
{
    ("reference CNN (conv32-pool-conv64-pool-fc128)", new ModelSpec
    {
        Kind = "Reference",
        Layers = new[]
        {
            LayerSpec.Conv(32, 3, 1, 1), LayerSpec.Of(LayerType.ReLU), LayerSpec.Pool(LayerType.MaxPool2d, 2),
            LayerSpec.Conv(64, 3, 1, 1), LayerSpec.Of(LayerType.ReLU), LayerSpec.Pool(LayerType.MaxPool2d, 2),
            LayerSpec.Of(LayerType.Flatten), LayerSpec.Dense(128), LayerSpec.Of(LayerType.ReLU), LayerSpec.Dense(null),
        },
    }),
    ("default New-ConvNet", NetworkFactory.ConvNet(new ConvNetOptions())),
};

foreach (var (name, spec) in augmentationOnly ? nets[..0] : nets)
{
    var raw = new List<double>();
    var ours = new List<double>();
    for (int r = 0; r < rounds; r++)
    {
        raw.Add(RawLoop(spec, data, epochs));
        var options = new TrainingOptions { Epochs = epochs, BatchSize = batch, ValidationFraction = 0, Standardize = false, Seed = 1 };
        var sw = Stopwatch.StartNew();
        using (var m = Trainer.Train(data, spec, options)) { }
        sw.Stop();
        ours.Add(data.RowCount * (double)epochs / sw.Elapsed.TotalSeconds);
    }
    double rawBest = raw.Max(), oursBest = ours.Max();
    Console.WriteLine($"{name}: raw TorchSharp loop {rawBest:F0} images/s (runs: {string.Join(", ", raw.Select(v => v.ToString("F0")))}); " +
        $"DeepStats Trainer {oursBest:F0} images/s (runs: {string.Join(", ", ours.Select(v => v.ToString("F0")))}); Trainer/raw = {oursBest / rawBest:P1}");
}

// Augmentation cost (issue 11; target: under 15% of an epoch of the reference CNN): the full image policy applied to
// every training batch of an epoch on its own, and end to end as the Trainer's epoch time with and without it.
{
    var spec = nets[0].Spec;
    var policy = new AugmentationPolicy { FlipProbability = 0.5, MaxShift = 2, MaxRotation = 10, ErasingProbability = 0.5, NoiseStd = 0.1, Seed = 1 };
    var plainRuns = new List<double>();
    var augRuns = new List<double>();
    var aloneRuns = new List<double>();
    for (int r = 0; r < rounds; r++)
    {
        var options = new TrainingOptions { Epochs = 1, BatchSize = batch, ValidationFraction = 0, Standardize = false, Seed = 1 };
        var sw = Stopwatch.StartNew();
        using (var m = Trainer.Train(data, spec, options)) { }
        plainRuns.Add(sw.Elapsed.TotalSeconds);
        sw.Restart();
        using (var m = Trainer.Train(data, spec, options with { Augmentation = policy })) { }
        augRuns.Add(sw.Elapsed.TotalSeconds);
        using var X = TensorFactory.Features(data);
        using var augment = policy.Start(data.InputShape);
        sw.Restart();
        for (long start = 0; start < X.shape[0]; start += batch)
        {
            using var scope = NewDisposeScope();
            augment.Apply(X.narrow(0, start, Math.Min(batch, X.shape[0] - start)));
        }
        aloneRuns.Add(sw.Elapsed.TotalSeconds);
    }
    double epoch = plainRuns.Min(), withAug = augRuns.Min(), alone = aloneRuns.Min();
    Console.WriteLine($"augmentation ({policy}): {alone:F2} s per epoch on its own = {alone / epoch:P1} of a reference-CNN epoch ({epoch:F2} s); " +
        $"epoch with augmentation {withAug:F2} s (+{(withAug - epoch) / epoch:P1}); target under 15%");
}

// The bare loop a TorchSharp user would write: tensors built once, shuffled index batches, Adam, cross-entropy.
static double RawLoop(ModelSpec spec, Dataset data, int epochs)
{
    var sw = Stopwatch.StartNew();
    lock (TorchRandom.Sync) torch.manual_seed(1);
    using var module = ModelBuilder.Build(spec, data.InputShape, data.Target!.ClassCount);
    using var X = TensorFactory.Features(data);
    using var Y = TensorFactory.Labels(data);
    using var opt = optim.Adam(module.parameters(), 1e-3);
    using var lossFn = nn.CrossEntropyLoss();
    using var gen = new Generator().manual_seed(1);
    long n = X.shape[0];
    module.train();
    for (int e = 0; e < epochs; e++)
    {
        using var perm = randperm(n, generator: gen);
        for (long start = 0; start < n; start += 64)
        {
            using var scope = NewDisposeScope();
            var idx = perm.narrow(0, start, Math.Min(64, n - start));
            opt.zero_grad();
            var loss = lossFn.call(module.call(X.index_select(0, idx)), Y.index_select(0, idx));
            loss.backward();
            opt.step();
        }
    }
    sw.Stop();
    return n * (double)epochs / sw.Elapsed.TotalSeconds;
}
