using System.Globalization;
using System.Text;
using DeepStats.Core.Data;
using Xunit;

namespace DeepStats.Core.Tests;

/// <summary>Files nobody cleaned: every malformed one is a DeepStatsException with a stable id naming the line.</summary>
public class CsvMessyFileTests
{
    private static Dataset ReadBytes(byte[] content, CsvImportOptions? options = null, List<string>? log = null, List<string>? warn = null)
    {
        var path = Path.Combine(Path.GetTempPath(), "deepstats-tests-" + Guid.NewGuid().ToString("N") + ".csv");
        File.WriteAllBytes(path, content);
        try
        {
            return CsvDatasetReader.Read(path, (options ?? new CsvImportOptions()) with
            {
                Log = log is null ? null : log.Add,
                Warn = warn is null ? null : warn.Add,
            });
        }
        finally { File.Delete(path); }
    }

    private static Dataset Read(string csv, CsvImportOptions? options = null, List<string>? log = null, List<string>? warn = null) =>
        ReadBytes(Encoding.UTF8.GetBytes(csv), options, log, warn);

    private static DeepStatsException Fails(string csv, CsvImportOptions? options = null) =>
        Assert.Throws<DeepStatsException>(() => Read(csv, options));

    [Theory]
    [InlineData("a,b\n1,2\n3,4,5\n", "CsvRaggedRow", "line 3")]
    [InlineData("a,b\n1,2\n3\n", "CsvRaggedRow", "line 3")]
    [InlineData("a,b\n1,2\n3,\"open\n4,5\n", "CsvUnterminatedQuote", "line 3")]
    [InlineData("a,b\n1,2\n3,four\n", "CsvTextInNumericColumn", "line 3, column 2 ('b'): 'four'")]
    [InlineData("a,a\n1,2\n", "CsvDuplicateHeader", "line 1")]
    [InlineData("a, \n1,2\n", "CsvBlankHeader", "line 1, column 2")]
    [InlineData("", "CsvEmptyFile", "line 1: the file is empty")]
    [InlineData("a,b\n", "CsvNoDataRows", "line 1")]
    [InlineData("a,b\n1,2\n1e400,3\n", "CsvValueOutOfRange", "line 3, column 1")]
    [InlineData("a,b\n1,2\n3,x\"y\n", "CsvStrayQuote", "line 3")]
    public void MalformedFilesNameTheLine(string csv, string id, string where)
    {
        var e = Fails(csv);
        Assert.Equal(id, e.ErrorId);
        Assert.Contains(where, e.Message);
        Assert.Contains("deepstats-tests-", e.Message); // names the file
    }

    [Fact]
    public void NumbersParseExactlyAsDoubleParseDoes()
    {
        string[] texts = { "0.1", "-2.5e-3", "+7", "1e308", "4.9406564584124654E-324", "123456789012345678901234567890", "0.30000000000000004", "-0", ".5", "5." };
        var ds = Read("x\n" + string.Join("\n", texts) + "\n");
        var values = ((NumericColumn)ds.Columns[0]).Values;
        for (int i = 0; i < texts.Length; i++)
            Assert.Equal(double.Parse(texts[i], CultureInfo.InvariantCulture), values[i]);
    }

    [Fact]
    public void BinaryContentIsRefused()
    {
        var bytes = new byte[] { (byte)'a', (byte)',', (byte)'b', (byte)'\n', 1, 0, 2, 0, 3 };
        var e = Assert.Throws<DeepStatsException>(() => ReadBytes(bytes));
        Assert.Equal("CsvBinaryContent", e.ErrorId);
        Assert.Contains("line 2", e.Message);
        var png = new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 13, 10, 26, 10 };
        Assert.Contains("PNG", Assert.Throws<DeepStatsException>(() => ReadBytes(png)).Message);
    }

    [Fact]
    public void AbsurdColumnCountsAndFieldSizesAreRefused()
    {
        var wide = string.Join(",", Enumerable.Range(0, 50).Select(i => "c" + i)) + "\n" + string.Join(",", Enumerable.Range(0, 50)) + "\n";
        Assert.Equal("CsvTooManyColumns", Fails(wide, new CsvImportOptions { MaxColumns = 10 }).ErrorId);
        var e = Fails("a,b\n1,x\n2," + new string('z', 5000) + "\n", new CsvImportOptions { MaxFieldBytes = 1000 });
        Assert.Equal("CsvFieldTooLarge", e.ErrorId);
        Assert.Contains("line 3, column 2", e.Message);
    }

    [Fact]
    public void WideFilesWithFewRowsFitASmallBudgetAndChunksJoinInOrder()
    {
        var wide = string.Join(",", Enumerable.Range(0, 2000).Select(i => "c" + i)) + "\n" + string.Join(",", Enumerable.Range(0, 2000)) + "\n";
        var ds = Read(wide, new CsvImportOptions { MemoryLimitBytes = 64 << 20 });
        Assert.Equal(2000, ds.Columns.Count);
        var sb = new StringBuilder("a\n");
        for (int i = 0; i < 200_000; i++) sb.Append(i).Append('\n'); // crosses the growing chunks and several full ones
        var values = ((NumericColumn)Read(sb.ToString()).Columns[0]).Values;
        Assert.Equal(Enumerable.Range(0, 200_000).Select(i => (double)i), values);
    }

    [Fact]
    public void FilesLargerThanTheMemoryLimitAreRefusedNotCrashed()
    {
        var sb = new StringBuilder("a,b\n");
        for (int i = 0; i < 200_000; i++) sb.Append(i).Append(',').Append(i * 0.5).Append('\n');
        var e = Fails(sb.ToString(), new CsvImportOptions { MemoryLimitBytes = 1 << 20 });
        Assert.Equal("DatasetTooLarge", e.ErrorId);
        Assert.Contains("-Include", e.Message);
    }

    [Fact]
    public void QuotedFieldsKeepDelimitersNewlinesAndQuotes()
    {
        var ds = Read("name,x\n\"Smith, J\",1\n\"two\nlines\",2\n\"say \"\"hi\"\"\",3\n");
        var name = Assert.IsType<CategoricalColumn>(ds.Columns[0]);
        Assert.Equal(new[] { "Smith, J", "say \"hi\"", "two\nlines" }, name.Levels);
        var e = Fails("name,x\n\"a\nb\",1\nc,oops\n");
        Assert.Contains("line 4", e.Message); // lines inside quotes are counted
    }

    [Theory]
    [InlineData("utf-8-bom")]
    [InlineData("utf-16le")]
    [InlineData("utf-16be")]
    public void ReadsBomEncodings(string which)
    {
        Encoding enc = which switch
        {
            "utf-8-bom" => new UTF8Encoding(true),
            "utf-16le" => new UnicodeEncoding(false, true),
            _ => new UnicodeEncoding(true, true),
        };
        var bytes = enc.GetPreamble().Concat(enc.GetBytes("größe,y\n1.5,ä\n2.5,ö\n")).ToArray();
        var log = new List<string>();
        var ds = ReadBytes(bytes, new CsvImportOptions { Target = "y" }, log);
        Assert.Equal("größe", ds.Columns[0].Name);
        Assert.Equal(new[] { 1.5, 2.5 }, ((NumericColumn)ds.Columns[0]).Values);
        Assert.Equal(new[] { "ä", "ö" }, ds.Target!.Classes);
        Assert.Contains(log, l => l.StartsWith("Encoding:") && l.Contains("BOM"));
    }

    [Fact]
    public void ReadsAnExplicitEncoding()
    {
        var latin1 = Encoding.Latin1;
        var ds = ReadBytes(latin1.GetBytes("x,y\n1,café\n"), new CsvImportOptions { Encoding = latin1, Target = "y" });
        Assert.Equal("café", ds.Target!.Classes[0]);
    }

    [Fact]
    public void DetectsSeparatorAndDecimalCommaAndSaysSo()
    {
        var log = new List<string>();
        var ds = Read("x;z;y\n1,5;2;a\n2,25;3;b\n", log: log);
        Assert.Equal(new[] { 1.5, 2.25 }, ((NumericColumn)ds.Columns[0]).Values);
        Assert.Contains(log, l => l.Contains("semicolon (detected)"));
        Assert.Contains(log, l => l.Contains("decimal comma detected") && l.Contains("'1,5' on line 2"));
        var tab = Read("x\ty\n1.5\ta\n", new CsvImportOptions { Target = "y" }, log);
        Assert.Equal(1.5, ((NumericColumn)tab.Columns[0]).Values[0]);
    }

    [Fact]
    public void HeaderNamesForFilesWithoutAHeaderRow()
    {
        var ds = Read("1,2,a\n3,4,b\n", new CsvImportOptions { Header = new[] { "p", "q", "y" }, Target = "y" });
        Assert.Equal(2, ds.RowCount);
        Assert.Equal(new[] { "p", "q" }, ds.Columns.Select(c => c.Name));
        var e = Fails("1,2\n", new CsvImportOptions { Header = new[] { "p", "q", "y" } });
        Assert.Equal("CsvRaggedRow", e.ErrorId);
        Assert.Contains("line 1", e.Message);
        Assert.Equal("CsvDuplicateHeader", Fails("1,2\n", new CsvImportOptions { Header = new[] { "p", "P" } }).ErrorId);
    }

    [Fact]
    public void InfersBooleanAndHonoursDeclaredTypes()
    {
        var ds = Read("zip,flag,yn,x\n01234,TRUE,yes,1\n98765,false,no,2\n,,,3\n", new CsvImportOptions
        {
            ColumnTypes = new Dictionary<string, ColumnKind> { ["zip"] = ColumnKind.Categorical, ["yn"] = ColumnKind.Boolean },
        });
        var zip = Assert.IsType<CategoricalColumn>(ds.GetColumn("zip"));
        Assert.Equal(new[] { "01234", "98765" }, zip.Levels);
        Assert.True(zip.KindDeclared);
        var flag = Assert.IsType<BooleanColumn>(ds.GetColumn("flag"));
        Assert.Equal(new[] { 1, 0, -1 }, flag.Codes);
        Assert.False(flag.KindDeclared);
        var yn = Assert.IsType<BooleanColumn>(ds.GetColumn("yn"));
        Assert.Equal(new[] { 1, 0, -1 }, yn.Codes);
        Assert.Equal(2 + 1 + 1 + 1, ds.FeatureCount); // zip one-hot (2) + flag (1) + yn (1) + x (1)
        var e = Fails("a\n1\nmaybe\n", new CsvImportOptions { ColumnTypes = new Dictionary<string, ColumnKind> { ["a"] = ColumnKind.Boolean } });
        Assert.Equal("CsvNotBoolean", e.ErrorId);
        Assert.Contains("line 3", e.Message);
        Assert.Equal("ColumnTypeColumnNotFound", Fails("a\n1\n", new CsvImportOptions { ColumnTypes = new Dictionary<string, ColumnKind> { ["b"] = ColumnKind.Numeric } }).ErrorId);
    }

    [Fact]
    public void TextInNumericColumnSuggestsDeclaringItCategorical()
    {
        var e = Fails("code\n123\nA12\n");
        Assert.Contains("-ColumnType @{ 'code' = 'Categorical' }", e.Message);
        Assert.Contains("thousands separators", Fails("n\n12\n\"1,234\"\n").Message);
    }

    [Fact]
    public void IncludeAndExcludeTakeWildcards()
    {
        var csv = "x1,x2,x10,other,y\n1,2,3,a,k\n";
        var ds = Read(csv, new CsvImportOptions { Include = new[] { "x*" }, Exclude = new[] { "x1?" }, Target = "y" });
        Assert.Equal(new[] { "x1", "x2" }, ds.Columns.Select(c => c.Name));
        Assert.Equal("IncludedColumnNotFound", Fails(csv, new CsvImportOptions { Include = new[] { "z*" } }).ErrorId);
        Assert.Equal("ExcludedColumnNotFound", Fails(csv, new CsvImportOptions { Exclude = new[] { "nope" } }).ErrorId);
    }

    [Fact]
    public void ConfigurableMissingTokensAreCountedNeverDropped()
    {
        var ds = Read("a,b\n1,-999\n,2\nNA,3\n4,?\n", new CsvImportOptions { MissingTokens = new[] { "-999", "NA", "?" } });
        Assert.Equal(4, ds.RowCount);
        Assert.Equal(2, ds.Columns[0].MissingCount);
        Assert.Equal(2, ds.Columns[1].MissingCount);
    }

    [Fact]
    public void Float32OverflowIsReportedAndKeptExactly()
    {
        var warn = new List<string>();
        var ds = Read("a,b\n1e40,1\n2,2\n", warn: warn);
        Assert.Equal(1e40, ((NumericColumn)ds.Columns[0]).Values[0]);
        Assert.Contains(warn, w => w.Contains("float32") && w.Contains("line 2"));
    }

    [Fact]
    public void ReadsGzipByExtensionAndReportsDamagedArchives()
    {
        var path = Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N") + ".csv.gz");
        var ms = new MemoryStream();
        using (var gz = new System.IO.Compression.GZipStream(ms, System.IO.Compression.CompressionLevel.Fastest, leaveOpen: true))
            gz.Write(Encoding.UTF8.GetBytes("x,y\n" + string.Concat(Enumerable.Range(0, 5000).Select(i => $"{i},a\n"))));
        var bytes = ms.ToArray();
        try
        {
            File.WriteAllBytes(path, bytes);
            var ds = CsvDatasetReader.Read(path, new CsvImportOptions { Target = "y" });
            Assert.Equal(5000, ds.RowCount);
            Assert.Equal(Path.GetFileNameWithoutExtension(path[..^3]), ds.Name);
            File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);
            var e = Assert.Throws<DeepStatsException>(() => CsvDatasetReader.Read(path, new CsvImportOptions { Target = "y" }));
            Assert.Equal("CsvBadGzip", e.ErrorId);
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void IndexEncodingAndUnknownSlotTravelToNewData()
    {
        var train = Read("c,y\nred,a\nblue,b\n", new CsvImportOptions { Target = "y", CategoryEncoding = CategoryEncoding.Index, UnknownCategory = true });
        var c = Assert.IsType<CategoricalColumn>(train.Columns[0]);
        Assert.Equal(new[] { "blue", "red", "(unknown)" }, c.Levels);
        Assert.Equal(1, train.FeatureCount);
        var schema = FeatureSchema.Of(train);
        var test = schema.Align(Read("c,y\ngreen,a\nred,b\n", new CsvImportOptions { Target = "y" }));
        var tc = Assert.IsType<CategoricalColumn>(test.Columns[0]);
        Assert.Equal(new[] { 2, 1 }, tc.Codes);
        Assert.Equal(CategoryEncoding.Index, tc.Encoding);
        // without the slot an unseen category is a clear error
        var strict = FeatureSchema.Of(Read("c,y\nred,a\nblue,b\n", new CsvImportOptions { Target = "y" }));
        var e = Assert.Throws<DeepStatsException>(() => strict.Align(Read("c,y\ngreen,a\n", new CsvImportOptions { Target = "y" })));
        Assert.Equal("UnseenCategory", e.ErrorId);
        Assert.Contains("'green'", e.Message);
    }

    // ---- issue 9: hostile files ----

    /// <summary>Latin-1 bytes of the issue: ä = 0xE4, ö = 0xF6, ü = 0xFC, é = 0xE9, ß = 0xDF.</summary>
    private static readonly byte[] Latin1File = Encoding.Latin1.GetBytes("name,größe\nJosé,1.5\nMüller,2.5\n");

    [Fact]
    public void InvalidUtf8IsAnErrorNamingLineAndColumnNeverReplacementCharacters()
    {
        // the header holds 0xF6 0xDF: not UTF-8
        var e = Assert.Throws<DeepStatsException>(() => ReadBytes(Latin1File));
        Assert.Equal("CsvInvalidUtf8", e.ErrorId);
        Assert.Contains("line 1, column 2", e.Message);
        Assert.Contains("-Encoding latin1", e.Message);
        // -Encoding utf-8 said explicitly: the same error, not U+FFFD
        e = Assert.Throws<DeepStatsException>(() => ReadBytes(Latin1File, new CsvImportOptions { Encoding = new UTF8Encoding(false) }));
        Assert.Equal("CsvInvalidUtf8", e.ErrorId);
        // a valid header, a bad value on line 3 (Müller), after a good line
        var bytes = Encoding.UTF8.GetBytes("name,x\nAnn,1\n").Concat(Encoding.Latin1.GetBytes("Müller,2\n")).ToArray();
        e = Assert.Throws<DeepStatsException>(() => ReadBytes(bytes));
        Assert.Equal("CsvInvalidUtf8", e.ErrorId);
        Assert.Contains("line 3, column 1 ('name')", e.Message);
        Assert.Contains("0xFC", e.Message);
        // in a target column too
        e = Assert.Throws<DeepStatsException>(() => ReadBytes(bytes, new CsvImportOptions { Target = "name" }));
        Assert.Equal("CsvInvalidUtf8", e.ErrorId);
    }

    [Theory]
    [InlineData("latin1")]
    [InlineData("windows-1252")]
    public void Latin1AndWindows1252ReadTheBytesAsTheyWereMeant(string name)
    {
        System.Text.Encoding.RegisterProvider(System.Text.CodePagesEncodingProvider.Instance);
        var enc = name == "latin1" ? Encoding.Latin1 : Encoding.GetEncoding(name);
        var ds = ReadBytes(Latin1File, new CsvImportOptions { Encoding = enc, Target = "name" });
        Assert.Equal("größe", ds.Columns[0].Name);
        Assert.Equal(new[] { "José", "Müller" }, ds.Target!.Classes);
        Assert.DoesNotContain(ds.Target.Classes, c => c.Contains('\uFFFD'));
    }

    [Fact]
    public void ThousandsSeparatorsUnderTheCultureAreReadAsNumbersWithAWarning()
    {
        var warn = new List<string>();
        var ds = Read("id,amount\na,\"1,234.5\"\nb,\"12,000\"\nc,7\n", new CsvImportOptions { Culture = new CultureInfo("en-US") }, warn: warn);
        var amount = Assert.IsType<NumericColumn>(ds.GetColumn("amount"));
        Assert.Equal(new[] { 1234.5, 12000, 7 }, amount.Values);
        Assert.Contains(warn, w => w.Contains("'amount'") && w.Contains("1,234.5") && w.Contains("line 2") && w.Contains("thousands"));
    }

    [Fact]
    public void DecimalCommasUnderADecimalPointCultureAreAnErrorNamingValueLineAndOption()
    {
        var e = Fails("id;x\na;1,5\nb;2,25\nc;3\n", new CsvImportOptions { Delimiter = ';', Culture = CultureInfo.InvariantCulture });
        Assert.Equal("CsvNumbersInAnotherFormat", e.ErrorId);
        Assert.Contains("'1,5'", e.Message);
        Assert.Contains("line 2", e.Message);
        Assert.Contains("-Culture", e.Message);
        // text that merely contains a number is still categorical, silently
        var ds = Read("id;x\na;1,5 kg\nb;2,25\n", new CsvImportOptions { Delimiter = ';', Culture = CultureInfo.InvariantCulture });
        Assert.IsType<CategoricalColumn>(ds.GetColumn("x"));
    }

    [Fact]
    public void AnUnterminatedQuoteIsReportedAsSuchWithTheLineWhereItOpened()
    {
        // the runaway quote of line 4 ends at the quote before x on line 6, where text follows it: the reader alone
        // reported CsvTextAfterQuote without a column
        var e = Fails("a,b\n1,2\n3,4\n5,\"abc\n6,7\n8,\"x\"\n9,10\n");
        Assert.Equal("CsvUnterminatedQuote", e.ErrorId);
        Assert.Contains("line 4, column 2", e.Message);
        Assert.Contains("line 6", e.Message);
        e = Fails("a,b\n1,\"abc");
        Assert.Equal("CsvUnterminatedQuote", e.ErrorId);
        Assert.Contains("line 2", e.Message);
        // a quote closed on its own line and followed by text stays what it is
        Assert.Equal("CsvTextAfterQuote", Fails("a,b\n1,2\n3,\"ab\"c\n").ErrorId);
    }

    [Theory]
    [InlineData('"')]
    [InlineData('\n')]
    [InlineData('\r')]
    [InlineData('é')]
    public void AnImpossibleDelimiterIsRefusedWithADeepStatsId(char delimiter)
    {
        var e = Fails("a,b\n1,2\n", new CsvImportOptions { Delimiter = delimiter });
        Assert.Equal("CsvInvalidDelimiter", e.ErrorId);
    }
}
