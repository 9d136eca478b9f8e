namespace DeepStats.Core.Data;

/// <summary>Finds and loads the samples in the <c>data</c> folder next to this assembly, or next to
/// its folder (the module keeps the engine in engine/ and the samples at its root).</summary>
public static class SampleData
{
    public static string DataFolder
    {
        get
        {
            string dir = Path.GetDirectoryName(typeof(SampleData).Assembly.Location) ?? AppContext.BaseDirectory;
            string beside = Path.Combine(dir, "data");
            string parent = Path.Combine(Path.GetDirectoryName(Path.TrimEndingDirectorySeparator(dir)) ?? dir, "data");
            return Directory.Exists(beside) || !Directory.Exists(parent) ? beside : parent;
        }
    }

    public static string PathOf(SampleName sample, SampleSubset subset) => sample switch
    {
        SampleName.FashionMnist => Path.Combine(DataFolder, "fashion-mnist",
            subset == SampleSubset.Train ? "train-images-idx3-ubyte.gz" : "t10k-images-idx3-ubyte.gz"),
        SampleName.Penguins => Path.Combine(DataFolder, "penguins", "penguins.csv"),
        _ => throw new ArgumentOutOfRangeException(nameof(sample)),
    };

    /// <summary>Loads a sample; <paramref name="target"/> names another target column of a table sample
    /// (Penguins: species by default); the image sample's target is its label.</summary>
    public static Dataset Load(SampleName sample, SampleSubset subset = SampleSubset.Train, string? target = null)
    {
        var path = PathOf(sample, subset);
        if (!File.Exists(path))
            throw new DeepStatsException(ErrorIds.SampleNotFound, FailureKind.ObjectNotFound,
                $"The sample data file '{path}' is missing; the module folder is incomplete. Rebuild or reinstall DeepStats.", path);
        if (sample == SampleName.FashionMnist && target is not null && !string.Equals(target, "label", StringComparison.OrdinalIgnoreCase))
            throw new DeepStatsException(ErrorIds.TargetColumnNotFound, FailureKind.ObjectNotFound,
                $"The FashionMnist sample is images; its only target is 'label', not '{target}'. Leave -Target out.", target);
        return sample switch
        {
            SampleName.FashionMnist => IdxReader.Read(path, IdxReader.FindLabelFile(path), IdxReader.FashionMnistClasses),
            _ => CsvDatasetReader.Read(path, new CsvImportOptions { Target = target ?? "species" }),
        };
    }
}
