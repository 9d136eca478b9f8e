using System.Buffers.Binary;
using System.IO.Compression;

namespace DeepStats.Core.Data;

/// <summary>
/// Reads IDX files (the MNIST family: an image file of type 0x0803 and a label file of type
/// 0x0801), gzipped or not, into an image <see cref="Dataset"/> with a class target.
/// </summary>
public static class IdxReader
{
    /// <summary>Class names of Fashion-MNIST, in label order.</summary>
    public static readonly string[] FashionMnistClasses =
        { "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot" };

    /// <summary>The label file that conventionally sits beside an image file
    /// (train-images-idx3-ubyte[.gz] -> train-labels-idx1-ubyte[.gz]), or null when there is none.</summary>
    public static string? FindLabelFile(string imagePath)
    {
        var dir = Path.GetDirectoryName(imagePath) ?? ".";
        var name = Path.GetFileName(imagePath);
        if (!name.Contains("images-idx3", StringComparison.OrdinalIgnoreCase)) return null;
        var candidate = name.Replace("images-idx3", "labels-idx1", StringComparison.OrdinalIgnoreCase);
        foreach (var c in new[] { candidate, candidate + ".gz", candidate.EndsWith(".gz") ? candidate[..^3] : candidate })
        {
            var p = Path.Combine(dir, c);
            if (File.Exists(p)) return p;
        }
        return null;
    }

    /// <summary>True when the file starts with an IDX magic number (after gunzipping if needed).</summary>
    public static bool LooksLikeIdx(string path)
    {
        try
        {
            using var s = Open(path);
            Span<byte> head = stackalloc byte[4];
            return s.ReadAtLeast(head, 4, throwOnEndOfStream: false) == 4 && head[0] == 0 && head[1] == 0 && head[2] == 0x08 && head[3] is >= 1 and <= 4;
        }
        catch (InvalidDataException) { return false; }
    }

    public static Dataset Read(string imagePath, string? labelPath, IReadOnlyList<string>? classNames = null)
    {
        var (dims, data) = ReadIdx(imagePath);
        if (dims.Length is < 3 or > 4)
            throw new DeepStatsException(ErrorIds.IdxNotImages, FailureKind.InvalidData,
                $"File '{imagePath}' holds an IDX array of {dims.Length} dimensions; images need 3 (N x H x W) or 4 (N x H x W x C).", imagePath);
        int n = dims[0], h = dims[1], w = dims[2], c = dims.Length == 4 ? dims[3] : 1;
        var pixels = new float[(long)n * c * h * w];
        if (c == 1)
        {
            for (long i = 0; i < pixels.Length; i++) pixels[i] = data[i];
        }
        else
        {
            // IDX stores N x H x W x C; models want N x C x H x W.
            for (int k = 0; k < n; k++)
                for (int y = 0; y < h; y++)
                    for (int x = 0; x < w; x++)
                        for (int ch = 0; ch < c; ch++)
                            pixels[(((long)k * c + ch) * h + y) * w + x] = data[(((long)k * h + y) * w + x) * c + ch];
        }
        TargetColumn? target = null;
        if (labelPath is not null)
        {
            var (ldims, labels) = ReadIdx(labelPath);
            if (ldims.Length != 1)
                throw new DeepStatsException(ErrorIds.IdxNotLabels, FailureKind.InvalidData,
                    $"Label file '{labelPath}' holds an IDX array of {ldims.Length} dimensions; labels need 1.", labelPath);
            if (ldims[0] != n)
                throw new DeepStatsException(ErrorIds.IdxCountMismatch, FailureKind.InvalidData,
                    $"Label file '{labelPath}' has {ldims[0]} labels but image file '{imagePath}' has {n} images. Pass the matching pair.", labelPath);
            int maxLabel = labels.Length == 0 ? 0 : labels.Max();
            int classes = Math.Max(maxLabel + 1, classNames?.Count ?? 0);
            if (classNames is not null && classNames.Count < maxLabel + 1)
                throw new DeepStatsException(ErrorIds.ClassNamesTooFew, FailureKind.InvalidArgument,
                    $"{classNames.Count} class names were given but '{labelPath}' has labels up to {maxLabel}.", classNames);
            var names = classNames?.ToArray() ?? Enumerable.Range(0, classes).Select(i => i.ToString()).ToArray();
            target = new TargetColumn("label", labels.Select(l => (int)l).ToArray(), names);
        }
        var name = Path.GetFileName(imagePath);
        return Dataset.FromImages(name, imagePath, new ImageBlock(pixels, n, c, h, w), target);
    }

    private static Stream Open(string path)
    {
        if (!File.Exists(path))
            throw new DeepStatsException(ErrorIds.FileNotFound, FailureKind.ObjectNotFound, $"File '{path}' does not exist.", path);
        var fs = File.OpenRead(path);
        if (CsvDatasetReader.IsGzip(fs)) return new GZipStream(fs, CompressionMode.Decompress);
        return fs;
    }

    /// <summary>Reads an unsigned-byte IDX array: its dimensions and its data.</summary>
    public static (int[] Dims, byte[] Data) ReadIdx(string path)
    {
        using var s = Open(path);
        Span<byte> head = stackalloc byte[4];
        if (s.ReadAtLeast(head, 4, throwOnEndOfStream: false) != 4 || head[0] != 0 || head[1] != 0)
            throw new DeepStatsException(ErrorIds.IdxBadMagic, FailureKind.InvalidData,
                $"File '{path}' is not an IDX file (it does not start with the IDX magic number 00 00 08 0n).", path);
        if (head[2] != 0x08)
            throw new DeepStatsException(ErrorIds.IdxUnsupportedType, FailureKind.NotSupported,
                $"File '{path}' holds IDX element type 0x{head[2]:x2}; only unsigned bytes (0x08) are supported.", path);
        int rank = head[3];
        var dims = new int[rank];
        long total = 1;
        for (int i = 0; i < rank; i++)
        {
            if (s.ReadAtLeast(head, 4, throwOnEndOfStream: false) != 4)
                throw new DeepStatsException(ErrorIds.IdxTruncated, FailureKind.InvalidData, $"File '{path}' ends inside its IDX header.", path);
            dims[i] = BinaryPrimitives.ReadInt32BigEndian(head);
            if (dims[i] < 0) throw new DeepStatsException(ErrorIds.IdxBadHeader, FailureKind.InvalidData, $"File '{path}' has a negative dimension in its IDX header.", path);
            total *= dims[i];
        }
        if (total > Array.MaxLength)
            throw new DeepStatsException(ErrorIds.IdxTooLarge, FailureKind.InvalidData, $"File '{path}' declares {total} values, more than one array can hold.", path);
        var data = new byte[total];
        int read = s.ReadAtLeast(data, data.Length, throwOnEndOfStream: false);
        if (read != data.Length)
            throw new DeepStatsException(ErrorIds.IdxTruncated, FailureKind.InvalidData,
                $"File '{path}' is truncated: its header declares {total} values ({string.Join(" x ", dims)}) but only {read} follow.", path);
        return (dims, data);
    }
}
