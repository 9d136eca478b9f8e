namespace DeepStats.Core.Preprocessing;

/// <summary>How an <c>Imputer</c> fills a missing value.</summary>
public enum ImputeStrategy
{
    /// <summary>The column mean (numeric columns); categorical and boolean columns get their most frequent level.</summary>
    Mean,
    /// <summary>The column median (numeric columns); categorical and boolean columns get their most frequent level.</summary>
    Median,
    /// <summary>The most frequent value (ties: the smallest number, or the first level in level order).</summary>
    MostFrequent,
    /// <summary>A constant given by the user (a number for numeric columns, a level for categorical ones).</summary>
    Constant,
}
