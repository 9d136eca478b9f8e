using DeepStats.Core.Data;
using Xunit;

namespace DeepStats.Core.Tests;

/// <summary>Issue 9, items 6 and 7: a class with one member is named in a warning; an ambiguous target needs -TargetKind.</summary>
public class SmallClassAndTargetKindTests
{
    /// <summary>41 rows: 20 'a', 20 'b' and one 'singleton' (the case).</summary>
    private static Dataset WithSingleton()
    {
        var x = Enumerable.Range(0, 41).Select(i => (double)i).ToArray();
        var labels = Enumerable.Range(0, 41).Select(i => i == 40 ? 2 : i % 2).ToArray();
        return Dataset.Tabular("s", "test", new DataColumn[] { new NumericColumn("x", x) }, new TargetColumn("y", labels, new[] { "a", "b", "singleton" }));
    }

    [Fact]
    public void AStratifiedSplitNamesTheClassItsTestPartLacks()
    {
        var warnings = new List<string>();
        var split = DatasetSplitter.Split(WithSingleton(), 0, 0.2, 1, stratify: true, warnings.Add);
        // round(0.2 x 1) = 0: the singleton stays in training, the test part has none of it
        Assert.DoesNotContain(split.TestRows, r => r == 40);
        var w = Assert.Single(warnings);
        Assert.Contains("'singleton'", w);
        Assert.Contains("test part has none", w);
        // a split with every class on both sides says nothing
        warnings.Clear();
        var clean = Dataset.Tabular("c", "test", new DataColumn[] { new NumericColumn("x", new double[40]) },
            new TargetColumn("y", Enumerable.Range(0, 40).Select(i => i % 2).ToArray(), new[] { "a", "b" }));
        DatasetSplitter.Split(clean, 0, 0.2, 1, stratify: true, warnings.Add);
        Assert.Empty(warnings);
    }

    [Fact]
    public void KFoldNamesAClassWithFewerRowsThanFolds()
    {
        var warnings = new List<string>();
        var folds = DatasetSplitter.KFold(WithSingleton(), 5, 1, stratify: true, warn: warnings.Add);
        var w = Assert.Single(warnings);
        Assert.Contains("'singleton'", w);
        Assert.Contains("4 fold(s) test none of it", w);
        // and it is true: exactly one fold tests row 40, and that fold trains without the class
        var testing = Assert.Single(folds, f => f.TestRows.Contains(40));
        Assert.DoesNotContain(testing.TrainRows, r => r == 40);
    }

    private static Dataset ReadTarget(IEnumerable<string> targetValues, TargetKind? kind = null)
    {
        var csv = "x,y\n" + string.Concat(targetValues.Select((v, i) => $"{i},{v}\n"));
        var path = TestPaths.TempFile(csv);
        try { return CsvDatasetReader.Read(path, new CsvImportOptions { Target = "y", TargetKind = kind }); }
        finally { File.Delete(path); }
    }

    [Fact]
    public void AnIntegerTargetWithManyDistinctValuesNeedsTargetKind()
    {
        // like the diabetes data: 442 rows, whole numbers 25..346 with 214 distinct values
        var rng = new Random(3);
        var values = Enumerable.Range(0, 214).Select(i => 25 + i).Concat(Enumerable.Range(0, 228).Select(_ => 25 + rng.Next(214))).Select(v => v.ToString()).ToArray();
        var e = Assert.Throws<DeepStatsException>(() => ReadTarget(values));
        Assert.Equal("AmbiguousTargetKind", e.ErrorId);
        Assert.Contains("214 distinct values in 442 rows", e.Message);
        Assert.Contains("-TargetKind Regression", e.Message);
        Assert.Contains("-TargetKind Classification", e.Message);
        Assert.Equal(TargetKind.Regression, ReadTarget(values, TargetKind.Regression).Target!.Kind);
        Assert.Equal(214, ReadTarget(values, TargetKind.Classification).Target!.ClassCount);
        // the rule's edges: 20 distinct whole numbers are classes, 21 ambiguous, a non-integer makes a quantity
        Assert.Equal(20, ReadTarget(Enumerable.Range(0, 40).Select(i => (i % 20).ToString())).Target!.ClassCount);
        Assert.Throws<DeepStatsException>(() => ReadTarget(Enumerable.Range(0, 42).Select(i => (i % 21).ToString())));
        Assert.Equal(TargetKind.Regression, ReadTarget(Enumerable.Range(0, 42).Select(i => (i % 21 + 0.5).ToString(System.Globalization.CultureInfo.InvariantCulture))).Target!.Kind);
    }
}
