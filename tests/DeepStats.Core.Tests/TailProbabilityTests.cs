using System.Globalization;
using DeepStats.Core.Data;
using DeepStats.Core.Evaluation;
using DeepStats.Core.Statistics;
using Xunit;

namespace DeepStats.Core.Tests;

/// <summary>
/// Tail probabilities (every p-value of DeepStats) against scipy 1.10.1 and mpmath at 60 digits, computed by hand with
/// Debian's /usr/bin/python3 (the reference script is pasted below), and the issue-17 cases through the public entry points.
/// </summary>
public class TailProbabilityTests
{
    // kind, a, b, c, exact (mpmath, 0 = below 1e-300), scipy. F: (f, d1, d2) -> f.sf; T: (t, df) -> 2 t.sf; N: z -> 2 norm.sf;
    // C: (x, df) -> chi2.sf; B: (k, n) -> binom.cdf(k, n, 0.5). Produced by:
    //   import mpmath as mp; from scipy import stats; mp.mp.dps = 60
    //   F: mp.betainc(d2/2, d1/2, 0, d2/(d2 + d1 f), regularized=True), stats.f.sf(f, d1, d2)
    //   T: mp.betainc(df/2, 1/2, 0, df/(df + t²), regularized=True), 2 * stats.t.sf(t, df)
    //   N: mp.erfc(z / mp.sqrt(2)), 2 * stats.norm.sf(z)
    //   C: mp.gammainc(df/2, x/2, mp.inf, regularized=True), stats.chi2.sf(x, df)
    //   B: mp.fsum(mp.binomial(n, i) for i in range(k + 1)) / 2**n, stats.binom.cdf(k, n, 0.5)
    public static TheoryData<string, double, double, double, double, double> Table => new()
    {
        { "F", 3.0, 2.0, 10.0, 0.095367431640625, 0.095367431640625 }, // exact 0.095367431640625
        { "F", 0.5, 4.0, 30.0, 0.7358865362670385, 0.7358865362670385 }, // exact 0.73588653626703845
        { "F", 50.0, 3.0, 100.0, 7.944424679087572e-20, 7.944424679087594e-20 }, // exact 7.9444246790875726e-20
        { "F", 200.0, 1.0, 440.0, 1.0725090919616175e-37, 1.0725090919614714e-37 }, // exact 1.0725090919616174e-37
        { "F", 1000.0, 1.0, 1000.0, 1.0887202471751544e-152, 1.088720247174816e-152 }, // exact 1.0887202471751543e-152
        { "F", 40.0, 4.0, 2000.0, 2.829661576217174e-32, 2.8296615762197357e-32 }, // exact 2.8296615762171741e-32
        { "F", 5.0, 1.0, 1000000.0, 0.02534753835246908, 0.025347538356794815 }, // exact 0.025347538352469081
        { "F", 300.0, 2.0, 1000000.0, 5.632825596568358e-131, 5.632825596428906e-131 }, // exact 5.6328255965683571e-131
        { "F", 10000.0, 5.0, 20.0, 2.9610842242961036e-33, 2.9610842242961036e-33 }, // exact 2.9610842242961035e-33
        { "F", 80.0, 10.0, 5.0, 7.007466636647797e-05, 7.007466636647797e-05 }, // exact 7.0074666366477962e-5
        { "F", 100000000.0, 1.0, 30.0, 2.072897893954813e-99, 2.072897893954811e-99 }, // exact 2.0728978939548131e-99
        { "F", 1e+250, 1.0, 3.0, 0.0, 0.0 }, // exact 2.2053155816871685e-375
        { "F", 2000.0, 2.0, 3000.0, 0.0, 0.0 }, // exact 1.0834828915763714e-552
        { "T", 0.3, 7.0, 0.0, 0.7728900504021343, 0.7728900504021343 }, // exact 0.77289005040213428
        { "T", 2.0, 10.0, 0.0, 0.07338803477074037, 0.07338803477074039 }, // exact 0.073388034770740366
        { "T", 10.0, 30.0, 0.0, 4.575251408229613e-11, 4.5752514082296097e-11 }, // exact 4.5752514082296132e-11
        { "T", 15.0, 100.0, 0.0, 2.424733988461147e-27, 2.424733988461127e-27 }, // exact 2.424733988461147e-27
        { "T", 30.0, 1000.0, 0.0, 1.5374687444043482e-141, 1.5374687444043313e-141 }, // exact 1.5374687444043482e-141
        { "T", 5.0, 1000000.0, 0.0, 5.733997870890742e-07, 5.733997870890731e-07 }, // exact 5.7339978708907416e-7
        { "T", 100.0, 5.0, 0.0, 1.8960014224623626e-09, 1.8960014224623655e-09 }, // exact 1.8960014224623627e-9
        { "T", 10000000000.0, 3.0, 0.0, 2.205315581687168e-30, 2.205315581687153e-30 }, // exact 2.2053155816871682e-30
        { "T", 1e+200, 1.0, 0.0, 6.3661977236758134e-201, 0.0 }, // exact 6.3661977236758136e-201
        { "T", 37.0, 9999.0, 0.0, 5.644892618950402e-281, 5.64489261895004e-281 }, // exact 5.6448926189504024e-281
        { "T", 8.0, 10000000.0, 0.0, 1.2443234802806785e-15, 1.244323480280669e-15 }, // exact 1.2443234802806785e-15
        { "T", 60.0, 2000.0, 0.0, 0.0, 0.0 }, // exact 1.5458301170412157e-449
        { "N", 0.5, 0.0, 0.0, 0.6170750774519738, 0.6170750774519738 }, // exact 0.61707507745197379
        { "N", 5.0, 0.0, 0.0, 5.733031437583878e-07, 5.733031437583866e-07 }, // exact 5.7330314375838782e-7
        { "N", 10.0, 0.0, 0.0, 1.523970604832105e-23, 1.523970604832094e-23 }, // exact 1.5239706048321052e-23
        { "N", 20.0, 0.0, 0.0, 5.5072482372124675e-89, 5.507248237212311e-89 }, // exact 5.5072482372124674e-89
        { "N", 30.0, 0.0, 0.0, 9.813427854296374e-198, 9.813427854295816e-198 }, // exact 9.8134278542963741e-198
        { "N", 37.0, 0.0, 0.0, 1.1451142445049154e-299, 1.1451142445047853e-299 }, // exact 1.1451142445049154e-299
        { "N", 38.0, 0.0, 0.0, 0.0, 0.0 }, // exact 5.7708567201375686e-316
        { "C", 1.0, 2.0, 0.0, 0.6065306597126334, 0.6065306597126334 }, // exact 0.60653065971263342
        { "C", 10.0, 2.0, 0.0, 0.006737946999085467, 0.006737946999085468 }, // exact 0.0067379469990854671
        { "C", 100.0, 2.0, 0.0, 1.9287498479639178e-22, 1.9287498479639183e-22 }, // exact 1.9287498479639178e-22
        { "C", 1300.0, 2.0, 0.0, 5.111951948651156e-283, 5.111951948651156e-283 }, // exact 5.1119519486511562e-283
        { "C", 50.0, 10.0, 0.0, 2.6690834249044957e-07, 2.669083424904495e-07 }, // exact 2.6690834249044956e-7
        { "C", 500.0, 30.0, 0.0, 1.2079559936813976e-86, 1.2079559936814051e-86 }, // exact 1.2079559936813977e-86
        { "C", 120000.0, 100000.0, 0.0, 0.0, 0.0 }, // exact 1.1684697671564152e-386
        { "C", 2000.0, 100.0, 0.0, 0.0, 0.0 }, // exact 8.7742344421451433e-351
        { "B", 1.0, 10.0, 0.0, 0.0107421875, 0.0107421875 }, // exact 0.0107421875
        { "B", 20.0, 100.0, 0.0, 5.579544528625976e-10, 5.579544528625976e-10 }, // exact 5.5795445286259761e-10
        { "B", 0.0, 900.0, 0.0, 1.1830521861667747e-271, 1.1830521861667747e-271 }, // exact 1.1830521861667747e-271
        { "B", 400.0, 1000.0, 0.0, 1.3642320780330092e-10, 1.364232078032988e-10 }, // exact 1.3642320780330092e-10
        { "B", 4900.0, 10000.0, 0.0, 0.023292763852473693, 0.023292763852473617 }, // exact 0.023292763852473694
        { "B", 0.0, 1100.0, 0.0, 0.0, 0.0 }, // exact 7.3621518290228627e-332
    };

    private static double Ours(string kind, double a, double b, double c) => kind switch
    {
        "F" => TailProbability.FUpper(a, b, c),
        "T" => TailProbability.StudentTTwoSided(a, b),
        "N" => TailProbability.NormalTwoSided(a),
        "C" => TailProbability.ChiSquareUpper(a, b),
        _ => TailProbability.BinomialLower((int)a, (int)b, 0.5),
    };

    [Theory]
    [MemberData(nameof(Table))]
    public void MatchesScipyAndMpmathDownTo1e300AndIsABoundBelow(string kind, double a, double b, double c, double exact, double scipy)
    {
        double p = Ours(kind, a, b, c);
        if (exact == 0)
        {
            // below 1e-300: the floor, an upper bound, never 0
            Assert.Equal(TailProbability.Floor, p);
            Assert.True(TailProbability.IsBound(p));
            Assert.Equal("< 1e-300", TailProbability.Format(p));
            return;
        }
        Assert.False(TailProbability.IsBound(p));
        Assert.True(Math.Abs(p - exact) <= 1e-11 * exact, $"{kind}({a}, {b}, {c}) = {p:R}, exact {exact:R}: {Math.Abs(p - exact) / exact:E2} relative");
        if (scipy > 0) // scipy itself underflows 2 t.sf(1e200, 1) to 0
            Assert.True(Math.Abs(p - scipy) <= 1e-9 * scipy, $"{kind}({a}, {b}, {c}) = {p:R}, scipy {scipy:R}: {Math.Abs(p - scipy) / scipy:E2} relative");
    }

    [Fact]
    public void InfiniteStatisticsAndPerfectFitsAreAtTheFloorNotZero()
    {
        Assert.Equal(TailProbability.Floor, TailProbability.StudentTTwoSided(double.PositiveInfinity, 5));
        Assert.Equal(TailProbability.Floor, TailProbability.FUpper(double.PositiveInfinity, 1, 5));
        Assert.Equal(TailProbability.Floor, TailProbability.ChiSquareUpper(double.PositiveInfinity, 2));
        Assert.Equal(TailProbability.Floor, Correlation.PValue(1, 10));
        var x = Enumerable.Range(0, 10).Select(i => (double)i).ToArray();
        Assert.Equal(TailProbability.Floor, FeatureScores.FRegression(x, x.Select(v => 2 * v + 1).ToArray()).PValue);
        Assert.Equal(1, TailProbability.StudentTTwoSided(0, 5));
        Assert.Equal(1, TailProbability.FUpper(0, 2, 5));
        Assert.Equal("0.0123", TailProbability.Format(0.0123456));
    }

    // sklearn's diabetes table (datasets/data/diabetes_data_raw.csv.gz column 3, bmi; diabetes_target.csv.gz), 442 rows.
    internal const string DiabetesBmi =
        "32.1,21.6,30.5,25.3,23.0,22.6,22.0,26.2,32.1,30.0,18.6,28.0,23.7,26.2,24.0,24.7,30.3,27.5,25.4,24.7,21.1,24.3," +
        "26.0,32.0,29.7,25.2,19.2,31.9,24.4,25.8,30.5,20.3,38.0,21.7,20.5,23.5,28.5,27.4,33.0,27.7,25.6,20.1,25.4,24.2," +
        "32.7,23.1,25.3,19.6,22.5,27.7,25.7,27.9,25.5,24.9,28.7,21.8,30.2,20.5,20.4,24.0,26.0,26.8,25.7,22.9,24.0,24.1," +
        "24.7,25.0,23.6,22.1,19.9,29.5,26.0,24.5,26.6,23.5,29.0,23.0,21.0,22.9,27.5,24.3,23.1,27.3,22.7,33.0,19.4,25.8," +
        "22.6,21.9,24.0,31.2,26.8,20.4,24.8,21.0,27.3,34.6,25.9,20.4,28.0,22.2,29.0,30.2,32.4,23.4,19.3,31.0,30.6,25.5," +
        "23.4,26.8,28.3,27.7,36.6,26.5,31.8,24.4,25.4,22.0,26.8,28.0,33.9,29.6,28.6,25.6,20.7,26.2,20.6,27.9,35.3,19.9," +
        "24.4,21.4,30.4,31.6,18.8,31.0,36.7,32.1,27.7,30.8,27.5,26.9,30.7,38.3,31.9,35.0,27.8,25.9,32.9,26.0,26.3,22.3," +
        "28.3,32.0,25.4,23.3,20.3,30.4,20.6,32.3,29.2,33.1,24.6,20.2,20.8,32.8,31.9,23.9,24.5,22.1,33.0,19.0,27.3,22.8," +
        "28.2,28.9,25.6,24.9,26.8,22.4,26.9,23.1,28.6,24.7,30.3,21.3,26.1,20.2,25.2,22.5,23.5,25.9,20.9,28.7,22.1,26.7," +
        "31.4,22.2,21.0,21.2,26.5,29.2,27.0,30.7,28.8,30.6,30.1,24.7,27.7,29.8,26.7,19.8,23.3,35.1,29.7,29.3,20.3,22.5," +
        "22.7,22.8,24.0,24.2,20.2,29.4,22.1,23.6,25.2,24.9,33.0,23.5,26.4,29.8,30.0,25.0,27.0,20.0,25.5,28.2,33.3,25.6," +
        "24.2,22.1,31.4,23.1,23.4,18.8,30.8,32.0,31.6,35.5,31.9,29.5,31.6,20.3,41.3,21.2,24.1,23.0,25.6,22.5,38.2,19.2," +
        "29.0,24.0,20.6,26.3,34.6,23.4,29.2,27.2,27.0,24.5,24.1,25.3,28.8,20.9,23.0,24.1,28.1,18.0,25.9,21.5,24.3,24.5," +
        "21.3,25.8,24.8,31.5,33.5,28.1,24.3,35.0,23.5,30.0,20.7,25.6,22.9,25.1,33.2,24.1,29.5,29.6,22.8,22.7,26.2,23.5," +
        "22.1,26.5,32.4,30.1,24.2,31.3,30.1,24.5,27.7,23.2,27.0,26.8,29.2,31.2,32.1,25.7,26.9,31.4,25.6,37.0,32.6,21.2," +
        "29.2,24.0,36.1,25.8,22.0,21.9,34.3,25.2,23.3,25.7,25.1,31.9,28.4,28.1,25.3,26.1,28.0,23.6,24.5,21.0,32.0,22.6," +
        "19.7,21.2,30.6,25.5,23.3,31.0,18.5,26.9,28.3,25.7,36.1,24.1,25.8,22.8,39.1,42.2,26.6,29.9,21.0,25.5,24.2,25.4," +
        "23.2,26.1,32.7,27.3,26.6,22.8,28.8,18.1,32.0,23.7,23.6,24.6,22.6,27.8,24.1,26.5,32.8,19.9,23.6,22.1,28.1,26.5," +
        "23.5,26.0,27.8,28.5,30.6,22.2,23.3,35.4,31.4,37.8,18.9,35.0,21.7,25.3,23.8,31.8,34.3,26.3,27.0,27.2,33.8,33.0," +
        "24.1,21.3,23.0,27.9,33.6,22.7,27.4,22.6,23.2,26.9,34.6,23.3,21.1,23.5,31.5,20.8,26.5,24.2,19.5,28.2,24.9,24.9," +
        "30.0,19.6";
    internal const string DiabetesTarget =
        "151,75,141,206,135,97,138,63,110,310,101,69,179,185,118,171,166,144,97,168,68,49,68,245,184,202,137,85,131," +
        "283,129,59,341,87,65,102,265,276,252,90,100,55,61,92,259,53,190,142,75,142,155,225,59,104,182,128,52,37,170," +
        "170,61,144,52,128,71,163,150,97,160,178,48,270,202,111,85,42,170,200,252,113,143,51,52,210,65,141,55,134,42," +
        "111,98,164,48,96,90,162,150,279,92,83,128,102,302,198,95,53,134,144,232,81,104,59,246,297,258,229,275,281,179," +
        "200,200,173,180,84,121,161,99,109,115,268,274,158,107,83,103,272,85,280,336,281,118,317,235,60,174,259,178," +
        "128,96,126,288,88,292,71,197,186,25,84,96,195,53,217,172,131,214,59,70,220,268,152,47,74,295,101,151,127,237," +
        "225,81,151,107,64,138,185,265,101,137,143,141,79,292,178,91,116,86,122,72,129,142,90,158,39,196,222,277,99," +
        "196,202,155,77,191,70,73,49,65,263,248,296,214,185,78,93,252,150,77,208,77,108,160,53,220,154,259,90,246,124," +
        "67,72,257,262,275,177,71,47,187,125,78,51,258,215,303,243,91,150,310,153,346,63,89,50,39,103,308,116,145,74," +
        "45,115,264,87,202,127,182,241,66,94,283,64,102,200,265,94,230,181,156,233,60,219,80,68,332,248,84,200,55,85," +
        "89,31,129,83,275,65,198,236,253,124,44,172,114,142,109,180,144,163,147,97,220,190,109,191,122,230,242,248,249," +
        "192,131,237,78,135,244,199,270,164,72,96,306,91,214,95,216,263,178,113,200,139,139,88,148,88,243,71,77,109," +
        "272,60,54,221,90,311,281,182,321,58,262,206,233,242,123,167,63,197,71,168,140,217,121,235,245,40,52,104,132," +
        "88,69,219,72,201,110,51,277,63,118,69,273,258,43,198,242,232,175,93,168,275,293,281,72,140,189,181,209,136," +
        "261,113,131,174,257,55,84,42,146,212,233,91,111,152,120,67,310,94,183,66,173,72,49,64,48,178,104,132,220,57";

    internal static double[] Parse(string s) => s.Split(',').Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray();

    [Fact]
    public void FRegressionOfDiabetesBmiIs3_47e42()
    {
        // Exact, from the decimal text by rational arithmetic (Python fractions): r² = Sxy²/(Sxx Syy), F = r²/(1 - r²) (n - 2)
        // = 230.65376449412668553; p = I_{440/(440 + F)}(220, 1/2) by mpmath = 3.4660064451674122782e-42.
        // sklearn.feature_selection.f_regression on the float64 columns: F 230.65376449412466, p 3.46600644516921e-42
        // (statsmodels OLS: F 230.6537644941262, p 3.466006445167437e-42). Before issue 17: p = 0 (1 - CDF).
        var (f, p, n) = FeatureScores.FRegression(Parse(DiabetesBmi), Parse(DiabetesTarget));
        Assert.Equal(442, n);
        Assert.True(Math.Abs(f - 230.65376449412668553) <= 1e-12 * 230.65, $"F = {f:R}");
        Assert.True(Math.Abs(p - 3.4660064451674122782e-42) <= 1e-9 * 3.466e-42, $"p = {p:R}");
        Assert.True(Math.Abs(p - 3.46600644516921e-42) <= 1e-9 * 3.466e-42, $"p = {p:R} vs sklearn");
    }

    [Fact]
    public void PairedTOfCompareModelKeeps1e37()
    {
        // truth 0, reference errors 2 + 0.1 (i mod 7), new errors 1 + 0.1 (3i mod 5), i < 60; d = e_new² - e_ref².
        // scipy.stats.ttest_1samp(d, 0): t = -30.34085143474968, p = 1.0772876646020522e-37 (mpmath on that t: 1.0772876646020571e-37).
        // Before issue 17: p = 0 (2 (1 - CDF)).
        int n = 60;
        PredictionSet Reg(Func<int, double> e) => new()
        {
            Kind = TargetKind.Regression,
            RowIds = Enumerable.Range(1, n).Select(i => i.ToString(CultureInfo.InvariantCulture)).ToArray(),
            TruthValues = new double[n],
            PredictedValues = Enumerable.Range(0, n).Select(e).ToArray(),
        };
        var cmp = ModelComparer.Compare(Reg(i => 2 + 0.1 * (i % 7)), Reg(i => 1 + 0.1 * (3 * i % 5)));
        Assert.Equal(-30.34085143474968, cmp.Statistic, 1e-10);
        Assert.True(Math.Abs(cmp.PValue - 1.0772876646020522e-37) <= 1e-9 * 1.0772876646020522e-37, $"p = {cmp.PValue:R}");
        Assert.Contains("p = 1.08E-37", cmp.Explanation);
    }

    [Fact]
    public void AnovaBetween1e10And1e7KeepsItsDigits()
    {
        // groups 10 + 0.5 (7i mod 11), 12 + 0.5 (5i mod 11), 14 + 0.5 (3i mod 11), i < 20.
        // scipy.stats.f_oneway: F = 28.96363782308556, p = 2.091099501792266e-09 (mpmath on that F: 2.0910995017922667e-9).
        var values = new List<double>();
        var groups = new List<int>();
        for (int g = 0; g < 3; g++)
            for (int i = 0; i < 20; i++)
            {
                values.Add(10 + 2 * g + 0.5 * ((new[] { 7, 5, 3 }[g] * i) % 11));
                groups.Add(g);
            }
        var a = OneWayAnova.Compute(values.ToArray(), groups.ToArray(), 3);
        Assert.Equal(28.96363782308556, a.F, 1e-11);
        Assert.True(Math.Abs(a.PValue - 2.091099501792266e-09) <= 1e-9 * 2.091099501792266e-09, $"p = {a.PValue:R}");
    }

    [Fact]
    public void ComparisonsBelow1e300SayTheBound()
    {
        // errors 2 + 1e-6 (i mod 2) against 1: t ~ -1e7 with 99 df, p far below 1e-300
        int n = 100;
        PredictionSet Reg(Func<int, double> e) => new()
        {
            Kind = TargetKind.Regression,
            RowIds = Enumerable.Range(1, n).Select(i => i.ToString(CultureInfo.InvariantCulture)).ToArray(),
            TruthValues = new double[n],
            PredictedValues = Enumerable.Range(0, n).Select(e).ToArray(),
        };
        var cmp = ModelComparer.Compare(Reg(i => 2 + 1e-6 * (i % 2)), Reg(_ => 1));
        Assert.Equal(TailProbability.Floor, cmp.PValue);
        Assert.Contains("p = < 1e-300", cmp.Explanation);
        Assert.Contains("p = < 1e-300", cmp.ToString());
        Assert.Equal(ComparisonDecision.Better, cmp.Decision);
        // McNemar with 1100 discordant rows all won by the new model: 2 / 2^1100 = 1.5e-331
        Assert.Equal(TailProbability.Floor, ModelComparer.McNemarExactP(0, 1100));
        Assert.Equal(2 * 1.1830521861667747e-271, ModelComparer.McNemarExactP(0, 900), 1e-11 * 2.4e-271);
    }
}
