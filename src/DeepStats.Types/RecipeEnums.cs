namespace DeepStats.Core.Preprocessing;

/// <summary>How a standardizer centres and scales a numeric column (or an image channel).</summary>
public enum StandardizeMethod
{
    /// <summary>(x - mean) / sd, sd with n - 1 (sample standard deviation).</summary>
    ZScore,
    /// <summary>(x - min) / (max - min): the fitted rows map onto [0, 1].</summary>
    MinMax,
    /// <summary>(x - median) / IQR, quantiles by Hyndman-Fan type 7 (linear, as numpy and scikit-learn's RobustScaler).</summary>
    Robust,
}

/// <summary>How Select-Feature scores a feature against the target.</summary>
public enum FeatureSelectionMethod
{
    /// <summary>The feature's population variance (divided by n, as scikit-learn's VarianceThreshold); no target needed, no p-value.</summary>
    Variance,
    /// <summary>|Pearson r| with a numeric target; p-value of the t test of r = 0.</summary>
    Correlation,
    /// <summary>One-way ANOVA F across the classes of a class target, or F-regression (F of the linear fit) for a numeric target; p-value from the F distribution.</summary>
    AnovaF,
    /// <summary>Mutual information (nats) by the k-nearest-neighbour estimators scikit-learn uses (Ross 2014 for a class target, Kraskov et al. 2004 for a numeric one); no p-value.</summary>
    MutualInformation,
}

/// <summary>The multiple-testing correction of the p-values of all scored features.</summary>
public enum PValueAdjustment
{
    /// <summary>Benjamini-Hochberg (1995) false discovery rate adjusted p-values.</summary>
    BenjaminiHochberg,
    /// <summary>Bonferroni: p x m, capped at 1 (family-wise error rate).</summary>
    Bonferroni,
}
