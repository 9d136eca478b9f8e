using System.Management.Automation;
using DeepStats.Core;
using DeepStats.Core.Data;
using DeepStats.Core.Statistics;

namespace DeepStats.Commands;

/// <summary>
/// <para type="synopsis">Tests whether new data has drifted from reference data (the data a model was trained on), column by column, with corrected statistics and effect sizes.</para>
/// <para type="description">Per column of the reference (and its target): numbers get the two-sample Kolmogorov-Smirnov test (D and the p-value of the Kolmogorov limit distribution), the Wasserstein distance in reference sd units and the share of new values outside the reference's range; categories, booleans and classes get the chi-square test of homogeneity of the 2 x levels table (no continuity correction) and the Jensen-Shannon distance (base 2), and new levels are listed. Every column gets its population stability index (PSI over the reference's deciles or the levels; proportions smoothed as (count + 0.5) / (n + 0.5 bins)) and both missing rates. The p-values are adjusted across the columns by Benjamini-Hochberg. A column drifts when its adjusted p is below -Alpha AND its PSI is at least -PsiThreshold (conventionally below 0.1 no significant change, 0.1-0.25 moderate, 0.25 and above major), so a trivial shift in a million rows is significant but not an alarm, and a unit change is. The result holds one ColumnDrift per column (Columns) and the Decision in words; -FailOnDrift writes a DataDriftDetected error after it. Columns of the reference missing from the data, or of another kind, are one SchemaMismatch error. In Pester: $data | Should -HaveNoDataDrift -Reference $train.</para>
/// </summary>
/// <example><code>$ref = Import-Dataset ./penguins.csv -Target species; Test-DataDrift -Reference $ref -Data $ref</code><para>No drift: the data against itself.</para></example>
/// <example><code>$ref = Import-Dataset ./penguins.csv -Target species; $rows = Import-Csv ./penguins.csv; $rows | Where-Object body_mass_g -ne 'NA' | ForEach-Object { $_.body_mass_g = [string]([double]$_.body_mass_g / 1000) }; $kg = $rows | ConvertTo-Dataset -Schema $ref; (Test-DataDrift -Reference $ref -Data $kg).Columns | Format-Table Column, Test, PValue, AdjustedPValue, Psi, Distance, Drifted</code><para>body_mass_g written in kilograms: the one drifted column.</para></example>
[Cmdlet(VerbsDiagnostic.Test, "DataDrift")]
[OutputType(typeof(DriftReport))]
public sealed class TestDataDriftCommand : DeepStatsCmdlet
{
    /// <summary><para type="description">The new data (from the pipeline), raw as imported.</para></summary>
    [Parameter(Mandatory = true, Position = 1, ValueFromPipeline = true)]
    public Dataset Data { get; set; } = null!;

    /// <summary><para type="description">The reference data: the data the production model was trained on, raw as imported.</para></summary>
    [Parameter(Mandatory = true, Position = 0)]
    public Dataset Reference { get; set; } = null!;

    /// <summary><para type="description">Significance level for the Benjamini-Hochberg adjusted p-values.</para></summary>
    [Parameter] [ValidateRange(1e-6, 0.5)] public double Alpha { get; set; } = DataDrift.DefaultAlpha;

    /// <summary><para type="description">The smallest PSI that counts as drift (0.1: moderate change on the conventional reading; 0.25: major).</para></summary>
    [Parameter] [ValidateRange(0.0, 100.0)] public double PsiThreshold { get; set; } = DataDrift.DefaultPsiThreshold;

    /// <summary><para type="description">Writes a DataDriftDetected error after the report when a column drifted (add -ErrorAction Stop to stop a job there).</para></summary>
    [Parameter] public SwitchParameter FailOnDrift { get; set; }

    protected override void ProcessRecord()
    {
        var report = Run(() => DataDrift.Compare(Reference, Data, Alpha, PsiThreshold));
        foreach (var c in report.Columns) WriteVerbose(c.Explanation);
        WriteObject(report);
        if (FailOnDrift && report.Drifted)
            WriteError(new ErrorRecord(new InvalidOperationException(report.Decision), ErrorIds.DataDriftDetected, ErrorCategory.InvalidResult, report));
    }
}
