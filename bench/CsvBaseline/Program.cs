// The plain CsvHelper loop DeepStats' import is compared with: read the header, parse each numeric
// field into a float array (growing by doubling), count the label column. Prints one line:
// "rows=<n> seconds=<s> rowsPerSecond=<r> peakWorkingSetMB=<m>".
using System.Diagnostics;
using System.Globalization;
using CsvHelper;

var path = args[0];
for (int run = 0; run < 2; run++) // first run warms up the JIT and the page cache
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
    if (run == 1)
        Console.WriteLine(FormattableString.Invariant(
            $"rows={rows} seconds={sw.Elapsed.TotalSeconds:F3} rowsPerSecond={rows / sw.Elapsed.TotalSeconds:F0} peakWorkingSetMB={Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0:F0} labelBytes={labelBytes}"));
}
