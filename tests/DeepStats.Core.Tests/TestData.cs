using DeepStats.Core.Data;

namespace DeepStats.Core.Tests;

/// <summary>Generated datasets shared by the tests that train.</summary>
public static class TestData
{
    /// <summary>Two Gaussian blobs centred at (-2, -2) and (2, 2), sd 1: a linear boundary separates about 99.8% of them.</summary>
    public static Dataset Blobs(int n, int seed)
    {
        var rng = new Random(seed);
        double Gauss() => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
        var x = new double[n];
        var z = new double[n];
        var y = new string[n];
        for (int i = 0; i < n; i++)
        {
            bool b = i % 2 == 0;
            x[i] = (b ? 2 : -2) + Gauss();
            z[i] = (b ? 2 : -2) + Gauss();
            y[i] = b ? "pos" : "neg";
        }
        return Dataset.Tabular("blobs", "generated", new DataColumn[] { new NumericColumn("x", x), new NumericColumn("z", z) },
            CsvDatasetReader.BuildTarget("y", y));
    }
}
