using System.Management.Automation;
using DeepStats.Core;
using DeepStats.Core.Data;
using DeepStats.Core.Statistics;

namespace DeepStats.Commands;

/// <summary>
/// <para type="synopsis">Describes every column of a dataset or of pipeline objects: counts, moments with a confidence interval, quantiles, shape, outliers, a normality test, level counts and, with -Correlation, correlations and feature-target association.</para>
/// <para type="description">For each numeric column: count, missing, distinct values, mean with its standard error and Student t confidence interval (-ConfidenceLevel), sample variance and standard deviation (divisor n - 1), min, Q1, median, Q3, max and IQR (Hyndman-Fan type 7, the numpy/pandas default), skewness and excess kurtosis (bias-corrected G1/G2 as pandas; population g1/g2 also given), coefficient of variation, the number of values outside the Tukey fences, and a normality test (Shapiro-Wilk for 3 to 5,000 values, D'Agostino-Pearson K2 beyond) with its p-value. For each categorical column and for the target: counts and proportions per level, mode, entropy in bits, imbalance ratio and the majority-class baseline accuracy with its Wilson interval. Every object states its conventions in properties (VarianceDdof, QuantileMethod, SkewnessMethod, ...).</para>
/// <para type="description">Missing values are counted and excluded. A statistic is NaN only where it is mathematically undefined (for example the skewness of a constant column, or everything but the counts of an all-missing column); the cmdlet then writes a warning naming the statistic, the column and the reason, and the object's Undefined property lists them.</para>
/// <para type="description">Input is a Dataset (Import-Dataset) or any objects (Import-Csv): properties whose values are all numbers, or text that parses as a number in the invariant culture, become numeric columns, the others categorical; empty, null and NA are missing. -Target names the target column (needed for plain objects; for a dataset imported without a target it chooses one). Columns are processed in parallel with numerically stable algorithms (compensated sums, corrected two-pass moments; ANOVA in exact decimal shifts), checked against the NIST StRD certified values.</para>
/// <para type="description">With -Correlation the cmdlet also writes Pearson and Spearman correlations with p-values (one CorrelationPair object per pair of numeric columns, pairwise complete) and, when there is a target, one TargetAssociation per numeric feature: one-way ANOVA F and p for a class target, Pearson r for a numeric target.</para>
/// <para type="description">-As writes one type of result only (Numeric, Categorical, Correlation or Association), so the output can be exported with Export-Csv without losing columns (Export-Csv takes its columns from the first object). Undefined correlations are reported once per column (a constant column), not once per pair.</para>
/// <para type="description">-Path computes the statistics of a CSV file without keeping its table: the columns are read with Import-Dataset's parsing and typing rules, as many at a time as fit in a quarter of the memory this process may use, at most 1 GiB (-Verbose says how many passes), and each group is summarised and let go, so files larger than memory get statistics too. The numbers are those of Import-Dataset | Get-DatasetStatistics. Correlations need the columns together: import the file for them. With several files (several paths or a wildcard) a bad file is a non-terminating error naming it and the other files are still described.</para>
/// </summary>
/// <example><code>Import-Dataset -Sample Penguins | Get-DatasetStatistics</code><para>Summarises the penguin measurements and the species target.</para></example>
/// <example><code>Import-Csv ./penguins.csv | Get-DatasetStatistics -Target species -Correlation</code><para>Describes plain objects from Import-Csv, with correlations and the association of each feature with the species.</para></example>
/// <example><code>Import-Dataset -Sample Penguins | Get-DatasetStatistics -ConfidenceLevel 0.99 | Select-Object Column, Mean, MeanLower, MeanUpper, NormalityPValue</code><para>Means with 99% t intervals and the normality p-values.</para></example>
/// <example><code>Import-Dataset -Sample Penguins | Get-DatasetStatistics | Where-Object Missing -gt 0</code><para>Lists the columns that have missing values.</para></example>
/// <example><code>$csv = Join-Path ([IO.Path]::GetTempPath()) 'penguin-correlations.csv'; Import-Dataset -Sample Penguins | Get-DatasetStatistics -As Correlation | Export-Csv -Path $csv -NoTypeInformation</code><para>Exports the Pearson and Spearman correlations, one row per pair, with all their columns.</para></example>
/// <example><code>Get-DatasetStatistics -Path (Join-Path (Split-Path (Get-Module DeepStats).Path) 'data/penguins/penguins.csv') -Verbose</code><para>Describes a CSV file column by column without keeping it in memory.</para></example>
[Cmdlet(VerbsCommon.Get, "DatasetStatistics", DefaultParameterSetName = "Dataset")]
[OutputType(typeof(NumericSummary), typeof(CategorySummary), typeof(CorrelationPair), typeof(TargetAssociation))]
public sealed class GetDatasetStatisticsCommand : DeepStatsCmdlet
{
    private readonly List<PSObject> _objects = new();
    private readonly List<Dataset> _datasets = new();

    /// <summary><para type="description">The dataset to describe, or any objects (such as Import-Csv rows) whose properties become columns.</para></summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ParameterSetName = "Dataset")]
    public PSObject Data { get; set; } = null!;

    /// <summary><para type="description">A CSV file (wildcards allowed) to describe without keeping its table in memory.</para></summary>
    [Parameter(Mandatory = true, ParameterSetName = "Path")]
    [ValidateNotNullOrEmpty]
    public string[] Path { get; set; } = Array.Empty<string>();

    /// <summary><para type="description">A CSV file to describe without keeping its table, its path used exactly as written.</para></summary>
    [Parameter(Mandatory = true, ParameterSetName = "LiteralPath")]
    [Alias("PSPath", "LP")]
    [ValidateNotNullOrEmpty]
    public string[] LiteralPath { get; set; } = Array.Empty<string>();

    /// <summary><para type="description">-Path: the field separator, as Import-Dataset's (detected when omitted).</para></summary>
    [Parameter(ParameterSetName = "Path")]
    [Parameter(ParameterSetName = "LiteralPath")]
    public char? Delimiter { get; set; }

    /// <summary><para type="description">-Path: the text encoding, as Import-Dataset's (for example latin1).</para></summary>
    [Parameter(ParameterSetName = "Path")]
    [Parameter(ParameterSetName = "LiteralPath")]
    public string? Encoding { get; set; }

    /// <summary><para type="description">-Path: the culture of the numbers, as Import-Dataset's.</para></summary>
    [Parameter(ParameterSetName = "Path")]
    [Parameter(ParameterSetName = "LiteralPath")]
    public System.Globalization.CultureInfo? Culture { get; set; }

    /// <summary><para type="description">Writes one kind of result only, so it exports without losing columns: Numeric, Categorical, Correlation (computes the correlations without -Correlation) or Association. Default All.</para></summary>
    [Parameter]
    public StatisticsOutput As { get; set; } = StatisticsOutput.All;

    /// <summary><para type="description">Confidence level of the t interval of each mean and the Wilson interval of the baseline accuracy, strictly between 0 and 1 (InvalidConfidenceLevel otherwise). Default 0.95.</para></summary>
    [Parameter]
    public double ConfidenceLevel { get; set; } = 0.95;

    /// <summary><para type="description">Also write Pearson and Spearman correlations (with p-values) of every pair of numeric columns and the association of each numeric feature with the target (ANOVA F for a class target, Pearson r for a numeric one).</para></summary>
    [Parameter(ParameterSetName = "Dataset")]
    public SwitchParameter Correlation { get; set; }

    /// <summary><para type="description">The name of the target column: required to have a target with plain objects; with a dataset imported without a target it selects one (a numeric column gives a numeric target).</para></summary>
    [Parameter]
    public string? Target { get; set; }

    protected override void ProcessRecord()
    {
        if (ParameterSetName != "Dataset")
        {
            if (As is StatisticsOutput.Correlation or StatisticsOutput.Association)
                Fail(ErrorIds.CorrelationNeedsDataset, ErrorCategory.InvalidArgument,
                    "Correlations and associations need the columns together: import the file (Import-Dataset) and pipe the dataset instead of -Path.", As);
            var csv = new CsvImportOptions
            {
                Delimiter = Delimiter, Culture = Culture, Encoding = Encoding is null ? null : EncodingArgument.Parse(Encoding),
                Log = WriteVerbose, Warn = WriteWarning,
            };
            // one bad file among many is a non-terminating error, the others are still described (DeepStatsCmdlet.ForEachFile)
            ForEachFile(ParameterSetName == "Path" ? Path : null, ParameterSetName == "LiteralPath" ? LiteralPath : null,
                file => Emit(Run(() => DatasetStatistics.ComputeFile(file, csv, ConfidenceLevel, Target, log: WriteVerbose))));
            return;
        }
        if (Data?.BaseObject is Dataset ds) _datasets.Add(ds);
        else if (Data is not null) _objects.Add(Data);
    }

    protected override void EndProcessing()
    {
        if (_objects.Count > 0 && _datasets.Count > 0)
            Fail(ErrorIds.MixedInput, ErrorCategory.InvalidArgument,
                "The input mixes Dataset objects with other objects; pass either datasets or plain objects.", Data);
        if (ParameterSetName != "Dataset") return;
        var options = new StatisticsOptions
        {
            ConfidenceLevel = ConfidenceLevel, Target = Target,
            Correlation = Correlation || As is StatisticsOutput.Correlation or StatisticsOutput.Association,
        };
        foreach (var ds in _datasets) Describe(ds, options);
        if (_objects.Count > 0) Describe(Run(BuildFromObjects), options);
    }

    private Dataset BuildFromObjects()
    {
        var columns = _objects[0].Properties.Select(p => p.Name).ToList();
        var rows = _objects.Select(o =>
        {
            var row = new object?[columns.Count];
            for (int j = 0; j < columns.Count; j++)
            {
                var v = o.Properties[columns[j]]?.Value;
                row[j] = v is PSObject pso ? pso.BaseObject : v;
            }
            return row;
        });
        // The target is chosen by DatasetStatistics (it may be numeric), so it stays a column here.
        return ObjectDatasetBuilder.Build("pipeline", columns, rows);
    }

    private void Describe(Dataset data, StatisticsOptions options) => Emit(Run(() => DatasetStatistics.Compute(data, options)));

    private void Emit(DatasetStatisticsResult result)
    {
        bool all = As == StatisticsOutput.All;
        // one warning per column (issue 24): what is undefined about it, gathered from every output, then the objects
        var columns = new ColumnWarnings();
        var other = new List<string>();
        var output = new List<object>();
        if (all || As == StatisticsOutput.Numeric)
            foreach (var s in result.Numeric)
            {
                foreach (var u in s.Undefined) columns.Add(s.Column, u);
                output.Add(s);
            }
        if (all || As == StatisticsOutput.Categorical)
            foreach (var s in result.Categorical)
            {
                foreach (var u in s.Undefined) columns.Add(s.Column, u);
                output.Add(s);
            }
        if (all || As == StatisticsOutput.Correlation)
        {
            // a constant column makes every pair with it undefined: said once for the column, not once per pair
            other.AddRange(CorrelationWarnings.For(result.Correlations, result.Numeric, columns));
            foreach (var m in result.Correlations)
                foreach (var p in m.Pairs()) output.Add(p);
        }
        if (all || As == StatisticsOutput.Association)
            foreach (var a in result.Associations)
            {
                foreach (var u in a.Undefined) columns.Add(a.Column, $"its association with '{a.Target}': {u}");
                output.Add(a);
            }
        foreach (var w in columns.Messages()) WriteWarning(w);
        foreach (var w in other) WriteWarning(w);
        foreach (var o in output) WriteObject(o);
    }
}
