using DeepStats.Core.Data;
using DeepStats.Core.Training;
using Xunit;

namespace DeepStats.Core.Tests;

public class EncodingTensorTests
{
    [Fact]
    public void BooleanIsOneInputIndexIsOneInputOneHotIsOnePerLevel()
    {
        var data = Dataset.Tabular("e", "test", new DataColumn[]
        {
            new NumericColumn("x", new[] { 0.5, 1.5 }),
            new BooleanColumn("flag", new[] { 1, 0 }),
            new CategoricalColumn("idx", new[] { 2, 0 }, new[] { "a", "b", "c" }, CategoryEncoding.Index),
            new CategoricalColumn("hot", new[] { 1, 0 }, new[] { "p", "q" }),
        }, null);
        Assert.Equal(1 + 1 + 1 + 2, data.FeatureCount);
        using var t = TensorFactory.Features(data);
        Assert.Equal(new long[] { 2, 5 }, t.shape);
        var v = t.data<float>().ToArray();
        Assert.Equal(new float[] { 0.5f, 1, 2, 0, 1, 1.5f, 0, 0, 1, 0 }, v);
    }

    [Fact]
    public void ValuesBeyondFloat32AreAnErrorNotInfinity()
    {
        var data = Dataset.Tabular("e", "test", new DataColumn[] { new NumericColumn("x", new[] { 1.0, 1e40 }) }, null);
        var e = Assert.Throws<DeepStatsException>(() => TensorFactory.Features(data));
        Assert.Equal("ValueOverflowsFloat32", e.ErrorId);
        Assert.Contains("row 2", e.Message);
    }
}
