using DeepStats.Core.Data;
using DeepStats.Core.Statistics;

namespace DeepStats.Core.Preprocessing;

/// <summary>The fitted location and scale of one numeric column (or one image channel).</summary>
public sealed record ScaleParameter(string Name, double Mean, double StandardDeviation);

/// <summary>
/// z-score standardisation, z = (x - mean) / sd, with mean and sample sd (n - 1) fitted on one
/// dataset. Tabular data: every numeric column (categorical columns are left to their encoding);
/// images: one mean and sd per channel over all pixels. A constant column (sd 0) is only centred
/// (its scale is taken as 1) and reported in <see cref="ConstantColumns"/>. Missing values stay missing.
/// </summary>
public sealed class Standardizer : IFittedTransform
{
    private Standardizer(IReadOnlyList<ScaleParameter> parameters, string fittedOn, bool images, bool sequences = false)
    {
        ForSequences = sequences;
        Parameters = parameters;
        FittedOn = fittedOn;
        ForImages = images;
    }

    public Guid Id { get; private init; } = Guid.NewGuid();
    /// <summary>Rebuilds a fitted standardizer from its saved state (model files), keeping its identity.</summary>
    internal static Standardizer Restore(Guid id, IReadOnlyList<ScaleParameter> parameters, string fittedOn, bool images, bool sequences) =>
        new(parameters, fittedOn, images, sequences) { Id = id };

    public string Kind => "Standardize";
    public string FittedOn { get; }
    public bool ForImages { get; }
    public bool ForSequences { get; }
    public IReadOnlyList<ScaleParameter> Parameters { get; }
    public IReadOnlyList<string> ConstantColumns => Parameters.Where(p => p.StandardDeviation == 0).Select(p => p.Name).ToArray();

    public static Standardizer Fit(Dataset data)
    {
        if (data.Sequences is { } seq)
        {
            var sp = new ScaleParameter[seq.Features];
            long steps = (long)seq.Count * seq.Steps;
            for (int j = 0; j < seq.Features; j++)
            {
                var values = new double[steps];
                for (long r = 0; r < steps; r++) values[r] = seq.Values[r * seq.Features + j];
                var m = Moments.Compute(values);
                sp[j] = new ScaleParameter(seq.FeatureNames[j], m.Mean, m.Count > 1 ? Math.Sqrt(m.SampleVariance) : 0);
            }
            return new Standardizer(sp, data.Fingerprint, false, true);
        }
        if (data.Images is { } img)
        {
            var ps = new ScaleParameter[img.Channels];
            int plane = img.Height * img.Width;
            for (int c = 0; c < img.Channels; c++)
            {
                var values = new double[(long)img.Count * plane];
                for (int k = 0; k < img.Count; k++)
                    for (int i = 0; i < plane; i++)
                        values[(long)k * plane + i] = img.Pixels[((long)k * img.Channels + c) * plane + i];
                var m = Moments.Compute(values);
                ps[c] = new ScaleParameter($"channel{c}", m.Mean, Math.Sqrt(m.SampleVariance));
            }
            return new Standardizer(ps, data.Fingerprint, true);
        }
        var list = new List<ScaleParameter>();
        foreach (var col in data.Columns.OfType<NumericColumn>())
        {
            var m = Moments.Compute(col.Values);
            if (m.Count == 0)
                throw new DeepStatsException("StandardizeAllMissing", FailureKind.InvalidData,
                    $"Column '{col.Name}' has no values (all {col.Length} are missing), so it cannot be standardized. Exclude it.", col.Name);
            list.Add(new ScaleParameter(col.Name, m.Mean, m.Count > 1 ? Math.Sqrt(m.SampleVariance) : 0));
        }
        return new Standardizer(list, data.Fingerprint, false);
    }

    public Dataset Apply(Dataset data)
    {
        if (ForSequences != (data.Sequences is not null))
            throw new DeepStatsException("TransformKindMismatch", FailureKind.InvalidArgument,
                $"This standardizer was fitted on {(ForSequences ? "sequences" : "other data")} but the data holds {data.Kind.ToString().ToLowerInvariant()} data.", data);
        if (data.Sequences is { } seq)
        {
            if (seq.Features != Parameters.Count)
                throw new DeepStatsException("TransformSchemaMismatch", FailureKind.InvalidData,
                    $"This standardizer was fitted on sequences of {Parameters.Count} features but the data has {seq.Features}.", data);
            var v = new float[seq.Values.Length];
            for (long r = 0; r < v.Length; r++)
            {
                var p = Parameters[(int)(r % seq.Features)];
                v[r] = (float)((seq.Values[r] - p.Mean) / (p.StandardDeviation > 0 ? p.StandardDeviation : 1));
            }
            return data.WithTransformedSequences(new SequenceBlock(v, seq.Count, seq.Steps, seq.Features, seq.FeatureNames), this);
        }
        if (ForImages != (data.Images is not null))
            throw new DeepStatsException("TransformKindMismatch", FailureKind.InvalidArgument,
                $"This standardizer was fitted on {(ForImages ? "images" : "table columns")} but the data holds {(ForImages ? "table columns" : "images")}.", data);
        if (data.Images is { } img)
        {
            if (img.Channels != Parameters.Count)
                throw new DeepStatsException("TransformSchemaMismatch", FailureKind.InvalidData,
                    $"This standardizer was fitted on {Parameters.Count}-channel images but the data has {img.Channels} channels.", data);
            var px = new float[img.Pixels.Length];
            int plane = img.Height * img.Width;
            for (int k = 0; k < img.Count; k++)
                for (int c = 0; c < img.Channels; c++)
                {
                    var p = Parameters[c];
                    double scale = p.StandardDeviation > 0 ? p.StandardDeviation : 1;
                    long start = ((long)k * img.Channels + c) * plane;
                    for (long i = start; i < start + plane; i++) px[i] = (float)((img.Pixels[i] - p.Mean) / scale);
                }
            return data.WithTransformed(data.Columns, new ImageBlock(px, img.Count, img.Channels, img.Height, img.Width), this);
        }
        var byName = Parameters.ToDictionary(p => p.Name, StringComparer.OrdinalIgnoreCase);
        var cols = new List<DataColumn>();
        foreach (var col in data.Columns)
        {
            if (col is not NumericColumn n) { cols.Add(col); continue; }
            if (!byName.TryGetValue(n.Name, out var p))
                throw new DeepStatsException("TransformSchemaMismatch", FailureKind.InvalidData,
                    $"Column '{n.Name}' was not in the data this standardizer was fitted on (columns: {string.Join(", ", Parameters.Select(q => q.Name))}).", n.Name);
            double scale = p.StandardDeviation > 0 ? p.StandardDeviation : 1;
            var v = new double[n.Values.Length];
            for (int i = 0; i < v.Length; i++) v[i] = (n.Values[i] - p.Mean) / scale;
            cols.Add(new NumericColumn(n.Name, v));
        }
        foreach (var p in Parameters)
            if (data.GetColumn(p.Name) is not NumericColumn)
                throw new DeepStatsException("TransformSchemaMismatch", FailureKind.InvalidData,
                    $"Numeric column '{p.Name}', which this standardizer was fitted on, is not in the data.", p.Name);
        return data.WithTransformed(cols, null, this);
    }

    public override string ToString() => $"Standardize ({Parameters.Count} {(ForImages ? "channels" : ForSequences ? "sequence features" : "columns")}, fitted on {FittedOn})";
}
