using DeepStats.Core.Data;

namespace DeepStats.Core.Statistics;

/// <summary>
/// Summary of one column. Conventions: <see cref="StandardDeviation"/> is the sample standard
/// deviation (divisor n - 1, ddof = 1); missing values are counted and excluded from every
/// other statistic; a statistic that is undefined (mean of no values, sd of one value) is NaN.
/// </summary>
public sealed record ColumnStatistics(
    string Column,
    string Kind,
    int Count,
    int Missing,
    double Mean,
    double StandardDeviation,
    double Min,
    double Max,
    int Levels)
{
    public const string Convention = "sd: sample (n-1); missing values excluded";

    public static ColumnStatistics Of(DataColumn column) => column switch
    {
        NumericColumn n => FromValues(n.Name, n.Values),
        CategoricalColumn c => new ColumnStatistics(c.Name, "Categorical", c.Length - c.MissingCount, c.MissingCount,
            double.NaN, double.NaN, double.NaN, double.NaN, c.Levels.Length),
        _ => throw new ArgumentOutOfRangeException(nameof(column)),
    };

    /// <summary>Statistics of numbers; NaN entries count as missing.</summary>
    public static ColumnStatistics FromValues(string name, ReadOnlySpan<double> values)
    {
        var m = Moments.Compute(values);
        return new ColumnStatistics(name, "Numeric", m.Count, values.Length - m.Count, m.Mean,
            Math.Sqrt(m.SampleVariance), m.Min, m.Max, 0);
    }

    public static IReadOnlyList<ColumnStatistics> Of(Dataset data)
    {
        if (data.Images is { } img)
            return new[] { FromValues("pixels", img.Pixels.Select(p => (double)p).ToArray()) };
        var result = new ColumnStatistics[data.Columns.Count];
        Parallel.For(0, result.Length, i => result[i] = Of(data.Columns[i]));
        return result;
    }
}
