using DeepStats.Core.Data;
using Xunit;

namespace DeepStats.Core.Tests;

public class SchemaContractTests
{
    private const string Week1 = "id,temp,site,ok,label\n1,20.5,a,true,x\n2,21.0,b,false,y\n3,19.5,a,true,x\n4,22.0,c,false,y\n";

    private static SchemaContract Reference() =>
        SchemaContract.Of(CsvDatasetReader.Read(TestPaths.TempFile(Week1), new CsvImportOptions { Target = "label" }));

    private static IReadOnlyList<SchemaDifference> Differences(string csv)
    {
        var e = Assert.Throws<DeepStatsException>(() => CsvDatasetReader.Read(TestPaths.TempFile(csv), new CsvImportOptions { Schema = Reference() }));
        Assert.Equal(ErrorIds.SchemaMismatch, e.ErrorId);
        var list = Assert.IsAssignableFrom<IReadOnlyList<SchemaDifference>>(e.Target);
        foreach (var d in list) Assert.Contains(d.Description, e.Message); // one error lists every difference
        return list;
    }

    [Fact]
    public void ConformingFileIsAlignedToTheReference()
    {
        // columns in another order, levels seen in another order, only some levels: aligned to the reference's order and codes
        var data = CsvDatasetReader.Read(TestPaths.TempFile("label,site,ok,temp,id\ny,c,true,18,5\nx,a,false,17,6\n"), new CsvImportOptions { Schema = Reference() });
        Assert.Equal(new[] { "id", "temp", "site", "ok" }, data.Columns.Select(c => c.Name));
        var site = Assert.IsType<CategoricalColumn>(data.GetColumn("site"));
        Assert.Equal(new[] { "a", "b", "c" }, site.Levels);
        Assert.Equal(new[] { 2, 0 }, site.Codes);
        Assert.Equal("label", data.Target!.Name); // the reference's target, found without -Target
        Assert.Equal(new[] { "x", "y" }, data.Target.Classes);
        Assert.Equal(new[] { 1, 0 }, data.Target.Labels);
    }

    [Fact]
    public void TextOnTheFirstRowOfANumericColumnIsADifferenceNotANewCategoricalColumn()
    {
        // without a contract the first value decides: 'sensor-error' makes temp categorical
        var loose = CsvDatasetReader.Read(TestPaths.TempFile("id,temp,site,ok,label\n1,sensor-error,a,true,x\n2,21,b,false,y\n3,n/a?,a,true,x\n"), new CsvImportOptions());
        Assert.Equal(ColumnKind.Categorical, loose.GetColumn("temp")!.Kind);
        var d = Assert.Single(Differences("id,temp,site,ok,label\n1,sensor-error,a,true,x\n2,21,b,false,y\n3,bad,a,true,x\n"));
        Assert.Equal(SchemaDifferenceKind.TextInNumericColumn, d.Kind);
        Assert.Equal("temp", d.Column);
        Assert.Equal(2, d.Rows);
        Assert.Equal(2, d.FirstAt); // line 2: the first data row
        Assert.Contains("'sensor-error' (line 2), 'bad' (line 4)", d.Description);
    }

    [Fact]
    public void EveryDifferenceIsListedInOneError()
    {
        // temp missing, 'Site' renamed to 'si te'? no: 'SITE_' normalises to 'site'; 'extra' added; 'ok' unchanged; unseen level 'z' twice; unseen class 'w'
        var list = Differences("id,site_,ok,extra,label\n1,a,true,5,x\n2,z,false,6,w\n3,z,true,7,y\n");
        Assert.Equal(new[] { SchemaDifferenceKind.MissingColumn, SchemaDifferenceKind.RenamedColumn, SchemaDifferenceKind.ExtraColumn, SchemaDifferenceKind.UnseenClass },
            list.Select(d => d.Kind));
        Assert.Equal("temp", list[0].Column);
        Assert.Equal("site_", list[1].Actual);
        Assert.Equal("extra", list[2].Column);
        Assert.Equal((1, 2L), (list[3].Rows, list[3].FirstAt));
        var unseen = Assert.Single(Differences("id,temp,site,ok,label\n1,20,a,true,x\n2,21,z,false,y\n3,22,z,true,x\n4,23,q,true,x\n"));
        Assert.Equal(SchemaDifferenceKind.UnseenLevel, unseen.Kind);
        Assert.Equal(3, unseen.Rows);
        Assert.Equal(2, unseen.FirstAt);
        Assert.Contains("'q' x1", unseen.Description);
        Assert.Contains("'z' x2", unseen.Description);
    }

    [Fact]
    public void ComparingImportedDataReturnsTheDifferencesWithoutThrowing()
    {
        var loose = CsvDatasetReader.Read(TestPaths.TempFile("id,temp,site,ok,label\n1,sensor-error,a,true,x\n2,21,b,false,y\n"), new CsvImportOptions { Target = "label" });
        var d = Assert.Single(Reference().Compare(loose));
        Assert.Equal((SchemaDifferenceKind.KindChanged, "temp", "Numeric", "Categorical"), (d.Kind, d.Column, d.Expected, d.Actual));
        Assert.Empty(Reference().Compare(CsvDatasetReader.Read(TestPaths.TempFile(Week1), new CsvImportOptions { Target = "label" })));
    }

    [Fact]
    public void PipelineObjectsTakeTheSameContract()
    {
        var rows = new List<object?[]> { new object?[] { 1, "sensor-error", "a", true, "x" }, new object?[] { 2, 21.5, "b", false, "y" } };
        var e = Assert.Throws<DeepStatsException>(() => ObjectDatasetBuilder.Build("objects", new[] { "id", "temp", "site", "ok", "label" }, rows, new CsvImportOptions { Schema = Reference() }));
        Assert.Equal(ErrorIds.SchemaMismatch, e.ErrorId);
        var d = Assert.Single((IReadOnlyList<SchemaDifference>)e.Target!);
        Assert.Equal((SchemaDifferenceKind.TextInNumericColumn, 1L), (d.Kind, d.FirstAt));
        Assert.Contains("(row 1)", d.Description);
    }
}
