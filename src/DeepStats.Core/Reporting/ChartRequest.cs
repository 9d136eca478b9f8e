using DeepStats.Core.Data;
using DeepStats.Core.Evaluation;
using DeepStats.Core.Statistics;
using DeepStats.Core.Training;

namespace DeepStats.Core.Reporting;

/// <summary>Which chart an object gets, and drawing it: the kind is inferred where only one fits.</summary>
public static class ChartRequest
{
    /// <summary>The kind drawn for <paramref name="input"/> when none is asked for; null when it has to be said.</summary>
    public static ChartKind? DefaultKind(object input) => input switch
    {
        TrainedModel or IEnumerable<EpochRecord> or EpochRecord => ChartKind.TrainingCurve,
        ClassificationReport or ConfusionMatrix => ChartKind.ConfusionMatrix,
        CrossValidationResult => ChartKind.CrossValidation,
        CorrelationMatrix or IReadOnlyList<CorrelationMatrix> => ChartKind.CorrelationHeatmap,
        DatasetStatisticsResult { Correlations.Count: > 0 } => ChartKind.CorrelationHeatmap,
        Dataset => ChartKind.Histogram,
        PredictionSet => ChartKind.Roc,
        FoldScores => ChartKind.CrossValidation,
        _ => null,
    };

    /// <summary>
    /// The chart of <paramref name="kind"/> (or the default kind) for <paramref name="input"/>. <paramref name="predictions"/>
    /// supplies a prediction set when the input is a model (ROC, calibration and confusion matrix need one): Test-Model's, or
    /// one <see cref="Predictor.Predict"/> made; a classification report draws from its own <see cref="ClassificationReport.Predictions"/>.
    /// </summary>
    public static Chart Draw(object input, ChartKind? kind, int width, int height,
        IReadOnlyCollection<string>? columns = null, PredictionSet? predictions = null)
    {
        var k = kind ?? DefaultKind(input) ?? throw NotApplicable(input, null);
        return (k, input) switch
        {
            (ChartKind.TrainingCurve, TrainedModel m) => Charts.TrainingCurve(m.History, width, height),
            (ChartKind.TrainingCurve, IEnumerable<EpochRecord> h) => Charts.TrainingCurve(h.ToArray(), width, height),
            (ChartKind.TrainingCurve, EpochRecord e) => Charts.TrainingCurve(new[] { e }, width, height),
            (ChartKind.ConfusionMatrix, ClassificationReport r) => Charts.ConfusionMatrix(r.ConfusionMatrix, width, height),
            (ChartKind.ConfusionMatrix, ConfusionMatrix c) => Charts.ConfusionMatrix(c, width, height),
            (ChartKind.ConfusionMatrix, PredictionSet p) => Charts.ConfusionMatrix(Confusion(p), width, height),
            (ChartKind.ConfusionMatrix, TrainedModel) when predictions is not null => Charts.ConfusionMatrix(Confusion(predictions), width, height),
            (ChartKind.Roc, ClassificationReport r) => Charts.Roc(r.Predictions, width, height, r.ConfidenceLevel),
            (ChartKind.Calibration, ClassificationReport r) => Charts.Calibration(r.Predictions, width, height),
            (ChartKind.Roc, PredictionSet p) => Charts.Roc(p, width, height),
            (ChartKind.Roc, TrainedModel) when predictions is not null => Charts.Roc(predictions, width, height),
            (ChartKind.Calibration, PredictionSet p) => Charts.Calibration(p, width, height),
            (ChartKind.Calibration, TrainedModel) when predictions is not null => Charts.Calibration(predictions, width, height),
            (ChartKind.Histogram, Dataset d) => Charts.Histogram(ColumnValues.Of(d, columns), width, height),
            (ChartKind.CorrelationHeatmap, CorrelationMatrix c) => Charts.CorrelationHeatmap(c, width, height),
            (ChartKind.CorrelationHeatmap, IReadOnlyList<CorrelationMatrix> c) => Charts.CorrelationHeatmap(c, width, height),
            (ChartKind.CorrelationHeatmap, DatasetStatisticsResult { Correlations.Count: > 0 } s) => Charts.CorrelationHeatmap(s.Correlations, width, height),
            (ChartKind.CorrelationHeatmap, Dataset d) => Charts.CorrelationHeatmap(PearsonOf(d, columns), width, height),
            (ChartKind.CrossValidation, FoldScores f) => Charts.CrossValidation(f, width, height),
            (ChartKind.CrossValidation, CrossValidationResult cv) => Charts.CrossValidation(FoldScores.Of(cv), width, height),
            _ => throw NotApplicable(input, k),
        };
    }

    private static ConfusionMatrix Confusion(PredictionSet p)
    {
        if (p.Kind != TargetKind.Classification || p.TruthLabels is null || p.PredictedLabels is null)
            throw new DeepStatsException(ErrorIds.ChartNotApplicable, FailureKind.InvalidArgument,
                "A confusion matrix needs predicted and true classes; these predictions are of a numeric target.", p);
        var keep = Enumerable.Range(0, p.Count).Where(i => p.TruthLabels[i] >= 0).ToArray();
        return ConfusionMatrix.From(keep.Select(i => p.TruthLabels[i]).ToArray(), keep.Select(i => p.PredictedLabels[i]).ToArray(), p.Classes);
    }

    /// <summary>
    /// The matrix of correlation pairs (Get-DatasetStatistics -Correlation writes the upper triangle): columns in
    /// order of appearance, 1 on the diagonal, NaN for a pair not given; one matrix per method, in order of appearance.
    /// </summary>
    public static IReadOnlyList<CorrelationMatrix> FromPairs(IReadOnlyList<CorrelationPair> pairs)
    {
        if (pairs.Count == 0) throw new DeepStatsException(ErrorIds.ChartNotApplicable, FailureKind.InvalidData, "There are no correlation pairs to draw.", pairs);
        return pairs.Select(p => p.Method).Distinct().Select(m => FromPairs(m, pairs.Where(p => p.Method == m).ToArray())).ToArray();
    }

    private static CorrelationMatrix FromPairs(string method, IReadOnlyList<CorrelationPair> pairs)
    {
        var names = pairs.SelectMany(p => new[] { p.Column1, p.Column2 }).Distinct().ToArray();
        int k = names.Length;
        var r = new double[k, k];
        var pv = new double[k, k];
        var n = new int[k, k];
        for (int i = 0; i < k; i++) for (int j = 0; j < k; j++) { r[i, j] = i == j ? 1 : double.NaN; pv[i, j] = i == j ? Statistics.TailProbability.Floor : double.NaN; }
        foreach (var p in pairs)
        {
            int a = Array.IndexOf(names, p.Column1), b = Array.IndexOf(names, p.Column2);
            r[a, b] = r[b, a] = p.R; pv[a, b] = pv[b, a] = p.PValue; n[a, b] = n[b, a] = p.Count;
        }
        return new CorrelationMatrix(method, names, r, pv, n);
    }

    /// <summary>Pearson correlations of a table's numeric columns (pairwise complete rows).</summary>
    public static CorrelationMatrix PearsonOf(Dataset d, IReadOnlyCollection<string>? only = null)
    {
        var numeric = d.Columns.OfType<NumericColumn>().Where(c => only is null || only.Contains(c.Name, StringComparer.OrdinalIgnoreCase)).ToArray();
        if (numeric.Length < 2)
            throw new DeepStatsException(ErrorIds.ChartNotApplicable, FailureKind.InvalidData,
                $"Dataset '{d.Name}' has {numeric.Length} numeric column(s); a correlation heatmap needs at least 2.", d);
        return Correlation.Matrix(Correlation.PearsonName, numeric.Select(c => c.Name).ToArray(), numeric.Select(c => c.Values).ToArray());
    }

    private static DeepStatsException NotApplicable(object input, ChartKind? kind)
    {
        string what = input.GetType().Name;
        string fits = string.Join(", ", Enum.GetValues<ChartKind>().Where(k => Fits(input, k)));
        return new DeepStatsException(ErrorIds.ChartNotApplicable, FailureKind.InvalidArgument,
            kind is null
                ? $"Cannot tell which chart to draw for a {what}; give -Kind. Export-Chart draws trained models, epoch records, classification reports, confusion matrices, prediction sets, datasets, correlation matrices and cross-validation results."
                : $"A {what} has no {kind} chart." + (fits.Length > 0 ? $" It has: {fits}." : "") +
                  (input is TrainedModel && kind is ChartKind.Roc or ChartKind.Calibration or ChartKind.ConfusionMatrix ? " For a model, give labelled data with -Data, or Test-Model's report or prediction set with -Predictions." : ""),
            input);
    }

    private static bool Fits(object input, ChartKind k) => input switch
    {
        TrainedModel => k == ChartKind.TrainingCurve,
        PredictionSet or ClassificationReport => k is ChartKind.Roc or ChartKind.Calibration or ChartKind.ConfusionMatrix,
        Dataset => k is ChartKind.Histogram or ChartKind.CorrelationHeatmap,
        _ => DefaultKind(input) == k,
    };
}
