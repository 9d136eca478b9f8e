namespace DeepStats.Core.Reporting;

/// <summary>The charts Export-Chart draws.</summary>
public enum ChartKind
{
    /// <summary>Loss and accuracy per epoch, training vs validation, and the learning rate (from a trained model's history).</summary>
    TrainingCurve,
    /// <summary>The confusion matrix as a heatmap with the count in every cell.</summary>
    ConfusionMatrix,
    /// <summary>ROC curves (one per class against the rest; the positive class for two classes) with the AUC and its interval.</summary>
    Roc,
    /// <summary>Reliability diagram: predicted probability against the observed frequency, per bin, with Wilson intervals.</summary>
    Calibration,
    /// <summary>One histogram per column (bars of level counts for categorical columns).</summary>
    Histogram,
    /// <summary>The correlation matrix as a heatmap with the coefficient in every cell.</summary>
    CorrelationHeatmap,
    /// <summary>Cross-validation: the score of every fold, their mean and its confidence interval.</summary>
    CrossValidation,
}
