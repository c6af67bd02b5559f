using MemoryPack;
using ShardML.Core.Numerics;

namespace ShardML.Core.Data;

/// <summary>
/// A subset of a dataset's rows chosen by a keyed hash of (seed, global row number): row r has the position
/// u(r) = <see cref="CounterRandom"/>(seed, r) in [0, 1), and the subset is the rows whose position lies in
/// [<see cref="Low"/>, <see cref="High"/>) (<see cref="Inside"/>) or outside it. A row's membership depends on nothing
/// but the seed and its number, so a split is the same under 1, 2 or 7 partitions, on any node, after any reload; and
/// the K folds of cross-validation, [k/K, (k+1)/K), cover every row exactly once (the bounds are computed by one
/// expression, so fold k's upper bound is fold k+1's lower bound to the bit).
/// </summary>
/// <param name="Seed">The split's key (the job's seed).</param>
/// <param name="Low">Lower bound of the position range, inclusive.</param>
/// <param name="High">Upper bound of the position range, exclusive.</param>
/// <param name="Inside">True for the rows in the range, false for the others.</param>
[MemoryPackable]
public sealed partial record RowSubset(ulong Seed, double Low, double High, bool Inside)
{
    // Keeps the split's stream apart from every other use of the job's seed (sampling, initialization).
    private const ulong Purpose = 0x5A_17_0F_0D_00_00_00_15UL;

    /// <summary>The rows held out for validation: a fraction <paramref name="fraction"/> of them, in expectation.</summary>
    public static RowSubset Validation(ulong seed, double fraction) => new(seed, 0, Checked(fraction), true);

    /// <summary>The rows trained on when <paramref name="fraction"/> of them are held out: the complement of <see cref="Validation"/>.</summary>
    public static RowSubset Training(ulong seed, double fraction) => new(seed, 0, Checked(fraction), false);

    /// <summary>Fold <paramref name="fold"/> of <paramref name="folds"/>: its held-out rows, or (<paramref name="heldOut"/> false) the rows it trains on.</summary>
    public static RowSubset Fold(ulong seed, int fold, int folds, bool heldOut)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(folds, 2);
        ArgumentOutOfRangeException.ThrowIfNegative(fold);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(fold, folds);
        return new(seed, Bound(fold, folds), Bound(fold + 1, folds), heldOut);
    }

    /// <summary>The position of global row <paramref name="row"/> under <paramref name="seed"/>, in [0, 1).</summary>
    public static double Position(ulong seed, long row) => CounterRandom.NextDouble(seed ^ Purpose, 0, (ulong)row);

    /// <summary>True when global row <paramref name="row"/> belongs to the subset.</summary>
    public bool Contains(long row)
    {
        var u = Position(Seed, row);
        return (u >= Low && u < High) == Inside;
    }

    /// <summary>The local indices, ascending, of the subset's rows among global rows [first, first + count).</summary>
    public int[] Select(long first, int count)
    {
        var selected = new List<int>(count);
        for (var i = 0; i < count; i++)
        {
            if (Contains(first + i))
            {
                selected.Add(i);
            }
        }

        return [.. selected];
    }

    /// <summary>A name for the subset, unique to its rows: the key its partitions' views are cached under.</summary>
    public string Key => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"rows/{Seed:x16}/{Low:R}/{High:R}/{(Inside ? "in" : "out")}");

    private static double Bound(int k, int folds) => (double)k / folds;

    private static double Checked(double fraction) =>
        fraction is > 0 and < 1 ? fraction : throw new ArgumentOutOfRangeException(nameof(fraction), fraction, "a validation fraction is between 0 and 1, both excluded");
}
