using System.Globalization;
using System.Text;

namespace DeepStats.Core.Reporting;

/// <summary>A series drawn as one line of Unicode block characters, for logs read in a terminal.</summary>
public static class Sparkline
{
    /// <summary>The eight heights, lowest first.</summary>
    public const string Blocks = "▁▂▃▄▅▆▇█";

    /// <summary>
    /// One character per value (values averaged in equal groups when there are more than <paramref name="width"/>):
    /// the minimum maps to the lowest block, the maximum to the highest, linearly between; a constant
    /// series is drawn at the lowest block; NaN (or a group of NaN only) is a space.
    /// </summary>
    public static string Of(IReadOnlyList<double> values, int width = 60)
    {
        if (width < 1) throw new ArgumentOutOfRangeException(nameof(width));
        var points = Downsample(values, width);
        var finite = points.Where(double.IsFinite).ToArray();
        if (finite.Length == 0) return new string(' ', points.Length);
        double lo = finite.Min(), hi = finite.Max();
        var sb = new StringBuilder(points.Length);
        foreach (var p in points)
        {
            if (!double.IsFinite(p)) { sb.Append(' '); continue; }
            int level = hi > lo ? (int)Math.Round((p - lo) / (hi - lo) * (Blocks.Length - 1), MidpointRounding.AwayFromZero) : 0;
            sb.Append(Blocks[level]);
        }
        return sb.ToString();
    }

    /// <summary>"Validation loss ▇▅▃▂▁▁ 0.912 -> 0.301 (best 0.298 at epoch 14 of 20)"; null when no value is finite.</summary>
    public static string? Describe(string name, IReadOnlyList<double> values, int width = 60)
    {
        int best = -1;
        for (int i = 0; i < values.Count; i++)
            if (double.IsFinite(values[i]) && (best < 0 || values[i] < values[best])) best = i;
        if (best < 0) return null;
        double first = values.First(double.IsFinite), last = values.Last(double.IsFinite);
        return $"{name} {Of(values, width)} {NumberText.Of(first)} -> {NumberText.Of(last)} (lowest {NumberText.Of(values[best])} at epoch {best + 1} of {values.Count})";
    }

    private static double[] Downsample(IReadOnlyList<double> values, int width)
    {
        if (values.Count <= width) return values.ToArray();
        var result = new double[width];
        for (int g = 0; g < width; g++)
        {
            int from = (int)((long)g * values.Count / width), to = (int)((long)(g + 1) * values.Count / width);
            double sum = 0; int n = 0;
            for (int i = from; i < to; i++) if (double.IsFinite(values[i])) { sum += values[i]; n++; }
            result[g] = n > 0 ? sum / n : double.NaN;
        }
        return result;
    }
}
