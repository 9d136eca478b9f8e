namespace DeepStats.Core.Data;

/// <summary>Images stored as one contiguous N x C x H x W float32 buffer (raw pixel values unless a
/// transform changed them).</summary>
public sealed class ImageBlock
{
    public ImageBlock(float[] pixels, int count, int channels, int height, int width)
    {
        if ((long)count * channels * height * width != pixels.Length)
            throw new ArgumentException($"Pixel buffer holds {pixels.Length} values, expected {count}x{channels}x{height}x{width}.");
        Pixels = pixels;
        Count = count;
        Channels = channels;
        Height = height;
        Width = width;
    }

    public float[] Pixels { get; }
    public int Count { get; }
    public int Channels { get; }
    public int Height { get; }
    public int Width { get; }
    public int ImageSize => Channels * Height * Width;
    public int[] Shape => new[] { Channels, Height, Width };

    public ImageBlock Select(ReadOnlySpan<int> rows) =>
        new(SelectRows(Pixels, ImageSize, rows), rows.Length, Channels, Height, Width);

    /// <summary>The given rows of a contiguous row-major buffer whose rows hold <paramref name="rowSize"/> values each.</summary>
    internal static float[] SelectRows(float[] source, int rowSize, ReadOnlySpan<int> rows)
    {
        var result = new float[(long)rows.Length * rowSize];
        for (int i = 0; i < rows.Length; i++)
            Array.Copy(source, (long)rows[i] * rowSize, result, (long)i * rowSize, rowSize);
        return result;
    }
}
