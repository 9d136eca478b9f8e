namespace DeepStats.Core.Evaluation;

/// <summary>Counts of (actual, predicted) class pairs; rows are actual classes, columns predicted ones.</summary>
public sealed class ConfusionMatrix
{
    public ConfusionMatrix(IReadOnlyList<string> classes, int[,] counts)
    {
        Classes = classes;
        Counts = counts;
    }

    public IReadOnlyList<string> Classes { get; }
    public int[,] Counts { get; }
    public int this[int actual, int predicted] => Counts[actual, predicted];

    public static ConfusionMatrix From(IReadOnlyList<int> actual, IReadOnlyList<int> predicted, IReadOnlyList<string> classes)
    {
        var m = new int[classes.Count, classes.Count];
        for (int i = 0; i < actual.Count; i++) m[actual[i], predicted[i]]++;
        return new ConfusionMatrix(classes, m);
    }

    /// <summary>One row per actual class, for display: the class, then the count predicted as each class.</summary>
    public IEnumerable<ConfusionRow> Rows()
    {
        for (int a = 0; a < Classes.Count; a++)
        {
            var row = new int[Classes.Count];
            for (int p = 0; p < row.Length; p++) row[p] = Counts[a, p];
            yield return new ConfusionRow(Classes[a], row);
        }
    }

    /// <summary>
    /// The matrix as wide rows for Export-Csv / ConvertTo-Json: "Actual" (the actual class), then one entry per
    /// predicted class holding the count. Ordered dictionaries, which both cmdlets write as one object per row.
    /// </summary>
    public IEnumerable<System.Collections.Specialized.OrderedDictionary> Table()
    {
        string first = Classes.Any(c => string.Equals(c, "Actual", StringComparison.OrdinalIgnoreCase)) ? "(actual)" : "Actual";
        for (int a = 0; a < Classes.Count; a++)
        {
            var row = new System.Collections.Specialized.OrderedDictionary(StringComparer.Ordinal) { [first] = Classes[a] };
            for (int p = 0; p < Classes.Count; p++) row[Classes[p]] = Counts[a, p];
            yield return row;
        }
    }

    /// <summary>The matrix in long form, one (actual, predicted, count) record per cell, for Export-Csv and databases.</summary>
    public IEnumerable<ConfusionCell> Cells()
    {
        for (int a = 0; a < Classes.Count; a++)
            for (int p = 0; p < Classes.Count; p++)
                yield return new ConfusionCell(Classes[a], Classes[p], Counts[a, p]);
    }

    /// <summary>A labelled grid: actual classes down, predicted classes across (labels cut to the column width).</summary>
    public override string ToString()
    {
        if (Classes.Count == 0) return "(no classes)";
        int digits = 1;
        foreach (var c in Counts) digits = Math.Max(digits, c.ToString().Length);
        // columns as narrow as the counts allow (at least 4, at most 8 characters of label), so 10 classes fit in 120 columns
        int cell = Math.Max(digits, Math.Min(8, Math.Max(4, Classes.Max(c => c.Length)))) + 1;
        const string corner = "actual \\ predicted";
        int w = Math.Min(24, Math.Max(corner.Length, Classes.Max(c => c.Length))) + 2;
        var sb = new System.Text.StringBuilder();
        sb.Append(corner.PadRight(w));
        foreach (var c in Classes) sb.Append(Cut(c, cell - 1).PadLeft(cell));
        for (int a = 0; a < Classes.Count; a++)
        {
            sb.AppendLine();
            sb.Append(Cut(Classes[a], w - 2).PadRight(w));
            for (int p = 0; p < Classes.Count; p++) sb.Append(Counts[a, p].ToString().PadLeft(cell));
        }
        return sb.ToString();
    }

    private static string Cut(string s, int width) => s.Length <= width ? s : s[..width];
}

/// <summary>One cell of a confusion matrix: how many rows of class <c>Actual</c> were predicted as <c>Predicted</c>.</summary>
public sealed record ConfusionCell(string Actual, string Predicted, int Count);

/// <summary>One row of a confusion matrix.</summary>
public sealed record ConfusionRow(string Actual, int[] Predicted);

/// <summary>Precision, recall and support of one class.</summary>
public sealed record ClassMetrics(string Class, int Support, double Precision, double Recall, double F1);

/// <summary>
/// Accuracy of a classifier on labelled data with its Wilson confidence interval, per-class
/// precision / recall / F1 (NaN where undefined: a class never predicted has no precision) and
/// the confusion matrix.
/// </summary>
public sealed record ClassificationReport(
    int Count,
    int Correct,
    double Accuracy,
    double AccuracyLower,
    double AccuracyUpper,
    double ConfidenceLevel,
    string IntervalMethod,
    IReadOnlyList<ClassMetrics> PerClass,
    ConfusionMatrix ConfusionMatrix)
{
    public static ClassificationReport From(IReadOnlyList<int> actual, IReadOnlyList<int> predicted, IReadOnlyList<string> classes, double level = 0.95)
    {
        if (actual.Count != predicted.Count) throw new ArgumentException("actual and predicted differ in length");
        if (actual.Count == 0)
            throw new DeepStatsException("NoRows", FailureKind.InvalidData, "There are no rows to evaluate.");
        var cm = ConfusionMatrix.From(actual, predicted, classes);
        int correct = 0;
        for (int i = 0; i < actual.Count; i++) if (actual[i] == predicted[i]) correct++;
        var ci = BinomialInterval.Wilson(correct, actual.Count, level);
        var per = new List<ClassMetrics>();
        for (int c = 0; c < classes.Count; c++)
        {
            int tp = cm[c, c], support = 0, predictedAs = 0;
            for (int k = 0; k < classes.Count; k++) { support += cm[c, k]; predictedAs += cm[k, c]; }
            double precision = predictedAs == 0 ? double.NaN : (double)tp / predictedAs;
            double recall = support == 0 ? double.NaN : (double)tp / support;
            double f1 = precision + recall > 0 ? 2 * precision * recall / (precision + recall) : double.NaN;
            per.Add(new ClassMetrics(classes[c], support, precision, recall, f1));
        }
        return new ClassificationReport(actual.Count, correct, (double)correct / actual.Count, ci.Lower, ci.Upper, level, ci.Method, per, cm);
    }

    public override string ToString() =>
        $"Accuracy {Accuracy:P2} ({ConfidenceLevel:P0} {IntervalMethod} CI {AccuracyLower:P2} - {AccuracyUpper:P2}), {Correct}/{Count} correct";
}
