using System.Text.Json.Serialization;
using DeepStats.Core.Data;

namespace DeepStats.Core.Preprocessing;

/// <summary>
/// A compact fingerprint of a set of rows: a Bloom filter of 64-bit row hashes (32 bits per row,
/// 22 probes: about 2.4e-7 false positives per row looked up; no false negatives). A fitted state
/// and a model keep one of the rows they were fitted on, so <see cref="LeakageGuard"/> can count
/// test rows that were seen in fitting. Rows are hashed as raw rows: a row of a dataset carrying a chain
/// is hashed as its row of <see cref="Dataset.Raw"/> (the data before the recipes, or the windows), so
/// two rows collide only when their raw values do, never because a step dropped the column that told
/// them apart. A row's hash covers its features (values as stored, category levels by name) and its
/// target (class name or value), in column order; the hash is deterministic across processes and
/// machines. <see cref="Layout"/> names the columns hashed: rows of data with other columns cannot be in the filter.
/// </summary>
public sealed class RowFilter
{
    /// <summary>Bits per row and probes per row of a new filter.</summary>
    public const int BitsPerRow = 32, Probes = 22;
    /// <summary>The largest filter: 2^24 bits (2 MiB); beyond about 520,000 rows the false positive rate grows.</summary>
    public const int MaxBits = 1 << 24;

    /// <summary>For the JSON reader.</summary>
    [JsonConstructor]
    public RowFilter(int bitCount, int probeCount, int count, byte[] bits, string? layout = null)
    {
        Layout = layout;
        if (bitCount <= 0 || bitCount % 8 != 0 || bits.Length * 8 != bitCount || probeCount is < 1 or > 64)
            throw new DeepStatsException(ErrorIds.InvalidRowFilter, FailureKind.InvalidData,
                $"A row fingerprint needs a positive bit count that is a multiple of 8 and matches its {bits.Length} bytes, and 1 to 64 probes; got {bitCount} bits and {probeCount} probes.", bitCount);
        BitCount = bitCount;
        ProbeCount = probeCount;
        Count = count;
        Bits = bits;
    }

    public int BitCount { get; }
    public int ProbeCount { get; }
    /// <summary>How many rows were added.</summary>
    public int Count { get; }
    /// <summary>The filter's bits (base64 in JSON).</summary>
    public byte[] Bits { get; }
    /// <summary>A hash of the hashed data's layout (column names and kinds, image or sequence shape, target name); null in files
    /// written before it was recorded (then taken as comparable).</summary>
    public string? Layout { get; }

    /// <summary>Whether rows of <paramref name="view"/> (hashed as raw rows) can be in this filter: the same layout.</summary>
    public bool Comparable(DatasetView view) => Layout is null || Layout == LayoutOf(RawRows(view).Data);

    /// <summary>The rows a view's rows are hashed as: its rows of the raw data behind the dataset's chain, or the view itself.</summary>
    internal static DatasetView RawRows(DatasetView view) =>
        view.Data.Raw is not { } raw ? view : view.Rows is null ? raw : raw.Select(view.Rows);

    internal static string LayoutOf(Dataset data)
    {
        var text = string.Join("|", data.Columns.Select(c => c.Name + ":" + c.Kind)) + "|" + string.Join("x", data.Images?.Shape ?? data.Sequences?.Shape ?? Array.Empty<int>())
            + "|" + data.Target?.Name;
        ulong h = 0xcbf29ce484222325UL;
        foreach (char ch in text.ToLowerInvariant()) { h ^= ch; h *= 0x100000001b3UL; }
        return h.ToString("x16");
    }

    /// <summary>The filter of the rows of a view.</summary>
    public static RowFilter Of(DatasetView view)
    {
        view = RawRows(view);
        int n = view.Count;
        long bits = Math.Clamp((long)n * BitsPerRow, 64, MaxBits);
        bits = (bits + 7) / 8 * 8;
        var filter = new byte[bits / 8];
        var hasher = new RowHasher(view.Data);
        for (int i = 0; i < n; i++)
        {
            ulong h = hasher.Hash(view.Row(i));
            ulong h2 = Mix(h, 0x5bd1e9955bd1e995UL) | 1;
            for (int k = 0; k < Probes; k++)
            {
                ulong bit = (h + (ulong)k * h2) % (ulong)bits;
                filter[bit >> 3] |= (byte)(1 << (int)(bit & 7));
            }
        }
        return new RowFilter((int)bits, Probes, n, filter, LayoutOf(view.Data));
    }

    /// <summary>How many rows of <paramref name="view"/> the filter (probably) holds.</summary>
    public int CountContained(DatasetView view)
    {
        view = RawRows(view);
        var hasher = new RowHasher(view.Data);
        int found = 0;
        for (int i = 0; i < view.Count; i++) if (Contains(hasher.Hash(view.Row(i)))) found++;
        return found;
    }

    private bool Contains(ulong h)
    {
        ulong h2 = Mix(h, 0x5bd1e9955bd1e995UL) | 1;
        for (int k = 0; k < ProbeCount; k++)
        {
            ulong bit = (h + (ulong)k * h2) % (ulong)BitCount;
            if ((Bits[bit >> 3] & (1 << (int)(bit & 7))) == 0) return false;
        }
        return true;
    }

    /// <summary>Expected false positives among <paramref name="lookups"/> rows not in the filter: (1 - e^(-k n / m))^k each.</summary>
    public double ExpectedFalsePositives(int lookups) =>
        lookups * Math.Pow(1 - Math.Exp(-(double)ProbeCount * Count / BitCount), ProbeCount);

    internal static ulong Mix(ulong h, ulong w)
    {
        h ^= w;
        h *= 0xff51afd7ed558ccdUL;
        h ^= h >> 33;
        h *= 0xc4ceb9fe1a85ec53UL;
        h ^= h >> 29;
        return h;
    }

    /// <summary>Hashes rows of one dataset; category levels and class names by their text, so codes need not agree.</summary>
    private sealed class RowHasher
    {
        private readonly Dataset _data;
        private readonly ulong[][] _levelHashes;
        private readonly ulong[] _classHashes;

        public RowHasher(Dataset data)
        {
            _data = data;
            _levelHashes = data.Columns.Select(c => c is CategoricalColumn k ? k.Levels.Select(TextHash).ToArray() : Array.Empty<ulong>()).ToArray();
            _classHashes = data.Target?.Classes.Select(TextHash).ToArray() ?? Array.Empty<ulong>();
        }

        public ulong Hash(int row)
        {
            ulong h = 0x9E3779B97F4A7C15UL;
            if (_data.Images is { } img)
            {
                int size = img.ImageSize;
                var px = img.Pixels.AsSpan((int)((long)row * size), size);
                foreach (var v in px) h = Mix(h, (uint)BitConverter.SingleToInt32Bits(v));
            }
            if (_data.Sequences is { } seq)
            {
                int size = seq.Steps * seq.Features;
                foreach (var v in seq.Values.AsSpan(row * size, size)) h = Mix(h, (uint)BitConverter.SingleToInt32Bits(v));
            }
            for (int j = 0; j < _data.Columns.Count; j++)
            {
                switch (_data.Columns[j])
                {
                    case NumericColumn n:
                        double v = n.Values[row];
                        h = Mix(h, double.IsNaN(v) ? 0x7FF8000000000000UL : (ulong)BitConverter.DoubleToInt64Bits(v == 0 ? 0.0 : v));
                        break;
                    case CategoricalColumn c:
                        h = Mix(h, c.Codes[row] < 0 ? 0xFFFFFFFFFFFFFFFFUL : _levelHashes[j][c.Codes[row]]);
                        break;
                }
            }
            if (_data.Target is { } t)
            {
                if (t.Values is { } tv) h = Mix(h, double.IsNaN(tv[row]) ? 0x7FF8000000000000UL : (ulong)BitConverter.DoubleToInt64Bits(tv[row]));
                else h = Mix(h, t.Labels[row] < 0 ? 0xFFFFFFFFFFFFFFFFUL : _classHashes[t.Labels[row]]);
            }
            return Mix(h, 0x2545F4914F6CDD1DUL);
        }

        private static ulong TextHash(string s)
        {
            ulong h = 0xcbf29ce484222325UL; // FNV-1a over UTF-16 code units
            foreach (char ch in s) { h ^= ch; h *= 0x100000001b3UL; }
            return h;
        }
    }
}
