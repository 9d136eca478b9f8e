using DeepStats.Core.Evaluation;

namespace DeepStats.Core.Statistics;

/// <summary>One level of a categorical column: its count and its share of the non-missing values.</summary>
public sealed record LevelCount(string Level, int Count, double Proportion)
{
    public override string ToString() => $"{Level}: {Count} ({Proportion:P1})";
}

/// <summary>
/// Summary of a categorical column or a class target: counts and proportions per level, mode,
/// Shannon entropy, imbalance ratio and the accuracy of always predicting the majority class, with
/// its Wilson interval. Missing values are counted and excluded; proportions are of the present values.
/// </summary>
public sealed record CategorySummary
{
    public required string Column { get; init; }
    /// <summary>"Feature" or "Target".</summary>
    public string Role { get; init; } = "Feature";
    public int Count { get; init; }
    public int Missing { get; init; }
    /// <summary>Number of levels (including levels with no rows, e.g. after a split).</summary>
    public int Levels { get; init; }
    /// <summary>Per level, in level order.</summary>
    public IReadOnlyList<LevelCount> LevelCounts { get; init; } = Array.Empty<LevelCount>();
    public string? Mode { get; init; }
    public int ModeCount { get; init; }
    /// <summary>Shannon entropy -sum p log2 p, in bits.</summary>
    public double Entropy { get; init; }
    /// <summary>Entropy / log2(non-empty levels): 1 for a uniform distribution.</summary>
    public double NormalizedEntropy { get; init; }
    /// <summary>Largest level count / smallest non-empty level count.</summary>
    public double ImbalanceRatio { get; init; }
    /// <summary>Accuracy of always predicting the mode (majority-class baseline) = ModeCount / Count.</summary>
    public double BaselineAccuracy { get; init; }
    public double ConfidenceLevel { get; init; }
    public double BaselineLower { get; init; }
    public double BaselineUpper { get; init; }

    public string EntropyUnit { get; init; } = "bits (log2)";
    public string ModeRule { get; init; } = "most frequent level; ties go to the first level in ordinal order";
    public string ImbalanceRule { get; init; } = "largest / smallest non-empty level count";
    public string IntervalMethod { get; init; } = "Wilson score";
    public string MissingRule { get; init; } = "missing counted, excluded from proportions";
    public IReadOnlyList<string> Undefined { get; init; } = Array.Empty<string>();

    /// <summary>Summarises codes into <paramref name="levels"/> (-1 = missing).</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)] // hot loops: optimised JIT at once, no tiering
    public static CategorySummary Compute(string column, ReadOnlySpan<int> codes, IReadOnlyList<string> levels,
        double confidenceLevel = 0.95, string role = "Feature")
    {
        var counts = new int[levels.Count];
        int missing = 0;
        foreach (var c in codes)
        {
            if (c < 0) missing++;
            else counts[c]++;
        }
        int n = codes.Length - missing;
        var undefined = new List<string>();
        var perLevel = new LevelCount[levels.Count];
        int modeIndex = -1, nonEmpty = 0, minCount = int.MaxValue;
        double entropy = 0;
        for (int i = 0; i < counts.Length; i++)
        {
            double p = n > 0 ? (double)counts[i] / n : double.NaN;
            perLevel[i] = new LevelCount(levels[i], counts[i], p);
            if (counts[i] == 0) continue;
            nonEmpty++;
            if (modeIndex < 0 || counts[i] > counts[modeIndex]) modeIndex = i;
            if (counts[i] < minCount) minCount = counts[i];
            entropy -= p * Math.Log2(p);
        }
        if (n == 0)
        {
            undefined.Add("Mode, Entropy, NormalizedEntropy, ImbalanceRatio, BaselineAccuracy: the column has no values (all missing)");
            return new CategorySummary
            {
                Column = column, Role = role, Count = 0, Missing = missing, Levels = levels.Count, LevelCounts = perLevel,
                Mode = null, ModeCount = 0, Entropy = double.NaN, NormalizedEntropy = double.NaN, ImbalanceRatio = double.NaN,
                BaselineAccuracy = double.NaN, ConfidenceLevel = confidenceLevel, BaselineLower = double.NaN, BaselineUpper = double.NaN,
                Undefined = undefined,
            };
        }
        double normalized = double.NaN;
        if (nonEmpty > 1) normalized = entropy / Math.Log2(nonEmpty);
        else undefined.Add("NormalizedEntropy: only one level occurs (log2(1) = 0)");
        if (entropy == 0) entropy = 0; // no negative zero
        var ci = BinomialInterval.Wilson(counts[modeIndex], n, confidenceLevel);
        return new CategorySummary
        {
            Column = column, Role = role, Count = n, Missing = missing, Levels = levels.Count, LevelCounts = perLevel,
            Mode = levels[modeIndex], ModeCount = counts[modeIndex], Entropy = entropy, NormalizedEntropy = normalized,
            ImbalanceRatio = (double)counts[modeIndex] / minCount, BaselineAccuracy = (double)counts[modeIndex] / n,
            ConfidenceLevel = confidenceLevel, BaselineLower = ci.Lower, BaselineUpper = ci.Upper, Undefined = undefined,
        };
    }
}
