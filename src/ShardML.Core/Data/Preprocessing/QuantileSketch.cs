using System.Runtime.InteropServices;
using MemoryPack;

namespace ShardML.Core.Data.Preprocessing;

/// <summary>
/// A mergeable histogram of float values whose state is a pure function of the multiset added, however it was split
/// and in whatever order the parts merged: so a median learned from 1, 3 or 8 partitions has the same bits.
/// </summary>
/// <remarks>
/// <para>
/// Each value is keyed by its float32 bit pattern mapped to an unsigned integer in value order (the sign bit flipped
/// for positives, all bits for negatives); a bin is a key with its low <see cref="Shift"/> bits dropped, and the sketch
/// keeps the count of every occupied bin, sorted. When more than <see cref="Capacity"/> bins are occupied the shift
/// grows by one and neighbouring bins join (the uniform collapse of UDDSketch, Epicoco et al., 2020, on DDSketch's
/// relative-error bins, Masson, Rim &amp; Lee, VLDB 2019). The shift only grows when the values seen so far need it,
/// so it ends as the smallest one that leaves at most <see cref="Capacity"/> bins for the whole multiset, and merging
/// (adding counts at the larger shift, then collapsing) reaches that same state: the merge is exactly associative and
/// commutative.
/// </para>
/// <para>
/// Error: counts are exact, so the bin holding the value of any rank is exact; a bin spans 2^s consecutive float32
/// values of one binade, and its midpoint is within a relative 2^(s−24) of every value in it. The median (numpy's: the
/// mean of the two middle values when the count is even) is thus within a relative 2^(s−24) of the larger of the two
/// middle values, and exact (s = 0) while the column has at most <see cref="Capacity"/> distinct values. A capacity of
/// at least 1,024 bins keeps s ≤ 23 for any data (a binade never splits), and 8,192 bins over 30 binades gives s = 11,
/// a relative 2⁻¹³. Cost: O(1) expected per value added; a merge is O(bins).
/// </para>
/// </remarks>
[MemoryPackable]
public sealed partial class QuantileSketch
{
    /// <summary>Bins kept before neighbours join: 8,192 bins are 96 KiB on the wire at most.</summary>
    public const int DefaultCapacity = 1 << 13;

    /// <summary>The fewest bins that keep every bin inside one binade (2 signs × 254 finite exponents, and zero).</summary>
    public const int MinimumCapacity = 1 << 10;

    private Dictionary<uint, long>? _adding;
    private uint[] _keys;
    private long[] _counts;

    [MemoryPackConstructor]
    public QuantileSketch(int capacity, int shift, uint[] keys, long[] counts)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, MinimumCapacity);
        Capacity = capacity;
        Shift = shift;
        _keys = keys;
        _counts = counts;
    }

    public QuantileSketch(int capacity = DefaultCapacity)
        : this(capacity, 0, [], [])
    {
    }

    public int Capacity { get; }

    /// <summary>Low key bits dropped from every value: 0 means every distinct value has its own bin (exact).</summary>
    public int Shift { get; private set; }

    /// <summary>The occupied bins, ascending.</summary>
    public uint[] Keys
    {
        get
        {
            Seal();
            return _keys;
        }
    }

    /// <summary>Values per bin, parallel to <see cref="Keys"/>.</summary>
    public long[] Counts
    {
        get
        {
            Seal();
            return _counts;
        }
    }

    /// <summary>Values added.</summary>
    [MemoryPackIgnore]
    public long Count
    {
        get
        {
            Seal();
            long total = 0;
            foreach (var c in Counts)
            {
                total += c;
            }

            return total;
        }
    }

    /// <summary>The relative error bound of a value this sketch returns: 2^(s−24), or 0 when exact.</summary>
    [MemoryPackIgnore]
    public double RelativeError
    {
        get
        {
            Seal();
            return Shift == 0 ? 0 : Math.ScaleB(1.0, Shift - 24);
        }
    }

    /// <summary>Adds a finite value (−0 counts as +0).</summary>
    public void Add(float value)
    {
        if (!float.IsFinite(value))
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, "a sketch holds finite values");
        }

        if (_adding is null)
        {
            _adding = new Dictionary<uint, long>(_keys.Length);
            for (var i = 0; i < _keys.Length; i++)
            {
                _adding[_keys[i]] = _counts[i];
            }
        }

        CollectionsMarshal.GetValueRefOrAddDefault(_adding, KeyOf(value) >> Shift, out _)++;
        if (_adding.Count > Capacity)
        {
            var collapsed = new Dictionary<uint, long>(_adding.Count);
            while (_adding.Count > Capacity)
            {
                Shift++;
                collapsed.Clear();
                foreach (var (key, count) in _adding)
                {
                    CollectionsMarshal.GetValueRefOrAddDefault(collapsed, key >> 1, out _) += count;
                }

                (_adding, collapsed) = (collapsed, _adding);
            }
        }
    }

    /// <summary>This sketch and <paramref name="other"/> as one; both must have the same capacity. Returns this.</summary>
    public QuantileSketch Merge(QuantileSketch other)
    {
        if (other.Capacity != Capacity)
        {
            throw new ArgumentException($"a sketch of {other.Capacity} bins cannot merge into one of {Capacity}", nameof(other));
        }

        Seal();
        other.Seal();
        var shift = Math.Max(Shift, other.Shift);
        var (mine, theirs) = (Keys, other.Keys);
        var (myCounts, theirCounts) = (Counts, other.Counts);
        var keys = new uint[mine.Length + theirs.Length];
        var counts = new long[keys.Length];
        var n = 0;
        int i = 0, j = 0;
        while (i < mine.Length || j < theirs.Length)
        {
            var a = i < mine.Length ? mine[i] >> (shift - Shift) : uint.MaxValue;
            var b = j < theirs.Length ? theirs[j] >> (shift - other.Shift) : uint.MaxValue;
            var takeA = i < mine.Length && (j >= theirs.Length || a <= b);
            var key = takeA ? a : b;
            var count = takeA ? myCounts[i++] : theirCounts[j++];
            if (n > 0 && keys[n - 1] == key)
            {
                counts[n - 1] += count;
            }
            else
            {
                keys[n] = key;
                counts[n++] = count;
            }
        }

        Shift = shift;
        (_keys, _counts) = Collapse(keys, counts, n);
        return this;
    }

    /// <summary>A copy that shares nothing with this sketch.</summary>
    public QuantileSketch Clone()
    {
        Seal();
        return new QuantileSketch(Capacity, Shift, (uint[])Keys.Clone(), (long[])Counts.Clone());
    }

    /// <summary>The median as numpy defines it (the mean of the two middle values when the count is even), within <see cref="RelativeError"/>; NaN when empty.</summary>
    public float Median()
    {
        var n = Count;
        if (n == 0)
        {
            return float.NaN;
        }

        var upper = ValueAt(n / 2);
        return n % 2 == 1 ? upper : (float)((ValueAt((n / 2) - 1) + (double)upper) / 2);
    }

    /// <summary>The value of the fullest bin (the smallest such, on a tie): the most frequent value when exact; NaN when empty.</summary>
    public float Mode()
    {
        Seal();
        if (Keys.Length == 0)
        {
            return float.NaN;
        }

        var best = 0;
        for (var i = 1; i < Counts.Length; i++)
        {
            if (Counts[i] > Counts[best])
            {
                best = i;
            }
        }

        return Representative(Keys[best]);
    }

    /// <summary>The value of 0-based rank <paramref name="rank"/> in ascending order, within <see cref="RelativeError"/>.</summary>
    public float ValueAt(long rank)
    {
        Seal();
        ArgumentOutOfRangeException.ThrowIfNegative(rank);
        long seen = 0;
        for (var i = 0; i < Keys.Length; i++)
        {
            seen += Counts[i];
            if (rank < seen)
            {
                return Representative(Keys[i]);
            }
        }

        throw new ArgumentOutOfRangeException(nameof(rank), rank, $"the sketch holds {seen} values");
    }

    /// <summary>The unsigned key of a float that orders as the values do (−0 is +0).</summary>
    public static uint KeyOf(float value)
    {
        var bits = BitConverter.SingleToUInt32Bits(value == 0 ? 0f : value);
        return (bits & 0x8000_0000u) != 0 ? ~bits : bits | 0x8000_0000u;
    }

    /// <summary>The float whose key is <paramref name="key"/>.</summary>
    public static float ValueOf(uint key) =>
        BitConverter.UInt32BitsToSingle((key & 0x8000_0000u) != 0 ? key & 0x7FFF_FFFFu : ~key);

    /// <summary>The midpoint of a bin, as a float: the value itself when the shift is 0.</summary>
    private float Representative(uint bin)
    {
        var low = (ulong)bin << Shift;
        var middle = low + (((1UL << Shift) - 1) / 2);
        return ValueOf((uint)middle);
    }

    /// <summary>Joins neighbouring bins until at most <see cref="Capacity"/> remain; the keys stay sorted.</summary>
    private (uint[] Keys, long[] Counts) Collapse(uint[] keys, long[] counts, int n)
    {
        while (n > Capacity)
        {
            Shift++;
            var m = 0;
            for (var i = 0; i < n; i++)
            {
                var key = keys[i] >> 1;
                if (m > 0 && keys[m - 1] == key)
                {
                    counts[m - 1] += counts[i];
                }
                else
                {
                    keys[m] = key;
                    counts[m++] = counts[i];
                }
            }

            n = m;
        }

        return (keys[..n], counts[..n]);
    }

    /// <summary>Moves the values being added into the sorted arrays the sketch travels and answers as.</summary>
    [MemoryPackOnSerializing]
    private void Seal()
    {
        if (_adding is null)
        {
            return;
        }

        var keys = _adding.Keys.ToArray();
        Array.Sort(keys);
        var counts = new long[keys.Length];
        for (var i = 0; i < keys.Length; i++)
        {
            counts[i] = _adding[keys[i]];
        }

        (_keys, _counts) = (keys, counts);
        _adding = null;
    }
}
