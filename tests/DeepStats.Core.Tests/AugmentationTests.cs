using DeepStats.Core.Data;
using DeepStats.Core.Preprocessing;
using DeepStats.Core.Training;
using Xunit;
using static TorchSharp.torch;

namespace DeepStats.Core.Tests;

public class AugmentationTests
{
    // 8 images, 1 channel, 6 x 6, every pixel distinct and positive so moves and erasures are visible
    private static Tensor Batch() => arange(1, 8 * 36 + 1, dtype: ScalarType.Float32).view(8, 1, 6, 6);

    private static float[] Run(AugmentationPolicy p, Tensor x)
    {
        using var a = p.Start(new[] { 1, 6, 6 });
        using var y = a.Apply(x);
        return y.data<float>().ToArray();
    }

    [Fact]
    public void SameSeedSameChangesOtherSeedOthers()
    {
        using var x = Batch();
        var p = new AugmentationPolicy { FlipProbability = 0.5, MaxShift = 1, MaxRotation = 10, ErasingProbability = 0.5, NoiseStd = 0.1, Seed = 4 };
        Assert.Equal(Run(p, x), Run(p, x));
        Assert.NotEqual(Run(p, x), Run(p with { Seed = 5 }, x));
        Assert.Equal(x.data<float>().ToArray(), Batch().data<float>().ToArray()); // the input is not changed
    }

    [Fact]
    public void FlipWithProbabilityOneMirrorsEveryImage()
    {
        using var x = Batch();
        using var flipped = x.flip(3);
        Assert.Equal(flipped.data<float>().ToArray(), Run(new AugmentationPolicy { FlipProbability = 1, Seed = 1 }, x));
    }

    [Fact]
    public void ShiftMovesEachImageByWholePixelsAndPadsWithZeros()
    {
        using var x = Batch();
        var src = x.data<float>().ToArray();
        var got = Run(new AugmentationPolicy { MaxShift = 2, Seed = 3 }, x);
        int moved = 0;
        for (int k = 0; k < 8; k++)
        {
            // the output must equal the input shifted by some (dy, dx) in [-2, 2]², zeros where nothing was shifted in
            bool match = false;
            for (int dy = -2; dy <= 2 && !match; dy++)
                for (int dx = -2; dx <= 2 && !match; dx++)
                {
                    match = true;
                    for (int i = 0; i < 6 && match; i++)
                        for (int j = 0; j < 6 && match; j++)
                        {
                            int si = i - dy, sj = j - dx;
                            float expected = si is >= 0 and < 6 && sj is >= 0 and < 6 ? src[k * 36 + si * 6 + sj] : 0f;
                            match = got[k * 36 + i * 6 + j] == expected;
                        }
                    if (match && (dx != 0 || dy != 0)) moved++;
                }
            Assert.True(match, $"image {k} is not a whole-pixel shift of the input");
        }
        Assert.True(moved >= 4, $"only {moved} of 8 images moved"); // 24 of 25 shifts move: all 8 stay put with probability 25^-8
    }

    [Fact]
    public void ErasingBlanksOneRectangleOfTheStatedSize()
    {
        using var x = Batch();
        var src = x.data<float>().ToArray();
        var got = Run(new AugmentationPolicy { ErasingProbability = 1, Seed = 2 }, x);
        for (int k = 0; k < 8; k++)
        {
            var zeros = Enumerable.Range(0, 36).Where(p => got[k * 36 + p] == 0).ToArray();
            Assert.NotEmpty(zeros);
            int r0 = zeros.Min(p => p / 6), r1 = zeros.Max(p => p / 6), c0 = zeros.Min(p => p % 6), c1 = zeros.Max(p => p % 6);
            Assert.Equal((r1 - r0 + 1) * (c1 - c0 + 1), zeros.Length); // a filled rectangle
            Assert.InRange(zeros.Length, 1, 12); // 2-20% of 36 pixels is at most 7.2; rounding each side up allows a little more
            foreach (var p in Enumerable.Range(0, 36).Except(zeros)) Assert.Equal(src[k * 36 + p], got[k * 36 + p]);
        }
    }

    [Fact]
    public void RotationTurnsTheImageAndNoiseHasTheStatedSpread()
    {
        // 16 copies of a horizontal bar through the centre of a 7 x 7 image, rotated by uniform angles within +-90 degrees:
        // the centre pixel is the rotation's fixed point (value kept), and the bar leaves its row (off-row mass appears)
        using var bar = zeros(16, 1, 7, 7);
        bar[.., .., 3].fill_(1f);
        var p = new AugmentationPolicy { MaxRotation = 90, Seed = 9 };
        using var a = p.Start(new[] { 1, 7, 7 });
        using var turned = a.Apply(bar);
        int turnedAway = 0;
        for (int k = 0; k < 16; k++)
        {
            Assert.Equal(1f, turned[k, 0, 3, 3].item<float>(), 4);
            float offRow = turned[k, 0].sum().item<float>() - turned[k, 0, 3].sum().item<float>();
            if (offRow > 0.5f) turnedAway++;
        }
        Assert.True(turnedAway >= 8, $"only {turnedAway} of 16 bars turned"); // |angle| > ~5 degrees puts mass off the row

        using var flat = zeros(20000, 5);
        using var n = new AugmentationPolicy { NoiseStd = 0.3, Seed = 1 }.Start(new[] { 5 });
        using var noisy = n.Apply(flat);
        Assert.InRange(noisy.std().item<float>(), 0.29f, 0.31f); // sd of 100000 draws: 0.3 +- 0.3 / sqrt(2e5)
        Assert.InRange(noisy.mean().item<float>(), -0.01f, 0.01f);
    }

    [Fact]
    public void ImageOperationsAreRefusedForTables()
    {
        var e = Assert.Throws<DeepStatsException>(() => new AugmentationPolicy { FlipProbability = 0.5 }.Start(new[] { 4 }));
        Assert.Equal(ErrorIds.AugmentationNotApplicable, e.ErrorId);
        Assert.Equal(ErrorIds.InvalidAugmentation, Assert.Throws<DeepStatsException>(() => new AugmentationPolicy { ErasingProbability = 2 }.Validate()).ErrorId);
    }

    [Fact]
    public void TrainingAppliesTheAugmentationToTrainingBatchesOnly()
    {
        var rng = new Random(1);
        int n = 80;
        var x = Enumerable.Range(0, n).Select(i => (i % 2 == 0 ? 1.0 : -1.0) + 0.1 * rng.NextDouble()).ToArray();
        var data = Dataset.Tabular("t", "test", new DataColumn[] { new NumericColumn("x", x) },
            CsvDatasetReader.BuildTarget("y", Enumerable.Range(0, n).Select(i => i % 2 == 0 ? "a" : "b").ToArray()));
        var options = new TrainingOptions { Epochs = 2, Seed = 3, ValidationFraction = 0.25 };
        using var plain = Trainer.Train(data, null, options);
        using var noisy = Trainer.Train(data, null, options with { Augmentation = new AugmentationPolicy { NoiseStd = 1, Seed = 2 } });
        using var again = Trainer.Train(data, null, options with { Augmentation = new AugmentationPolicy { NoiseStd = 1, Seed = 2 } });
        Assert.NotEqual(plain.History[0].Loss, noisy.History[0].Loss); // the training batches changed
        Assert.Equal(noisy.History.Select(h => h.Loss), again.History.Select(h => h.Loss)); // seeded
    }
}
