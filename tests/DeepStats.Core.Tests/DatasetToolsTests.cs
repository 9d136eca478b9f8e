using DeepStats.Core.Data;
using DeepStats.Core.Preprocessing;
using StbImageWriteSharp;
using Xunit;

namespace DeepStats.Core.Tests;

public class DatasetToolsTests
{
    private static Dataset Table(int n, int classes = 2)
    {
        var x = Enumerable.Range(0, n).Select(i => (double)i).ToArray();
        var g = Enumerable.Range(0, n).Select(i => i / 4).ToArray(); // groups of 4 rows
        var labels = Enumerable.Range(0, n).Select(i => i % 5 == 0 ? 1 : 0).ToArray(); // 20% class 1
        return Dataset.Tabular("t", "test", new DataColumn[]
        {
            new NumericColumn("x", x),
            new CategoricalColumn("g", g, Enumerable.Range(0, (n + 3) / 4).Select(i => "g" + i).ToArray()),
        }, new TargetColumn("y", labels, new[] { "a", "b" }));
    }

    [Fact]
    public void ObjectRowsFollowTheCsvTypingRules()
    {
        var rows = new List<object?[]>
        {
            new object?[] { 1, "1.5", "red", true, "yes" },
            new object?[] { 2.5, "NA", "blue", false, "no" },
            new object?[] { null, "", null, null, "yes" },
        };
        var ds = ObjectDatasetBuilder.Build("objs", new[] { "a", "b", "c", "d", "y" }, rows, "y");
        Assert.Equal(new[] { ColumnKind.Numeric, ColumnKind.Numeric, ColumnKind.Categorical, ColumnKind.Boolean }, ds.Columns.Select(c => c.Kind));
        Assert.Equal(1, ds.Columns[0].MissingCount);
        Assert.Equal(2, ds.Columns[1].MissingCount);
        Assert.Equal(new[] { "no", "yes" }, ds.Target!.Classes);
        var e = Assert.Throws<DeepStatsException>(() => ObjectDatasetBuilder.Build("o", new[] { "a" }, new[] { new object?[] { 1 }, new object?[] { "x" } }));
        Assert.Equal("TextInNumericColumn", e.ErrorId);
        Assert.Contains("Row 2", e.Message);
        Assert.Equal("DuplicateColumnName", Assert.Throws<DeepStatsException>(() => ObjectDatasetBuilder.Build("o", new[] { "a", "A" }, new[] { new object?[] { 1, 2 } })).ErrorId);
        Assert.Equal("NoDataRows", Assert.Throws<DeepStatsException>(() => ObjectDatasetBuilder.Build("o", new[] { "a" }, Array.Empty<object?[]>())).ErrorId);
    }

    [Fact]
    public void ThreeWaySplitIsStratifiedSeededAndLosesNoRow()
    {
        var data = Table(100);
        var s = DatasetSplitter.Split(data, 0.2, 0.1, seed: 7, stratify: true);
        Assert.Equal(100, s.TrainCount + s.ValidationCount + s.TestCount);
        Assert.Equal(100, s.TrainRows.Concat(s.ValidationRows).Concat(s.TestRows).Distinct().Count());
        Assert.Equal(new[] { 16, 4 }, s.Validation!.Target!.ClassCounts());
        Assert.Equal(new[] { 8, 2 }, s.Test!.Target!.ClassCounts());
        Assert.Equal(s.TestRows, DatasetSplitter.Split(data, 0.2, 0.1, seed: 7, stratify: true).TestRows);
        Assert.NotEqual(s.TestRows, DatasetSplitter.Split(data, 0.2, 0.1, seed: 8, stratify: true).TestRows);
        Assert.Equal("InvalidFraction", Assert.Throws<DeepStatsException>(() => DatasetSplitter.Split(data, 0.6, 0.5, 1, true)).ErrorId);
    }

    [Fact]
    public void KFoldCoversEveryRowOnceStratifiedOrGrouped()
    {
        var data = Table(100);
        var folds = DatasetSplitter.KFold(data, 5, seed: 3, stratify: true);
        Assert.Equal(Enumerable.Range(0, 100), folds.SelectMany(f => f.TestRows).Order());
        Assert.All(folds, f => Assert.Equal(new[] { 16, 4 }, f.Test.Target!.ClassCounts()));
        Assert.All(folds, f => Assert.Empty(f.TrainRows.Intersect(f.TestRows)));
        var grouped = DatasetSplitter.KFold(data, 5, seed: 3, stratify: true, groupBy: "g");
        var g = ((CategoricalColumn)data.GetColumn("g")!).Codes;
        foreach (var f in grouped)
            Assert.Empty(f.TestRows.Select(i => g[i]).Intersect(f.TrainRows.Select(i => g[i])));
        Assert.Equal(100, grouped.Sum(f => f.TestCount));
        Assert.StartsWith("Grouped", grouped[0].Strategy);
        Assert.Equal("InvalidFoldCount", Assert.Throws<DeepStatsException>(() => DatasetSplitter.KFold(data, 1, 1, true)).ErrorId);
    }

    [Fact]
    public void ImputerIsFittedOnTrainingRowsAndAppliedUnchanged()
    {
        var train = Dataset.Tabular("tr", "t", new DataColumn[]
        {
            new NumericColumn("x", new[] { 1.0, double.NaN, 3.0, 10.0 }),
            CategoricalColumn.FromLabels("c", new[] { "a", "a", null, "b" }),
        }, null);
        var test = Dataset.Tabular("te", "t", new DataColumn[]
        {
            new NumericColumn("x", new[] { double.NaN, 100.0 }),
            CategoricalColumn.FromLabels("c", new[] { null, "b" }),
        }, null);
        var imp = Imputer.Fit(train, ImputeStrategy.Median, addIndicators: true);
        var a = imp.Apply(train);
        Assert.Equal(new[] { 1.0, 3.0, 3.0, 10.0 }, ((NumericColumn)a.GetColumn("x")!).Values);
        Assert.Equal(new[] { "x", "c", "x_missing", "c_missing" }, a.Columns.Select(c => c.Name));
        Assert.Equal(new[] { 0, 1, 0, 0 }, ((BooleanColumn)a.GetColumn("x_missing")!).Codes);
        var b = imp.Apply(test);
        Assert.Equal(3.0, ((NumericColumn)b.GetColumn("x")!).Values[0]); // the training median, not the test's
        Assert.Equal("a", ((CategoricalColumn)b.GetColumn("c")!).Levels[((CategoricalColumn)b.GetColumn("c")!).Codes[0]]);
        Assert.Same(imp, b.Transforms.Single());
        var mean = Imputer.Fit(train, ImputeStrategy.Mean).Apply(test);
        Assert.Equal(14.0 / 3, ((NumericColumn)mean.GetColumn("x")!).Values[0], 12);
        var constant = Imputer.Fit(train.WithoutColumns(new[] { "c" }), ImputeStrategy.Constant, -1).Apply(test.WithoutColumns(new[] { "c" }));
        Assert.Equal(-1.0, ((NumericColumn)constant.GetColumn("x")!).Values[0]);
        Assert.Equal(0, TransformPipeline.ApplyTo(test, new FittedState[] { imp }).Columns.Sum(c => c.MissingCount));
    }

    [Fact]
    public void SchemaListsKindsSourcesAndMissingCounts()
    {
        var ds = Table(8);
        var schema = ds.Schema;
        Assert.Equal(new[] { "x", "g", "y" }, schema.Select(c => c.Name));
        Assert.Equal("Target", schema[2].Role);
        Assert.Equal(2, schema[1].LevelCount);
        Assert.Equal("Inferred", schema[0].TypeSource);
    }

    private static void WritePng(string path, int w, int h, bool rgb, byte value)
    {
        int comps = rgb ? 3 : 1;
        var data = Enumerable.Range(0, w * h * comps).Select(i => (byte)(value + i % 7)).ToArray();
        using var s = File.Create(path);
        new ImageWriter().WritePng(data, w, h, rgb ? ColorComponents.RedGreenBlue : ColorComponents.Grey, s);
    }

    [Fact]
    public void ImageFolderReadsClassesResizesAndNamesOddFiles()
    {
        var root = Path.Combine(Path.GetTempPath(), "deepstats-img-" + Guid.NewGuid().ToString("N"));
        try
        {
            Directory.CreateDirectory(Path.Combine(root, "cat"));
            Directory.CreateDirectory(Path.Combine(root, "dog"));
            WritePng(Path.Combine(root, "cat", "1.png"), 4, 3, false, 10);
            WritePng(Path.Combine(root, "cat", "2.png"), 4, 3, false, 20);
            WritePng(Path.Combine(root, "dog", "1.png"), 4, 3, false, 200);
            var ds = ImageFolderReader.Read(root);
            Assert.Equal(new[] { 1, 3, 4 }, ds.InputShape);
            Assert.Equal(new[] { "cat", "dog" }, ds.Target!.Classes);
            Assert.Equal(new[] { 0, 0, 1 }, ds.Target.Labels);
            Assert.Equal(200f, ds.Images!.Pixels[2 * 12]);
            WritePng(Path.Combine(root, "dog", "2.png"), 8, 6, true, 50);
            var e = Assert.Throws<DeepStatsException>(() => ImageFolderReader.Read(root));
            Assert.Equal("ImageSizeMismatch", e.ErrorId);
            Assert.Contains(Path.Combine("dog", "2.png"), e.Message);
            var resized = ImageFolderReader.Read(root, new ImageFolderOptions { Size = (6, 8) });
            Assert.Equal(new[] { 3, 6, 8 }, resized.InputShape); // one RGB image makes the set RGB
            var gray = ImageFolderReader.Read(root, new ImageFolderOptions { Size = (2, 2), ColorMode = ImageColorMode.Grayscale });
            Assert.Equal(new[] { 1, 2, 2 }, gray.InputShape);
            File.WriteAllText(Path.Combine(root, "dog", "3.png"), "not a png");
            var bad = Assert.Throws<DeepStatsException>(() => ImageFolderReader.Read(root, new ImageFolderOptions { Size = (2, 2) }));
            Assert.Equal("ImageDecodeFailed", bad.ErrorId);
            Assert.Contains("3.png", bad.Message);
        }
        finally { Directory.Delete(root, true); }
    }

    [Fact]
    public void BilinearResizeOfAConstantImageIsConstantAndInterpolatesRamps()
    {
        var src = new byte[] { 0, 100, 0, 100 }; // 2x2 grayscale, columns 0 and 100
        var dst = new float[4 * 4];
        ImageFolderReader.Resize(src, 2, 2, 1, 0, dst, 4, 4);
        Assert.Equal(0f, dst[0]);
        Assert.Equal(25f, dst[1]);
        Assert.Equal(75f, dst[2]);
        Assert.Equal(100f, dst[3]);
    }
}
