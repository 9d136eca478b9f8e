using System.IO.Compression;
using DeepStats.Core.Data;
using Xunit;

namespace DeepStats.Core.Tests;

public class IdxReaderTests
{
    private static string WriteIdx(byte type, int[] dims, byte[] data, bool gzip, string name)
    {
        var dir = Path.Combine(Path.GetTempPath(), "deepstats-idx-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        var path = Path.Combine(dir, name);
        using var fs = File.Create(path);
        using Stream s = gzip ? new GZipStream(fs, CompressionLevel.Fastest) : fs;
        s.Write(new byte[] { 0, 0, type, (byte)dims.Length });
        foreach (var d in dims) s.Write(new[] { (byte)(d >> 24), (byte)(d >> 16), (byte)(d >> 8), (byte)d });
        s.Write(data);
        return path;
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ReadsImagesAndTheirLabelFileBeside(bool gzip)
    {
        // two 2x3 images: 0..5 and 6..11
        var images = WriteIdx(8, new[] { 2, 2, 3 }, Enumerable.Range(0, 12).Select(i => (byte)i).ToArray(), gzip, "x-images-idx3-ubyte" + (gzip ? ".gz" : ""));
        var labelsPath = Path.Combine(Path.GetDirectoryName(images)!, "x-labels-idx1-ubyte" + (gzip ? ".gz" : ""));
        File.Move(WriteIdx(8, new[] { 2 }, new byte[] { 1, 0 }, gzip, "tmp"), labelsPath);
        Assert.True(IdxReader.LooksLikeIdx(images));
        Assert.Equal(labelsPath, IdxReader.FindLabelFile(images));
        var ds = IdxReader.Read(images, labelsPath);
        Assert.Equal(DatasetKind.Image, ds.Kind);
        Assert.Equal(2, ds.RowCount);
        Assert.Equal(new[] { 1, 2, 3 }, ds.InputShape);
        Assert.Equal(Enumerable.Range(0, 12).Select(i => (float)i), ds.Images!.Pixels);
        Assert.Equal(new[] { "0", "1" }, ds.Target!.Classes);
        Assert.Equal(new[] { 1, 0 }, ds.Target.Labels);
    }

    [Fact]
    public void TruncatedFileIsAnErrorThatCountsTheValues()
    {
        var images = WriteIdx(8, new[] { 3, 2, 2 }, new byte[5], false, "t-images-idx3-ubyte");
        var e = Assert.Throws<DeepStatsException>(() => IdxReader.Read(images, null));
        Assert.Equal("IdxTruncated", e.ErrorId);
        Assert.Contains("12", e.Message);
        Assert.Contains("only 5", e.Message);
    }

    [Fact]
    public void LabelCountMustMatchImageCount()
    {
        var images = WriteIdx(8, new[] { 2, 1, 1 }, new byte[2], false, "a-images-idx3-ubyte");
        var labels = WriteIdx(8, new[] { 3 }, new byte[3], false, "a-labels-idx1-ubyte");
        Assert.Equal("IdxCountMismatch", Assert.Throws<DeepStatsException>(() => IdxReader.Read(images, labels)).ErrorId);
    }

    [Fact]
    public void FashionMnistSampleSlice()
    {
        var train = SampleData.Load(SampleName.FashionMnist);
        var test = SampleData.Load(SampleName.FashionMnist, SampleSubset.Test);
        Assert.Equal(2000, train.RowCount);
        Assert.Equal(500, test.RowCount);
        Assert.Equal(new[] { 1, 28, 28 }, train.InputShape);
        Assert.Equal(IdxReader.FashionMnistClasses, train.Target!.Classes);
        Assert.All(train.Target.ClassCounts(), c => Assert.InRange(c, 150, 250));
        Assert.InRange(train.Images!.Pixels.Max(), 250f, 255f);
    }
}
