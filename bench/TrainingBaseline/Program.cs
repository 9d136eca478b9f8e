using System.Diagnostics;
using System.IO.Compression;
using TorchSharp;
using static TorchSharp.torch;

// usage: TrainingBaseline <cnn|mlp> <images.idx3[.gz]> <rows> <epochs> <batch>
// prints one line per epoch: "epoch <e> <images/s> <rss bytes>"
string net = args[0];
string images = args[1];
int rows = int.Parse(args[2]), epochs = int.Parse(args[3]), batch = int.Parse(args[4]);

var (pixels, labels, h, w) = ReadIdx(images, rows);
// standardize with the pixels' own mean and sd (one channel)
double mean = pixels.Average(p => (double)p);
double sd = Math.Sqrt(pixels.Sum(p => (p - mean) * (p - mean)) / (pixels.Length - 1));
var scaled = pixels.Select(p => (float)((p - mean) / sd)).ToArray();
using var X = tensor(scaled, new long[] { rows, 1, h, w });
using var Y = tensor(labels.Select(l => (long)l).ToArray());

torch.manual_seed(1);
nn.Module<Tensor, Tensor> module = net == "cnn"
    ? nn.Sequential(
        nn.Conv2d(1, 32, 3, padding: 1), nn.BatchNorm2d(32), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(32, 64, 3, padding: 1), nn.BatchNorm2d(64), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(64 * (h / 4) * (w / 4), 128), nn.ReLU(), nn.Dropout(0.25), nn.Linear(128, 10))
    : nn.Sequential(nn.Flatten(), nn.Linear(h * w, 256), nn.ReLU(), nn.Linear(256, 128), nn.ReLU(), nn.Linear(128, 10));
using var opt = optim.Adam(module.parameters(), 1e-3);
using var lossFn = nn.CrossEntropyLoss();
using var gen = new Generator().manual_seed(1);
module.train();
for (int e = 1; e <= epochs; e++)
{
    var sw = Stopwatch.StartNew();
    using var perm = randperm(rows, generator: gen);
    for (long start = 0; start < rows; start += batch)
    {
        using var scope = NewDisposeScope();
        var idx = perm.narrow(0, start, Math.Min(batch, rows - start));
        opt.zero_grad();
        var loss = lossFn.call(module.call(X.index_select(0, idx)), Y.index_select(0, idx));
        loss.backward();
        opt.step();
        loss.item<float>(); // a real loop reads the loss (progress, NaN check)
    }
    sw.Stop();
    using var self = Process.GetCurrentProcess();
    Console.WriteLine($"epoch {e} {rows / sw.Elapsed.TotalSeconds:F1} {self.WorkingSet64}");
}

static (byte[] Pixels, byte[] Labels, int H, int W) ReadIdx(string path, int rows)
{
    static byte[] Load(string p)
    {
        using var f = File.OpenRead(p);
        using Stream s = p.EndsWith(".gz") ? new GZipStream(f, CompressionMode.Decompress) : f;
        using var ms = new MemoryStream();
        s.CopyTo(ms);
        return ms.ToArray();
    }
    static int BE(byte[] b, int o) => b[o] << 24 | b[o + 1] << 16 | b[o + 2] << 8 | b[o + 3];
    var img = Load(path);
    var lab = Load(path.Replace("images-idx3", "labels-idx1"));
    int n = Math.Min(rows, BE(img, 4)), h = BE(img, 8), w = BE(img, 12);
    if (n < rows) throw new ArgumentException($"{path} has only {n} images.");
    return (img.AsSpan(16, n * h * w).ToArray(), lab.AsSpan(8, n).ToArray(), h, w);
}
