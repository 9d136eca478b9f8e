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

    public override string ToString()
    {
        int w = Math.Max(6, Classes.Max(c => c.Length) + 1);
        var sb = new System.Text.StringBuilder();
        sb.Append("actual \\ predicted".PadRight(w + 2));
        for (int p = 0; p < Classes.Count; p++) sb.Append(Abbrev(Classes[p]).PadLeft(7));
        foreach (var r in Rows())
        {
            sb.AppendLine();
            sb.Append(r.Actual.PadRight(w + 2));
            foreach (var c in r.Predicted) sb.Append(c.ToString().PadLeft(7));
        }
        return sb.ToString();
    }

    private static string Abbrev(string s) => s.Length <= 6 ? s : s[..6];
}

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
