namespace DeepStats.Core.Data;

/// <summary>The built-in sample datasets shipped in the module's data folder.</summary>
public enum SampleName
{
    /// <summary>2,000 training and 500 test images of Fashion-MNIST (MIT licence, Zalando SE).</summary>
    FashionMnist,
    /// <summary>344 Palmer Archipelago penguins, species as target (CC0, Gorman, Williams and Fraser 2014).</summary>
    Penguins,
}

/// <summary>Which part of a sample to load.</summary>
public enum SampleSubset { Train, Test }

/// <summary>Finds and loads the samples in the <c>data</c> folder next to this assembly.</summary>
public static class SampleData
{
    public static string DataFolder =>
        Path.Combine(Path.GetDirectoryName(typeof(SampleData).Assembly.Location) ?? AppContext.BaseDirectory, "data");

    public static string PathOf(SampleName sample, SampleSubset subset) => sample switch
    {
        SampleName.FashionMnist => Path.Combine(DataFolder, "fashion-mnist",
            subset == SampleSubset.Train ? "train-images-idx3-ubyte.gz" : "t10k-images-idx3-ubyte.gz"),
        SampleName.Penguins => Path.Combine(DataFolder, "penguins", "penguins.csv"),
        _ => throw new ArgumentOutOfRangeException(nameof(sample)),
    };

    public static Dataset Load(SampleName sample, SampleSubset subset = SampleSubset.Train)
    {
        var path = PathOf(sample, subset);
        if (!File.Exists(path))
            throw new DeepStatsException("SampleNotFound", FailureKind.ObjectNotFound,
                $"The sample data file '{path}' is missing; the module folder is incomplete. Rebuild or reinstall DeepStats.", path);
        return sample switch
        {
            SampleName.FashionMnist => IdxReader.Read(path, IdxReader.FindLabelFile(path), IdxReader.FashionMnistClasses),
            _ => CsvDatasetReader.Read(path, new CsvImportOptions { Target = "species" }),
        };
    }
}
