using DeepStats.Core.Evaluation;
using Xunit;

namespace DeepStats.Core.Tests;

public class RegressionReportTests
{
    [Fact]
    public void MetricsByHand()
    {
        // actual 1 2 3 4, predicted 2 2 2 6: errors 1 0 -1 2
        var r = RegressionReport.From(PredictionSets.Values(new double[] { 1, 2, 3, 4 }, new double[] { 2, 2, 2, 6 }));
        Assert.Equal(4, r.Count);
        Assert.Equal(1.0, r.Mae, 12);                        // (1+0+1+2)/4
        Assert.Equal(Math.Sqrt(6.0 / 4), r.Rmse, 12);        // sqrt((1+0+1+4)/4)
        Assert.Equal(0.5, r.Bias, 12);                       // (1+0-1+2)/4
        Assert.Equal(1 - 6.0 / 5.0, r.RSquared, 12);         // SST = 2.25+0.25+0.25+2.25 = 5
        // bias CI: mean 0.5, sample sd of (1,0,-1,2) = sqrt(5/3), t(0.975, 3) = 3.182446305284263
        double half = 3.182446305284263 * Math.Sqrt(5.0 / 3 / 4);
        Assert.Equal(0.5 - half, r.BiasLower, 9);
        Assert.Equal(0.5 + half, r.BiasUpper, 9);
    }
}
