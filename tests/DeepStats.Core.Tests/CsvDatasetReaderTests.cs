using System.Globalization;
using DeepStats.Core.Data;
using Xunit;

namespace DeepStats.Core.Tests;

public class CsvDatasetReaderTests
{
    private static Dataset Read(string csv, string? target = "y", CsvImportOptions? options = null)
    {
        var path = TestPaths.TempFile(csv);
        try { return CsvDatasetReader.Read(path, (options ?? new CsvImportOptions()) with { Target = target }); }
        finally { File.Delete(path); }
    }

    private static DeepStatsException Fails(string csv, string? target = "y")
    {
        var path = TestPaths.TempFile(csv);
        try { return Assert.Throws<DeepStatsException>(() => CsvDatasetReader.Read(path, new CsvImportOptions { Target = target })); }
        finally { File.Delete(path); }
    }

    [Fact]
    public void InfersNumericAndCategoricalColumnsAndCountsMissing()
    {
        var ds = Read("a,b,c,y\n1.5,red,NA,yes\n2,blue,3,no\n,red,4,yes\n");
        Assert.Equal(3, ds.RowCount);
        var a = Assert.IsType<NumericColumn>(ds.Columns[0]);
        Assert.Equal(new[] { 1.5, 2.0 }, a.Values.Take(2));
        Assert.True(double.IsNaN(a.Values[2]));
        Assert.Equal(1, a.MissingCount);
        var b = Assert.IsType<CategoricalColumn>(ds.Columns[1]);
        Assert.Equal(new[] { "blue", "red" }, b.Levels);
        Assert.Equal(new[] { 1, 0, 1 }, b.Codes);
        var c = Assert.IsType<NumericColumn>(ds.Columns[2]);
        Assert.Equal(1, c.MissingCount);
        Assert.Equal(new[] { "no", "yes" }, ds.Target!.Classes);
        Assert.Equal(new[] { 1, 0, 1 }, ds.Target.Labels);
        Assert.Equal(1 + 2 + 1, ds.FeatureCount);
    }

    [Fact]
    public void NumericLabelsAreOrderedByValue()
    {
        var ds = Read("x,y\n1,10\n2,2\n3,1\n");
        Assert.Equal(new[] { "1", "2", "10" }, ds.Target!.Classes);
        Assert.Equal(new[] { 2, 1, 0 }, ds.Target.Labels);
    }

    [Fact]
    public void QuotedFieldsKeepEmbeddedDelimiters()
    {
        var ds = Read("name,x,y\n\"Smith, J\",1,a\n\"Doe, K\",2,b\n");
        var name = Assert.IsType<CategoricalColumn>(ds.Columns[0]);
        Assert.Equal(new[] { "Doe, K", "Smith, J" }, name.Levels);
    }

    [Fact]
    public void SemicolonAndDecimalCommaWithCulture()
    {
        var ds = Read("x;y\n1,5;a\n2,25;b\n", options: new CsvImportOptions { Delimiter = ';', Culture = CultureInfo.GetCultureInfo("de-DE") });
        Assert.Equal(new[] { 1.5, 2.25 }, ((NumericColumn)ds.Columns[0]).Values);
    }

    [Fact]
    public void TextInNumericColumnNamesLineColumnAndValue()
    {
        var e = Fails("x,z,y\n1,2,a\n3,oops,b\n");
        Assert.Equal("CsvTextInNumericColumn", e.ErrorId);
        Assert.Contains("line 3", e.Message);
        Assert.Contains("column 2 ('z')", e.Message);
        Assert.Contains("'oops'", e.Message);
    }

    [Fact]
    public void RaggedRowIsAnErrorWithItsLine()
    {
        var e = Fails("x,y\n1,a\n2,b,extra\n");
        Assert.True(e.ErrorId == "CsvRaggedRow", e.Message);
        Assert.Contains("line 3", e.Message);
    }

    [Theory]
    [InlineData("", "CsvEmptyFile")]
    [InlineData("x,y\n", "CsvNoDataRows")]
    [InlineData("x,x,y\n1,2,a\n", "CsvDuplicateHeader")]
    [InlineData("x,,y\n1,2,a\n", "CsvBlankHeader")]
    [InlineData("x,y\n1e400,a\n", "CsvValueOutOfRange")]
    public void MalformedFilesGiveStableIds(string csv, string id)
    {
        Assert.Equal(id, Fails(csv).ErrorId);
    }

    [Fact]
    public void MissingTargetListsTheColumns()
    {
        var e = Fails("a,b\n1,2\n", target: "label");
        Assert.Equal("TargetColumnNotFound", e.ErrorId);
        Assert.Contains("a, b", e.Message);
    }

    [Fact]
    public void ReadsGzippedCsvDetectedByMagicBytes()
    {
        var path = Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N") + ".data");
        using (var gz = new System.IO.Compression.GZipStream(File.Create(path), System.IO.Compression.CompressionLevel.Fastest))
        using (var w = new StreamWriter(gz)) w.Write("x,y\n1,a\n2,b\n");
        try
        {
            var ds = CsvDatasetReader.Read(path, new CsvImportOptions { Target = "y" });
            Assert.Equal(new[] { 1.0, 2.0 }, ((NumericColumn)ds.Columns[0]).Values);
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void PenguinSampleHasKnownShape()
    {
        var ds = SampleData.Load(SampleName.Penguins);
        Assert.Equal(344, ds.RowCount);
        Assert.Equal(new[] { "Adelie", "Chinstrap", "Gentoo" }, ds.Target!.Classes);
        Assert.Equal(new[] { 152, 68, 124 }, ds.Target.ClassCounts());
        Assert.Equal(2, ds.GetColumn("bill_length_mm")!.MissingCount);
        Assert.Equal(10, ds.GetColumn("sex")!.MissingCount);
        Assert.Equal(new[] { ".", "FEMALE", "MALE" }, ((CategoricalColumn)ds.GetColumn("sex")!).Levels); // one bird is recorded as "." in the source
        var (clean, dropped) = DatasetCleaning.DropIncompleteRows(ds);
        Assert.Equal(334, clean.RowCount);
        Assert.Equal(10, dropped.Length);
    }
}

public class TargetKindTests
{
    private static Dataset Read(string csv, TargetKind? kind)
    {
        var path = TestPaths.TempFile(csv);
        try { return CsvDatasetReader.Read(path, new CsvImportOptions { Target = "y", TargetKind = kind }); }
        finally { File.Delete(path); }
    }

    [Fact]
    public void NonIntegerNumbersAreARegressionTargetByDefault()
    {
        var t = Read("x,y\n1,2.5\n2,NA\n3,10\n", null).Target!;
        Assert.Equal(TargetKind.Regression, t.Kind);
        Assert.Equal(2.5, t.Values![0]);
        Assert.True(double.IsNaN(t.Values[1]));
        Assert.Equal(10.0, t.Values[2]);
    }

    [Fact]
    public void IntegerLabelsAreClassesUnlessAsked()
    {
        Assert.Equal(TargetKind.Classification, Read("x,y\n1,2\n2,10\n", null).Target!.Kind);
        var r = Read("x,y\n1,2\n2,10\n", TargetKind.Regression).Target!;
        Assert.Equal(new[] { 2.0, 10.0 }, r.Values);
        Assert.Equal(TargetKind.Classification, Read("x,y\n1,2.5\n2,3.5\n", TargetKind.Classification).Target!.Kind);
    }

    [Fact]
    public void TextInARegressionTargetIsAnErrorNamingTheValue()
    {
        var path = TestPaths.TempFile("x,y\n1,2.5\n2,lots\n");
        try
        {
            var e = Assert.Throws<DeepStatsException>(() => CsvDatasetReader.Read(path, new CsvImportOptions { Target = "y", TargetKind = TargetKind.Regression }));
            Assert.Equal("TargetNotNumeric", e.ErrorId);
            Assert.Contains("'lots'", e.Message);
        }
        finally { File.Delete(path); }
    }
}
