namespace DeepStats.Core.Statistics;

/// <summary>
/// The quantile sketch of DeepStats: a KLL sketch (Karnin, Lang and Liberty 2016, "Optimal Quantile
/// Approximation in Streams", FOCS; the compactor layout of Apache DataSketches' <c>KllDoublesSketch</c>)
/// that summarises a stream of numbers in O(k log(n/k)) memory, can be merged with another sketch of
/// the same <see cref="K"/>, and answers rank and quantile queries with a stated rank error.
/// <para>Layout: level h holds items of weight 2^h. With H levels, level h holds at most
/// max(2, ceil(k (2/3)^(H-1-h))) items. When the sketch holds more items than all capacities together,
/// the lowest level at its capacity is compacted: its items are sorted, every other one (starting at
/// offset 0 or 1, a fair coin) moves to level h+1 with twice the weight, the rest are discarded (an odd
/// item stays). A compaction changes no rank by more than 2^h, and in expectation by nothing.</para>
/// <para>The coin comes from a SplitMix64 stream (Steele, Lea and Flood 2014) seeded by the constructor's
/// seed: the same values in the same order with the same seed give the same sketch, bit for bit.
/// A merge takes the coins of the sketch merged into.</para>
/// <para>Rank error: for a query value x, |R̂(x) - R(x)| / n &lt;= <see cref="RankError"/>(k) with
/// probability at least 99% per query (R the count of values &lt;= x, R̂ the sketch's estimate); the bound
/// is DataSketches' fitted 99% single-rank bound 2.296 / k^0.9723 (1.33% at k = 200), checked by
/// <c>QuantileSketchTests</c> on 20 seeds x 4 distributions against exact ranks. While n &lt;= k nothing is
/// compacted and every answer is exact. <see cref="Min"/> and <see cref="Max"/> are always exact.</para>
/// <para>Missing values (NaN) are not sketched; they are counted in <see cref="MissingCount"/>.</para>
/// </summary>
public sealed class QuantileSketch
{
    /// <summary>The default accuracy parameter (DataSketches' default): 1.33% rank error at 99%.</summary>
    public const int DefaultK = 200;

    /// <summary>The smallest accepted <see cref="K"/>.</summary>
    public const int MinK = 8;

    /// <summary>The method, as stated on results computed from a sketch.</summary>
    public const string Method = "KLL sketch (Karnin-Lang-Liberty 2016)";

    private readonly List<List<double>> _levels = [];
    private ulong _coinState;
    private int _retained;

    /// <summary>An empty sketch with accuracy parameter <paramref name="k"/> (at least 8) and a seed for its coins.</summary>
    public QuantileSketch(int k = DefaultK, int seed = 0)
    {
        if (k < MinK) throw new ArgumentOutOfRangeException(nameof(k), $"The sketch's k must be at least {MinK}.");
        K = k;
        _coinState = unchecked((ulong)(uint)seed * 0x9E3779B97F4A7C15UL ^ 0xD1B54A32D192ED03UL);
        _levels.Add([]);
    }

    /// <summary>The accuracy parameter: larger k, smaller rank error, more memory.</summary>
    public int K { get; }

    /// <summary>Values sketched (NaN not included).</summary>
    public long Count { get; private set; }

    /// <summary>NaN values seen and not sketched.</summary>
    public long MissingCount { get; private set; }

    /// <summary>The smallest value sketched (exact); NaN when empty.</summary>
    public double Min { get; private set; } = double.NaN;

    /// <summary>The largest value sketched (exact); NaN when empty.</summary>
    public double Max { get; private set; } = double.NaN;

    /// <summary>Items the sketch keeps (its memory, in values).</summary>
    public int RetainedCount => _retained;

    /// <summary>True when no value has been compacted away: every rank and quantile is exact.</summary>
    public bool IsExact => _levels.Count == 1 || Count == _retained;

    /// <summary>The 99%-confidence normalised rank error of a sketch with accuracy parameter <paramref name="k"/>: 2.296 / k^0.9723.</summary>
    public static double RankError(int k) => 2.296 / Math.Pow(k, 0.9723);

    /// <summary>This sketch's 99% normalised rank error: 0 while it is exact, else <see cref="RankError(int)"/>.</summary>
    public double NormalizedRankError => IsExact ? 0 : RankError(K);

    /// <summary>Adds one value; NaN is counted in <see cref="MissingCount"/> and not sketched.</summary>
    public void Add(double value)
    {
        if (double.IsNaN(value)) { MissingCount++; return; }
        if (Count == 0) { Min = value; Max = value; }
        else { if (value < Min) Min = value; if (value > Max) Max = value; }
        Count++;
        _levels[0].Add(value);
        _retained++;
        Compress();
    }

    /// <summary>Adds every value of <paramref name="values"/> in order.</summary>
    public void AddRange(ReadOnlySpan<double> values)
    {
        foreach (double v in values) Add(v);
    }

    /// <summary>Merges <paramref name="other"/> (same <see cref="K"/>) into this sketch; <paramref name="other"/> is unchanged.</summary>
    public void Merge(QuantileSketch other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other.K != K) throw new ArgumentException($"Only sketches of one k merge (this k = {K}, other k = {other.K}).", nameof(other));
        if (ReferenceEquals(other, this)) throw new ArgumentException("A sketch cannot be merged into itself.", nameof(other));
        MissingCount += other.MissingCount;
        if (other.Count == 0) return;
        if (Count == 0) { Min = other.Min; Max = other.Max; }
        else { Min = Math.Min(Min, other.Min); Max = Math.Max(Max, other.Max); }
        Count += other.Count;
        while (_levels.Count < other._levels.Count) _levels.Add([]);
        for (int h = 0; h < other._levels.Count; h++)
        {
            _levels[h].AddRange(other._levels[h]);
            _retained += other._levels[h].Count;
        }
        Compress();
    }

    /// <summary>The estimated share of values &lt;= <paramref name="x"/> (0..1); NaN when empty.</summary>
    public double Rank(double x)
    {
        if (Count == 0) return double.NaN;
        long w = 0;
        for (int h = 0; h < _levels.Count; h++)
        {
            long c = 0;
            foreach (double v in _levels[h]) if (v <= x) c++;
            w += c << h;
        }
        return (double)w / TotalWeight();
    }

    /// <summary>
    /// The estimated p-quantile: the smallest sketched value whose estimated rank is at least p (the inverse of the
    /// estimated distribution function, Hyndman-Fan type 1 on the weighted items); p = 0 gives <see cref="Min"/>,
    /// p = 1 <see cref="Max"/>. NaN when empty.
    /// </summary>
    public double Quantile(double p)
    {
        if (p is < 0 or > 1 || double.IsNaN(p)) throw new ArgumentOutOfRangeException(nameof(p), "A probability must be between 0 and 1.");
        return GetQuantiles(new[] { p })[0];
    }

    /// <summary>The estimated quantiles for every probability in <paramref name="ps"/> (one sort of the retained items).</summary>
    public double[] GetQuantiles(IReadOnlyList<double> ps)
    {
        var result = new double[ps.Count];
        if (Count == 0) { Array.Fill(result, double.NaN); return result; }
        var (items, cum) = SortedWeighted();
        long total = cum[^1];
        for (int i = 0; i < ps.Count; i++)
        {
            double p = ps[i];
            if (p is < 0 or > 1 || double.IsNaN(p)) throw new ArgumentOutOfRangeException(nameof(ps), "A probability must be between 0 and 1.");
            if (p == 0) { result[i] = Min; continue; }
            if (p == 1) { result[i] = Max; continue; }
            double target = p * total;
            int lo = 0, hi = items.Length - 1;
            while (lo < hi) { int mid = (lo + hi) >>> 1; if (cum[mid] >= target) hi = mid; else lo = mid + 1; }
            result[i] = items[lo];
        }
        return result;
    }

    /// <summary>The retained items of level h (weight 2^h), for persistence; see <see cref="FromLevels"/>.</summary>
    public IReadOnlyList<IReadOnlyList<double>> Levels => _levels;

    /// <summary>The coin generator's state, for persistence; see <see cref="FromLevels"/>.</summary>
    public ulong CoinState => _coinState;

    /// <summary>Rebuilds a sketch from its persisted parts (<see cref="Levels"/>, counts, extremes, <see cref="CoinState"/>), checking they agree.</summary>
    public static QuantileSketch FromLevels(int k, long count, long missingCount, double min, double max, IReadOnlyList<IReadOnlyList<double>> levels, ulong coinState)
    {
        var s = new QuantileSketch(k);
        if (levels.Count == 0 || levels.Count > 62) throw new ArgumentException("A sketch has between 1 and 62 levels.", nameof(levels));
        if (count < 0 || missingCount < 0) throw new ArgumentException("A sketch's counts are not negative.", nameof(count));
        s._levels.Clear();
        long weight = 0;
        foreach (var level in levels)
        {
            var l = new List<double>(level);
            foreach (double v in l)
                if (double.IsNaN(v) || v < min || v > max) throw new ArgumentException("A sketch's items lie between its min and max.", nameof(levels));
            weight += (long)l.Count << s._levels.Count;
            s._levels.Add(l);
            s._retained += l.Count;
        }
        // Compaction keeps total weight within one unit per level of the count (odd items stay below).
        if (count == 0 ? weight != 0 : Math.Abs(weight - count) > (1L << levels.Count)) throw new ArgumentException("A sketch's items do not add up to its count.", nameof(levels));
        s.Count = count; s.MissingCount = missingCount;
        s.Min = count == 0 ? double.NaN : min; s.Max = count == 0 ? double.NaN : max;
        s._coinState = coinState;
        return s;
    }

    private long TotalWeight()
    {
        long w = 0;
        for (int h = 0; h < _levels.Count; h++) w += (long)_levels[h].Count << h;
        return w;
    }

    private (double[] Items, long[] Cumulative) SortedWeighted()
    {
        var items = new double[_retained];
        var weights = new long[_retained];
        int j = 0;
        for (int h = 0; h < _levels.Count; h++)
            foreach (double v in _levels[h]) { items[j] = v; weights[j] = 1L << h; j++; }
        Array.Sort(items, weights);
        var cum = new long[_retained];
        long c = 0;
        for (int i = 0; i < cum.Length; i++) { c += weights[i]; cum[i] = c; }
        return (items, cum);
    }

    private int Capacity(int h)
    {
        int depth = _levels.Count - 1 - h;
        return Math.Max(2, (int)Math.Ceiling(K * Math.Pow(2.0 / 3.0, depth)));
    }

    private int _capacityLevels = -1, _totalCapacity;

    private int TotalCapacity()
    {
        if (_capacityLevels != _levels.Count)
        {
            int c = 0;
            for (int h = 0; h < _levels.Count; h++) c += Capacity(h);
            _totalCapacity = c;
            _capacityLevels = _levels.Count;
        }
        return _totalCapacity;
    }

    private void Compress()
    {
        while (_retained > TotalCapacity())
        {
            int h = 0;
            while (h < _levels.Count && _levels[h].Count < Capacity(h)) h++;
            if (h == _levels.Count) return; // cannot happen: over total capacity means some level is at capacity
            if (h + 1 == _levels.Count) _levels.Add([]);
            var level = _levels[h];
            level.Sort();
            int keepOdd = level.Count % 2; // an odd item stays at this level: the largest, so the pairs are adjacent
            int pairs = level.Count - keepOdd;
            int offset = Coin();
            var up = _levels[h + 1];
            for (int i = offset; i < pairs; i += 2) up.Add(level[i]);
            double odd = keepOdd == 1 ? level[^1] : 0;
            level.Clear();
            if (keepOdd == 1) level.Add(odd);
            _retained -= pairs / 2;
        }
    }

    private int Coin()
    {
        _coinState = unchecked(_coinState + 0x9E3779B97F4A7C15UL);
        ulong z = _coinState;
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
        return (int)((z ^ (z >> 31)) >> 63);
    }
}
