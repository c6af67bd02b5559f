using System.Numerics.Tensors;

namespace ShardML.Core.SecureAggregation;

/// <summary>
/// The bound a pass's fixed-point encoding is sized for, as a power of two: the smallest B = 2^e, with e in
/// [<see cref="LowestExponent"/>, <see cref="HighestExponent"/>], such that every value of every partition's summary
/// has |value| ≤ B. Its <em>class</em> is e's index in that range; one more class, <see cref="NotFiniteClass"/>, stands
/// for NaN, ±∞ or a value beyond 2^<see cref="HighestExponent"/>. The class of a pass is the largest class of its
/// partitions, so it is a function of the data alone — not of placement, silos or retries — and so is the encoding.
/// </summary>
/// <remarks>
/// Secure aggregation learns the class without revealing any one silo's: each silo adds a one-hot vector of
/// <see cref="ClassCount"/> words (its class) to its masked share, and the driver reads the largest class present from
/// the masked total — a histogram of how many silos reached each power of two, attributable to none. With a codec of
/// bound 2^e for C partitions, a total is within C·2^−(f+1) ≈ C²·2^(e−63) of the exact sum of the encoded doubles.
/// </remarks>
public static class SumBound
{
    /// <summary>The smallest exponent: a summary of zeros or of values below 2⁻⁹⁶ is encoded with B = 2⁻⁹⁶.</summary>
    public const int LowestExponent = -96;

    /// <summary>The largest exponent; larger values are treated as not finite.</summary>
    public const int HighestExponent = 160;

    /// <summary>The class of NaN, ±∞ and values beyond 2^<see cref="HighestExponent"/>.</summary>
    public const int NotFiniteClass = HighestExponent - LowestExponent + 1;

    /// <summary>Classes in all: the length of the one-hot vector a silo adds.</summary>
    public const int ClassCount = NotFiniteClass + 1;

    /// <summary>The class of <paramref name="values"/>: that of the largest |value| (0 for an empty or all-zero vector).</summary>
    public static int ClassOf(ReadOnlySpan<double> values)
    {
        if (values.IsEmpty)
        {
            return 0;
        }

        var largest = Math.Abs(TensorPrimitives.MaxMagnitude(values)); // NaN when any is NaN
        if (!double.IsFinite(largest))
        {
            return NotFiniteClass;
        }

        if (largest == 0)
        {
            return 0;
        }

        var exponent = Math.ILogB(largest);
        if (largest > Math.ScaleB(1.0, exponent))
        {
            exponent++;
        }

        return exponent > HighestExponent ? NotFiniteClass : Math.Max(exponent, LowestExponent) - LowestExponent;
    }

    /// <summary>e of a finite class.</summary>
    public static int ExponentOf(int boundClass)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(boundClass);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(boundClass, NotFiniteClass);
        return boundClass + LowestExponent;
    }

    /// <summary>The class of the bound 2^<paramref name="exponent"/>.</summary>
    public static int ClassOfExponent(int exponent) => Math.Clamp(exponent, LowestExponent, HighestExponent) - LowestExponent;

    /// <summary>The codec for a pass of class <paramref name="boundClass"/> over <paramref name="contributors"/> encoded vectors.</summary>
    public static FixedPointCodec CodecFor(int boundClass, int contributors) => new(Math.ScaleB(1.0, ExponentOf(boundClass)), contributors);

    /// <summary>The largest class present in a summed one-hot histogram (<see cref="ClassCount"/> words).</summary>
    public static int LargestClass(ReadOnlySpan<ulong> histogram)
    {
        if (histogram.Length != ClassCount)
        {
            throw new ArgumentException($"a bound histogram has {ClassCount} words, not {histogram.Length}", nameof(histogram));
        }

        for (var c = ClassCount - 1; c >= 0; c--)
        {
            if (histogram[c] != 0)
            {
                return c;
            }
        }

        throw new ArgumentException("the bound histogram is empty: no share was added", nameof(histogram));
    }
}
