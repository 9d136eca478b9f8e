using System.Globalization;

namespace DeepStats.Core.Reporting;

/// <summary>Numbers as people read them in charts, logs and the report: about four significant digits, no exponent in the everyday range.</summary>
public static class NumberText
{
    /// <summary>"78,310", "289.4", "0.06175", "1.2E-05"; "n/a" for NaN. Invariant culture.</summary>
    public static string Of(double v)
    {
        var c = CultureInfo.InvariantCulture;
        if (double.IsNaN(v)) return "n/a";
        if (double.IsInfinity(v)) return v > 0 ? "∞" : "-∞";
        double a = Math.Abs(v);
        if (a == 0) return "0";
        if (a >= 1e12 || a < 1e-4) return v.ToString("G3", c);
        if (a >= 1000) return v.ToString("N0", c);
        // four significant digits without an exponent
        int decimals = Math.Clamp(3 - (int)Math.Floor(Math.Log10(a)), 0, 8);
        return Math.Round(v, decimals).ToString("0." + new string('#', Math.Max(decimals, 1)), c);
    }
}
