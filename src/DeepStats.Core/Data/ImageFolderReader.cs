using StbImageSharp;

namespace DeepStats.Core.Data;

/// <summary>Settings of <see cref="ImageFolderReader"/>.</summary>
public sealed record ImageFolderOptions
{
    /// <summary>Resize every image to this height and width (bilinear); null requires all images to share one size.</summary>
    public (int Height, int Width)? Size { get; init; }
    public ImageColorMode ColorMode { get; init; } = ImageColorMode.Auto;
    public Action<string>? Log { get; init; }
    public Action<string>? Warn { get; init; }
}

/// <summary>
/// Reads a folder with one sub-folder per class, each holding PNG or JPEG files, into an image
/// dataset (N x C x H x W raw pixel values 0-255, target = sub-folder name). Decoding uses
/// StbImageSharp (pure managed). A file that does not decode, or has a size different from the
/// others when no -Size is given, is an error naming the file.
/// </summary>
public static class ImageFolderReader
{
    private static readonly string[] Extensions = { ".png", ".jpg", ".jpeg" };

    public static bool LooksLikeImageFolder(string path) => Directory.Exists(path);

    public static Dataset Read(string folder, ImageFolderOptions? options = null)
    {
        options ??= new ImageFolderOptions();
        if (!Directory.Exists(folder))
            throw new DeepStatsException(ErrorIds.FileNotFound, FailureKind.ObjectNotFound, $"Folder '{folder}' does not exist.", folder);
        if (options.Size is { } sz && (sz.Height < 1 || sz.Width < 1 || (long)sz.Height * sz.Width > 16_777_216))
            throw new DeepStatsException(ErrorIds.InvalidImageSize, FailureKind.InvalidArgument, $"-Size must be two positive numbers (height, width) of at most 16M pixels; got {sz.Height}x{sz.Width}.", sz);
        var classes = Directory.GetDirectories(folder).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal).ToArray();
        if (classes.Length == 0)
            throw new DeepStatsException(ErrorIds.ImageFolderNoClasses, FailureKind.InvalidData,
                $"Folder '{folder}' has no sub-folders. Put the images of each class in a sub-folder named after the class (cat/1.png, dog/2.png).", folder);
        var files = new List<(string File, int Label)>();
        int ignored = 0;
        for (int c = 0; c < classes.Length; c++)
        {
            var dir = Path.Combine(folder, classes[c]);
            var all = Directory.GetFiles(dir).Order(StringComparer.Ordinal).ToArray();
            var images = all.Where(f => Extensions.Contains(Path.GetExtension(f).ToLowerInvariant())).ToArray();
            ignored += all.Length - images.Length;
            if (images.Length == 0)
                throw new DeepStatsException(ErrorIds.ImageFolderEmptyClass, FailureKind.InvalidData,
                    $"Class folder '{dir}' holds no PNG or JPEG file. Remove the folder or add its images.", dir);
            files.AddRange(images.Select(f => (f, c)));
        }
        if (ignored > 0) options.Warn?.Invoke($"{ignored} file(s) in '{folder}' are not PNG or JPEG and were not read.");

        // first pass: headers only (size and channels), so the buffer is allocated once and odd files are named before decoding
        var infos = new (int W, int H, int Comp)[files.Count];
        for (int i = 0; i < files.Count; i++)
        {
            ImageInfo? info;
            try
            {
                using var s = File.OpenRead(files[i].File);
                info = ImageInfo.FromStream(s);
            }
            catch (Exception e) when (e is not DeepStatsException)
            {
                info = null;
            }
            if (info is not { } ii || ii.Width < 1 || ii.Height < 1)
                throw new DeepStatsException(ErrorIds.ImageDecodeFailed, FailureKind.InvalidData,
                    $"File '{files[i].File}' is not a readable PNG or JPEG image. Remove or replace it.", files[i].File);
            infos[i] = (ii.Width, ii.Height, (int)ii.ColorComponents);
        }
        int height, width;
        if (options.Size is { } size) (height, width) = size;
        else
        {
            (height, width) = (infos[0].H, infos[0].W);
            for (int i = 1; i < files.Count; i++)
                if (infos[i].H != height || infos[i].W != width)
                    throw new DeepStatsException(ErrorIds.ImageSizeMismatch, FailureKind.InvalidData,
                        $"File '{files[i].File}' is {infos[i].H}x{infos[i].W} (height x width) but '{files[0].File}' is {height}x{width}. " +
                        "Pass -Size height,width to resize every image, or make the images the same size.", files[i].File);
        }
        bool color = options.ColorMode switch
        {
            ImageColorMode.Rgb => true,
            ImageColorMode.Grayscale => false,
            _ => infos.Any(i => i.Comp >= (int)ColorComponents.RedGreenBlue),
        };
        int channels = color ? 3 : 1;
        long total = (long)files.Count * channels * height * width;
        if (total > Array.MaxLength || total * 4 > MemoryBudget.DefaultLimit())
            throw new DeepStatsException(ErrorIds.DatasetTooLarge, FailureKind.ResourceUnavailable,
                $"{files.Count} images of {channels}x{height}x{width} need {total * 4 / (1024.0 * 1024 * 1024):0.##} GiB, more than this process may use. Pass a smaller -Size or fewer images.", folder);
        options.Log?.Invoke($"Images: {files.Count} in {classes.Length} classes ({string.Join(", ", classes.Take(10))}{(classes.Length > 10 ? ", ..." : "")}); " +
                            $"{(color ? "RGB" : "grayscale")} ({options.ColorMode}), {height}x{width}{(options.Size is null ? "" : " (resized)")}.");
        var pixels = new float[total];
        var labels = new int[files.Count];
        int plane = height * width;
        for (int i = 0; i < files.Count; i++)
        {
            ImageResult img;
            try
            {
                img = ImageResult.FromMemory(File.ReadAllBytes(files[i].File), color ? ColorComponents.RedGreenBlue : ColorComponents.Grey);
            }
            catch (Exception e) when (e is not DeepStatsException)
            {
                throw new DeepStatsException(ErrorIds.ImageDecodeFailed, FailureKind.InvalidData,
                    $"File '{files[i].File}' could not be decoded ({e.Message}). Remove or replace it.", files[i].File, e);
            }
            labels[i] = files[i].Label;
            long baseIndex = (long)i * channels * plane;
            for (int ch = 0; ch < channels; ch++)
                Resize(img.Data, img.Width, img.Height, channels, ch, pixels.AsSpan((int)(baseIndex + (long)ch * plane), plane), width, height);
        }
        var target = new TargetColumn("class", labels, classes);
        return Dataset.FromImages(Path.GetFileName(Path.TrimEndingDirectorySeparator(folder)), folder, new ImageBlock(pixels, files.Count, channels, height, width), target);
    }

    /// <summary>Bilinear resampling of one channel of interleaved 8-bit pixels (pixel centres aligned); a copy when sizes agree.</summary>
    public static void Resize(byte[] src, int sw, int sh, int comps, int ch, Span<float> dst, int dw, int dh)
    {
        if (sw == dw && sh == dh)
        {
            for (int i = 0; i < dst.Length; i++) dst[i] = src[i * comps + ch];
            return;
        }
        double sy = (double)sh / dh, sx = (double)sw / dw;
        for (int y = 0; y < dh; y++)
        {
            double fy = Math.Clamp((y + 0.5) * sy - 0.5, 0, sh - 1);
            int y0 = (int)fy, y1 = Math.Min(y0 + 1, sh - 1);
            double wy = fy - y0;
            for (int x = 0; x < dw; x++)
            {
                double fx = Math.Clamp((x + 0.5) * sx - 0.5, 0, sw - 1);
                int x0 = (int)fx, x1 = Math.Min(x0 + 1, sw - 1);
                double wx = fx - x0;
                double top = src[(y0 * sw + x0) * comps + ch] * (1 - wx) + src[(y0 * sw + x1) * comps + ch] * wx;
                double bottom = src[(y1 * sw + x0) * comps + ch] * (1 - wx) + src[(y1 * sw + x1) * comps + ch] * wx;
                dst[y * dw + x] = (float)(top * (1 - wy) + bottom * wy);
            }
        }
    }
}
