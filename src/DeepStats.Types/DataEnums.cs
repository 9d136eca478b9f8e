namespace DeepStats.Core.Data;

/// <summary>Whether a model predicts a class or a number.</summary>
public enum TargetKind { Classification, Regression }

/// <summary>Whether a dataset holds table columns or images.</summary>
public enum DatasetKind { Tabular, Image, Sequence }

/// <summary>How images from a folder are turned into channels.</summary>
public enum ImageColorMode
{
    /// <summary>Grayscale when every image is grayscale, else RGB.</summary>
    Auto,
    /// <summary>One channel (colour images are converted to luminance by the decoder).</summary>
    Grayscale,
    /// <summary>Three channels (grayscale images are repeated into R, G and B).</summary>
    Rgb,
}

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

/// <summary>How a column's values are stored and turned into model inputs.</summary>
public enum ColumnKind
{
    /// <summary>Numbers, stored as float64; a missing value is NaN.</summary>
    Numeric,
    /// <summary>Text labels, stored as codes into a sorted level list; a missing value is code -1.</summary>
    Categorical,
    /// <summary>true / false, stored as codes 0 (false) and 1 (true); a missing value is code -1. One model input (0 or 1).</summary>
    Boolean,
}

/// <summary>How a categorical column becomes model inputs.</summary>
public enum CategoryEncoding
{
    /// <summary>One input per level: 1 for the row's level, 0 elsewhere (the default).</summary>
    OneHot,
    /// <summary>One input holding the level's index (0, 1, ...): for embeddings or tree-like models; implies an order.</summary>
    Index,
}
