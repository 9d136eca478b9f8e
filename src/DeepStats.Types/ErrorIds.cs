namespace DeepStats.Core;

/// <summary>
/// The catalogue of stable error ids: every <c>DeepStatsException</c> and every ErrorRecord the
/// module writes takes its id from here, one meaning per id. Scripts and tests rely on them
/// (<c>FullyQualifiedErrorId</c>), so an id is never renamed or reused for another meaning.
/// </summary>
public static class ErrorIds
{
    /// <summary>Export-Chart / Export-ModelReport got an object it cannot draw, or a chart kind that does not fit the object (e.g. ROC of a numeric target).</summary>
    public const string ChartNotApplicable = nameof(ChartNotApplicable);
    /// <summary>Export-Chart's -Path has an extension other than .png or .svg.</summary>
    public const string UnsupportedChartFormat = nameof(UnsupportedChartFormat);
    /// <summary>A chart or report file exists and -NoClobber was given.</summary>
    public const string ChartFileExists = nameof(ChartFileExists);
    /// <summary>The folder a chart or report is to be written to does not exist.</summary>
    public const string OutputFolderNotFound = nameof(OutputFolderNotFound);
}
