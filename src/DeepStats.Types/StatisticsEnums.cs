namespace DeepStats.Core.Statistics;

/// <summary>Which results Get-DatasetStatistics writes: one type per choice, so the output exports (Export-Csv) without losing columns.</summary>
public enum StatisticsOutput
{
    /// <summary>Everything computed, in order: numeric summaries, categorical summaries, correlations, associations.</summary>
    All,
    /// <summary>Only the numeric column summaries (NumericSummary).</summary>
    Numeric,
    /// <summary>Only the categorical column and class-target summaries (CategorySummary).</summary>
    Categorical,
    /// <summary>Only the correlation pairs (CorrelationPair); computes them without -Correlation.</summary>
    Correlation,
    /// <summary>Only the feature-target associations (TargetAssociation); computes them without -Correlation.</summary>
    Association,
}
