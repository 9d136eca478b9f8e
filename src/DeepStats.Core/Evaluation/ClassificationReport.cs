using DeepStats.Core.Data;

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
/// Every classification metric of a <see cref="PredictionSet"/>, computed by the one scorer <see cref="From"/>:
/// accuracy with its Wilson interval, per-class precision / recall / F1, macro and weighted means, balanced accuracy,
/// log-loss, Brier score, top-label expected calibration error, ROC AUC with DeLong's interval, the majority-class
/// baseline and the confusion matrix. Test-Model, the quality gates, the cross-validation folds and pooled report,
/// the charts and the HTML report all read these numbers from here.
/// </summary>
public sealed record ClassificationReport
{
    private ClassificationReport() { }

    public int Count { get; init; }
    public int Correct { get; init; }
    public double Accuracy { get; init; }
    public double AccuracyLower { get; init; }
    public double AccuracyUpper { get; init; }
    public double ConfidenceLevel { get; init; }
    public string IntervalMethod { get; init; } = "";
    /// <summary>Per class: precision (NaN when the class is never predicted), recall (NaN when it has no test rows) and F1.</summary>
    public IReadOnlyList<ClassMetrics> PerClass { get; init; } = Array.Empty<ClassMetrics>();
    public ConfusionMatrix ConfusionMatrix { get; init; } = null!;
    /// <summary>Mean recall over the classes present in the test data.</summary>
    public double BalancedAccuracy { get; init; } = double.NaN;
    public double MacroPrecision { get; init; } = double.NaN;
    public double MacroRecall { get; init; } = double.NaN;
    /// <summary>Unweighted mean of the per-class F1 over the classes present in the test data; a present class that is never predicted has F1 0 (scikit-learn's zero_division=0).</summary>
    public double MacroF1 { get; init; } = double.NaN;
    public double WeightedPrecision { get; init; } = double.NaN;
    public double WeightedRecall { get; init; } = double.NaN;
    public double WeightedF1 { get; init; } = double.NaN;
    /// <summary>Mean negative log probability of the true class (natural log; probabilities clipped at 1e-15).</summary>
    public double LogLoss { get; init; } = double.NaN;
    /// <summary>Binary: mean (p(positive) - y)²; more classes: mean over rows of Σ_c (p_c - y_c)² (Brier 1950); in float64.</summary>
    public double Brier { get; init; } = double.NaN;
    /// <summary>Top-label expected calibration error (Guo et al. 2017): Σ_b (n_b / N)·|accuracy_b - mean confidence_b| over
    /// <see cref="CalibrationBins"/> equal-width bins ((b-1)/B, b/B] of the predicted class's probability (<see cref="CalibrationCurve.TopLabel"/>).</summary>
    public double ExpectedCalibrationError { get; init; } = double.NaN;
    public int CalibrationBins { get; init; } = 10;
    /// <summary>ROC AUC (binary: the last class is the positive one; more classes: macro one-vs-rest) with DeLong's interval (<see cref="RocAuc"/>); NaN when undefined.</summary>
    public double Auc { get; init; } = double.NaN;
    public double AucLower { get; init; } = double.NaN;
    public double AucUpper { get; init; } = double.NaN;
    public double AucStandardError { get; init; } = double.NaN;
    /// <summary>How the AUC interval was formed: DeLong's normal interval, or at AUC 0 or 1 (DeLong variance 0) the stated one-sided bound.</summary>
    public string? AucIntervalMethod { get; init; }
    /// <summary>The majority class of the test data and the accuracy of always predicting it.</summary>
    public string? BaselineClass { get; init; }
    public double BaselineAccuracy { get; init; } = double.NaN;
    /// <summary>Why a metric is undefined (NaN) on this data, one sentence each (for example a class absent from the test rows).</summary>
    public IReadOnlyList<string> Notes { get; init; } = Array.Empty<string>();
    /// <summary>Classes of the model with no row in the test data.</summary>
    public IReadOnlyList<string> AbsentClasses { get; init; } = Array.Empty<string>();
    /// <summary>The per-row results every figure was computed from (charts and the report draw from it instead of predicting again).</summary>
    public PredictionSet Predictions { get; init; } = null!;
    /// <summary>Set by a quality gate (Test-Model -MinimumAccuracy ...): whether every gate was met; null without gates.</summary>
    public bool? Passed { get; init; }
    /// <summary>What each quality gate compared, in words.</summary>
    public IReadOnlyList<string> GateResults { get; init; } = Array.Empty<string>();
    /// <summary>How the figures were computed, in words.</summary>
    public string Conventions => Convention;

    public const string Convention =
        "Accuracy: Wilson score interval. Per class: precision TP/(TP+FP) (undefined when the class is never predicted), recall TP/(TP+FN) " +
        "(undefined when the class has no test rows), F1 2TP/(2TP+FP+FN), so a class in the test data that is never predicted has F1 0 " +
        "(scikit-learn's zero_division=0). Macro means: unweighted over the classes present in the test data, an undefined precision counting 0; " +
        "weighted means: weighted by support. Balanced accuracy: mean recall over the present classes. " +
        "Log-loss: natural log, probabilities clipped at 1e-15. Brier (float64): binary mean (p(positive) - y)^2, else mean of the sum over classes. " +
        "ECE: top-label, 10 equal-width bins of the predicted class's probability, bin b holding (b-1)/10 < p <= b/10 (Guo et al. 2017). " +
        "AUC: binary with the last class positive, else macro one-vs-rest over the present classes; DeLong (1988) standard error, normal interval " +
        "clipped to [0, 1]; at AUC 1 (or 0), where DeLong's variance is 0, the interval is [(alpha/2)^(1/k), 1] (or [0, 1 - (alpha/2)^(1/k)]), " +
        "k the smallest number of positive-negative pairs that share no row (min(positives, negatives), over the classes for macro). " +
        "Baseline: always predicting the test data's majority class.";

    /// <summary>F1 of one class from its counts, 2TP/(2TP+FP+FN); NaN when the class neither occurs nor is predicted.</summary>
    internal static double F1(int tp, int fp, int fn) => 2 * tp + fp + fn == 0 ? double.NaN : 2.0 * tp / (2 * tp + fp + fn);

    /// <summary>Macro F1 from per-class counts: the mean of <see cref="F1"/> over the classes with support.</summary>
    internal static double MacroF1Of(int[] tp, int[] fp, int[] fn, int[] support)
    {
        double sum = 0; int present = 0;
        for (int c = 0; c < tp.Length; c++)
            if (support[c] > 0) { sum += F1(tp[c], fp[c], fn[c]); present++; }
        return present == 0 ? double.NaN : sum / present;
    }

    /// <summary>Every metric from the per-row results of a classifier; every row must carry its true class (Test-Model refuses missing labels).</summary>
    public static ClassificationReport From(PredictionSet set, double level = 0.95, int bins = 10)
    {
        if (set.Kind != TargetKind.Classification || set.PredictedLabels is null || set.Probabilities is null)
            throw new DeepStatsException(ErrorIds.MetricUndefined, FailureKind.InvalidArgument, "These predictions are of a numeric target; classification metrics need predicted classes and their probabilities.", set);
        var truth = set.TruthLabels ?? throw new DeepStatsException(ErrorIds.NoTarget, FailureKind.InvalidData, "The predictions carry no true labels to score.", set);
        var pred = set.PredictedLabels;
        var probs = set.Probabilities;
        var classes = set.Classes;
        int n = truth.Length, k = classes.Count;
        if (n == 0) throw new DeepStatsException(ErrorIds.NoRows, FailureKind.InvalidData, "There are no rows to evaluate.", set);
        int unlabelled = truth.Count(t => t < 0);
        if (unlabelled > 0)
            throw new DeepStatsException(ErrorIds.MissingLabels, FailureKind.InvalidData,
                $"{unlabelled} of the {n} predictions have no true class; every scored row must be labelled. Import the data with -DropMissing to drop them explicitly.", set);
        var cm = ConfusionMatrix.From(truth, pred, classes);
        int correct = 0;
        for (int i = 0; i < n; i++) if (truth[i] == pred[i]) correct++;
        var ci = BinomialInterval.Wilson(correct, n, level);
        var notes = new List<string>();
        var absent = new List<string>();
        var present = new List<int>();
        var per = new List<ClassMetrics>();
        for (int c = 0; c < k; c++)
        {
            int tp = cm[c, c], fp = 0, fn = 0;
            for (int j = 0; j < k; j++) if (j != c) { fp += cm[j, c]; fn += cm[c, j]; }
            int support = tp + fn, predictedAs = tp + fp;
            double precision = predictedAs == 0 ? double.NaN : (double)tp / predictedAs;
            double recall = support == 0 ? double.NaN : (double)tp / support;
            per.Add(new ClassMetrics(classes[c], support, precision, recall, F1(tp, fp, fn)));
            if (support > 0) present.Add(c);
            else
            {
                absent.Add(classes[c]);
                notes.Add($"Class '{classes[c]}' has no rows in the test data: its recall is undefined, and it is left out of the macro and weighted means, balanced accuracy and the AUC.");
            }
            if (support > 0 && predictedAs == 0)
                notes.Add($"Class '{classes[c]}' is never predicted: its precision is undefined (counted as 0 in the macro and weighted means) and its F1 is 0.");
        }
        double P(int c) => double.IsNaN(per[c].Precision) ? 0 : per[c].Precision;
        double macroP = present.Count == 0 ? double.NaN : present.Average(P);
        double macroR = present.Count == 0 ? double.NaN : present.Average(c => per[c].Recall);
        double macroF = present.Count == 0 ? double.NaN : present.Average(c => per[c].F1);
        double W(Func<int, double> f) => present.Sum(c => f(c) * per[c].Support) / n;
        // log-loss and Brier, in float64
        double ll = 0, brier = 0;
        for (int i = 0; i < n; i++)
        {
            var p = probs[i];
            ll -= Math.Log(Math.Max((double)p[truth[i]], 1e-15));
            if (k == 2) { double d = (double)p[1] - (truth[i] == 1 ? 1.0 : 0.0); brier += d * d; }
            else for (int c = 0; c < k; c++) { double d = (double)p[c] - (truth[i] == c ? 1.0 : 0.0); brier += d * d; }
        }
        var calibration = CalibrationCurve.TopLabel(set, bins, level);
        var auc = RocAuc.Of(truth, probs, k, level);
        if (auc is null) notes.Add("The AUC is undefined: it needs test rows of at least two classes.");
        int majority = 0;
        for (int c = 1; c < k; c++) if (per[c].Support > per[majority].Support) majority = c;
        return new ClassificationReport
        {
            Count = n, Correct = correct, Accuracy = (double)correct / n, AccuracyLower = ci.Lower, AccuracyUpper = ci.Upper,
            ConfidenceLevel = level, IntervalMethod = ci.Method, ConfusionMatrix = cm,
            PerClass = per,
            BalancedAccuracy = macroR,
            MacroPrecision = macroP,
            MacroRecall = macroR,
            MacroF1 = macroF,
            WeightedPrecision = W(P),
            WeightedRecall = W(c => per[c].Recall),
            WeightedF1 = W(c => per[c].F1),
            LogLoss = ll / n,
            Brier = brier / n,
            ExpectedCalibrationError = calibration.ExpectedCalibrationError,
            CalibrationBins = bins,
            Auc = auc?.Auc ?? double.NaN,
            AucLower = auc?.Lower ?? double.NaN,
            AucUpper = auc?.Upper ?? double.NaN,
            AucStandardError = auc?.StandardError ?? double.NaN,
            AucIntervalMethod = auc?.Method,
            BaselineClass = classes[majority],
            BaselineAccuracy = (double)per[majority].Support / n,
            Notes = notes,
            AbsentClasses = absent,
            Predictions = set,
        };
    }

    /// <summary>The value of a catalogued metric by name (<see cref="MetricCatalog"/>), as the folds record it.</summary>
    public double Metric(string name) => MetricCatalog.Get(name).Name switch
    {
        "Accuracy" => Accuracy,
        "AccuracyLower" => AccuracyLower,
        "AccuracyUpper" => AccuracyUpper,
        "BalancedAccuracy" => BalancedAccuracy,
        "MacroF1" => MacroF1,
        "LogLoss" => LogLoss,
        "Brier" => Brier,
        "ExpectedCalibrationError" => ExpectedCalibrationError,
        "Auc" => Auc,
        var other => throw new DeepStatsException(ErrorIds.MetricUndefined, FailureKind.InvalidArgument, $"Metric '{other}' is not a classification metric.", name),
    };

    public override string ToString() =>
        $"Accuracy {Accuracy:P2} ({ConfidenceLevel:P0} {IntervalMethod} CI {AccuracyLower:P2} - {AccuracyUpper:P2}), {Correct}/{Count} correct";
}
