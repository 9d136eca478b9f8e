using TorchSharp;
using static TorchSharp.torch;

namespace DeepStats.Core.Preprocessing;

/// <summary>
/// A seeded augmentation policy: random changes applied on the fly to each training batch (never to
/// validation or test data, never stored). Images (N x C x H x W), in this order: horizontal flip with
/// probability <see cref="FlipProbability"/>; a random shift of up to <see cref="MaxShift"/> pixels in
/// each direction, the uncovered border filled with 0 (a random crop of the image padded by that many
/// pixels); a rotation by a uniform angle in ±<see cref="MaxRotation"/> degrees about the centre
/// (bilinear, zeros outside); random erasing with probability <see cref="ErasingProbability"/> of one
/// rectangle of 2-20% of the area and aspect ratio 0.3-3.3, set to 0 (after standardization, the
/// mean); Gaussian noise of standard deviation <see cref="NoiseStd"/>. Tables and sequences: only the
/// noise (on standardized features it is a fraction of each feature's sd). All draws come from a
/// torch generator seeded with <see cref="Seed"/>: the same policy, seed and batches give the same changes.
/// </summary>
public sealed record AugmentationPolicy
{
    public double FlipProbability { get; init; }
    public int MaxShift { get; init; }
    public double MaxRotation { get; init; }
    public double ErasingProbability { get; init; }
    public double NoiseStd { get; init; }
    public int Seed { get; init; }

    /// <summary>Whether the policy changes images geometrically (flip, shift, rotation, erasing).</summary>
    public bool HasImageOperations => FlipProbability > 0 || MaxShift > 0 || MaxRotation > 0 || ErasingProbability > 0;

    public void Validate()
    {
        if (FlipProbability is < 0 or > 1 || double.IsNaN(FlipProbability)) throw Bad($"The flip probability must be between 0 and 1; got {FlipProbability}.");
        if (ErasingProbability is < 0 or > 1 || double.IsNaN(ErasingProbability)) throw Bad($"The erasing probability must be between 0 and 1; got {ErasingProbability}.");
        if (MaxShift < 0) throw Bad($"The shift must not be negative; got {MaxShift}.");
        if (MaxRotation is < 0 or > 180 || double.IsNaN(MaxRotation)) throw Bad($"The rotation must be between 0 and 180 degrees; got {MaxRotation}.");
        if (NoiseStd < 0 || !double.IsFinite(NoiseStd)) throw Bad($"The noise standard deviation must be a non-negative number; got {NoiseStd}.");
    }

    /// <summary>Starts applying the policy to batches of inputs of one row's shape ([features], [steps, features] or [C, H, W]).</summary>
    public BatchAugmenter Start(int[] inputShape)
    {
        Validate();
        if (HasImageOperations && inputShape.Length != 3)
            throw new DeepStatsException(ErrorIds.AugmentationNotApplicable, FailureKind.InvalidArgument,
                "Flip, shift, rotation and erasing change images, but the data is " + (inputShape.Length == 1 ? "a table" : "sequences") +
                ". For tables use only -Noise (Gaussian noise on standardized features).", this);
        if (inputShape.Length == 3 && MaxShift >= Math.Min(inputShape[1], inputShape[2]))
            throw Bad($"A shift of {MaxShift} pixels would move a {inputShape[1]}x{inputShape[2]} image out of view; use fewer pixels.");
        return new BatchAugmenter(this);
    }

    private static DeepStatsException Bad(string m) => new(ErrorIds.InvalidAugmentation, FailureKind.InvalidArgument, m);

    public override string ToString()
    {
        var parts = new List<string>();
        if (FlipProbability > 0) parts.Add($"flip p={FlipProbability:G3}");
        if (MaxShift > 0) parts.Add($"shift ±{MaxShift} px");
        if (MaxRotation > 0) parts.Add($"rotation ±{MaxRotation:G3}°");
        if (ErasingProbability > 0) parts.Add($"erasing p={ErasingProbability:G3}");
        if (NoiseStd > 0) parts.Add($"noise sd={NoiseStd:G3}");
        return (parts.Count == 0 ? "no augmentation" : string.Join(", ", parts)) + $", seed {Seed}";
    }
}

/// <summary>Applies a policy to successive training batches with its own seeded torch generator (the global one is left
/// alone). In a run it is also a callback whose checkpoint state is that generator's state, so a resumed run goes on
/// drawing exactly what the uninterrupted run would have drawn.</summary>
public sealed class BatchAugmenter : Training.TrainingCallback, IDisposable, Training.IBatchTransform
{
    private readonly AugmentationPolicy _p;
    private readonly Generator _g;

    internal BatchAugmenter(AugmentationPolicy policy)
    {
        _p = policy;
        _g = new Generator().manual_seed(policy.Seed);
    }

    /// <summary>The trainer's batch seam: draws from the policy's own generator, not the run's.</summary>
    Tensor Training.IBatchTransform.Transform(Tensor input, Generator generator) => Apply(input);

    public override string Name => "Augmentation";

    public override void SaveState(BinaryWriter writer)
    {
        using var state = _g.get_state();
        var bytes = state.bytes.ToArray();
        writer.Write(bytes.Length);
        writer.Write(bytes);
    }

    public override void LoadState(BinaryReader reader)
    {
        var bytes = reader.ReadBytes(reader.ReadInt32());
        using var state = _g.get_state();
        state.bytes = bytes;
        _g.set_state(state);
    }

    /// <summary>The augmented batch (a new tensor; the input is not changed). Temporaries belong to the caller's dispose scope.</summary>
    public Tensor Apply(Tensor x)
    {
        using var _ = no_grad();
        if (x.dim() == 4 && _p.HasImageOperations)
        {
            long n = x.shape[0], h = x.shape[2], w = x.shape[3];
            if (_p.FlipProbability > 0)
            {
                var flip = rand(new[] { n }, generator: _g).lt(_p.FlipProbability).view(n, 1, 1, 1);
                x = where(flip, x.flip(3), x);
            }
            if (_p.MaxShift > 0 || _p.MaxRotation > 0)
            {
                var zeros = torch.zeros(n);
                var dx = _p.MaxShift > 0 ? randint(-_p.MaxShift, _p.MaxShift + 1, new[] { n }, generator: _g).to_type(ScalarType.Float32) : zeros;
                var dy = _p.MaxShift > 0 ? randint(-_p.MaxShift, _p.MaxShift + 1, new[] { n }, generator: _g).to_type(ScalarType.Float32) : zeros;
                var angle = _p.MaxRotation > 0 ? (rand(new[] { n }, generator: _g) * 2 - 1) * (_p.MaxRotation * Math.PI / 180) : zeros;
                var cos = angle.cos();
                var sin = angle.sin();
                // output pixel (i, j) reads input pixel (i - dy, j - dx) rotated about the centre; normalised coordinates
                // (align_corners = false) span 2 / W per pixel, and the aspect factors keep a rotation rigid on non-square images
                var theta = stack(new[]
                {
                    stack(new[] { cos, -sin * ((double)h / w), -dx * (2.0 / w) }, 1),
                    stack(new[] { sin * ((double)w / h), cos, -dy * (2.0 / h) }, 1),
                }, 1);
                var grid = nn.functional.affine_grid(theta, x.shape, align_corners: false);
                // a pure shift samples pixel centres exactly: nearest keeps the values bit for bit
                x = nn.functional.grid_sample(x, grid, _p.MaxRotation > 0 ? GridSampleMode.Bilinear : GridSampleMode.Nearest, GridSamplePaddingMode.Zeros, false);
            }
            if (_p.ErasingProbability > 0)
            {
                var erase = rand(new[] { n }, generator: _g).lt(_p.ErasingProbability);
                var area = (rand(new[] { n }, generator: _g) * 0.18 + 0.02) * (h * w);
                var ratio = (rand(new[] { n }, generator: _g) * (Math.Log(3.3) - Math.Log(0.3)) + Math.Log(0.3)).exp();
                var eh = (area * ratio).sqrt().round().clamp(1, h);
                var ew = (area / ratio).sqrt().round().clamp(1, w);
                var top = (rand(new[] { n }, generator: _g) * (h - eh + 1)).floor();
                var left = (rand(new[] { n }, generator: _g) * (w - ew + 1)).floor();
                var rows = arange(h, dtype: ScalarType.Float32).view(1, h, 1);
                var cols = arange(w, dtype: ScalarType.Float32).view(1, 1, w);
                var inRows = rows.ge(top.view(n, 1, 1)).logical_and(rows.lt((top + eh).view(n, 1, 1)));
                var inCols = cols.ge(left.view(n, 1, 1)).logical_and(cols.lt((left + ew).view(n, 1, 1)));
                var mask = inRows.logical_and(inCols).logical_and(erase.view(n, 1, 1)).unsqueeze(1);
                x = x.masked_fill(mask, 0);
            }
        }
        if (_p.NoiseStd > 0) x = x + randn(x.shape, generator: _g) * _p.NoiseStd;
        return x;
    }

    public void Dispose() => _g.Dispose();
}
