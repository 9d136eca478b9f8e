// The plain CsvHelper loop DeepStats' import is compared with: read the header, parse each numeric
// field into a float array (growing by doubling), count the label column. Prints one line:
// "rows=<n> seconds=<best of 3> rowsPerSecond=<r> peakWorkingSetMB=<m>".
using System.Diagnostics;
using System.Globalization;
using CsvHelper;

var path = args[0];
double best = double.MaxValue;
int total = 0;
long labels = 0;
for (int run = 0; run < 4; run++) // the first run warms up the JIT and the page cache; the best of the other three counts
{
    var sw = Stopwatch.StartNew();
    using var reader = CsvReader.FromFile(path, new CsvReaderOptions { Separator = ',' });
    var headers = reader.Headers;
    int numeric = headers.Count - 1;
    var columns = new float[numeric][];
    for (int j = 0; j < numeric; j++) columns[j] = new float[1024];
    int rows = 0;
    long labelBytes = 0;
    while (reader.Read())
    {
        if (rows == columns[0].Length)
            for (int j = 0; j < numeric; j++) Array.Resize(ref columns[j], rows * 2);
        for (int j = 0; j < numeric; j++)
            columns[j][rows] = float.Parse(reader.GetSpan(j), NumberStyles.Float, CultureInfo.InvariantCulture);
        labelBytes += reader.GetSpan(numeric).Length;
        rows++;
    }
    sw.Stop();
    if (run > 0) best = Math.Min(best, sw.Elapsed.TotalSeconds);
    total = rows;
    labels = labelBytes;
}
Console.WriteLine(FormattableString.Invariant(
    $"rows={total} seconds={best:F3} rowsPerSecond={total / best:F0} peakWorkingSetMB={Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0:F0} labelBytes={labels}"));
