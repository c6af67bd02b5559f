using System.Numerics;
using System.Runtime.InteropServices;
using ShardML.Core.SecureAggregation;

namespace ShardML.Core.Tests.SecureAggregation;

/// <summary>
/// A party's masked vector, seen alone, must look uniform. Each test runs at α = 10⁻⁶ (a correct generator fails it
/// once in a million runs); the controls show that the same tests reject an unmasked encoding by a wide margin.
/// </summary>
public sealed class MaskUniformityTests
{
    /// <summary>1 MB of words.</summary>
    private const int Words = 1 << 17;

    /// <summary>The upper 10⁻⁶ quantile of χ² with 255 degrees of freedom.</summary>
    private const double ChiSquareCritical = 377.08;

    /// <summary>|z| of a binomial count beyond which a two-sided test rejects at 5.7·10⁻⁷.</summary>
    private const double OverallBitZCritical = 5.0;

    /// <summary>The same per bit position, with 64 positions tested: 64 × 3.8·10⁻⁸ ≈ 2.4·10⁻⁶ in all.</summary>
    private const double PositionBitZCritical = 5.5;

    [Theory]
    [InlineData(2, false)]
    [InlineData(2, true)]
    [InlineData(5, false)]
    [InlineData(5, true)]
    public void Every_partys_masked_vector_passes_byte_and_bit_uniformity(int count, bool zeros)
    {
        using var parties = Parties.Create(count);
        var codec = new FixedPointCodec(1.0, count);

        for (var i = 0; i < count; i++)
        {
            var masked = codec.Encode(Values(zeros, i));
            parties[i].Mask(masked, 0, 0, parties.Ids);

            Assert.True(ChiSquareOfBytes(masked) < ChiSquareCritical, $"party {i}: χ² = {ChiSquareOfBytes(masked)}");
            Assert.True(Math.Abs(OverallBitZ(masked)) < OverallBitZCritical, $"party {i}: z = {OverallBitZ(masked)}");
            Assert.True(WorstPositionBitZ(masked) < PositionBitZCritical, $"party {i}: worst position z = {WorstPositionBitZ(masked)}");
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Control_the_unmasked_encoding_fails_the_same_tests(bool zeros)
    {
        var encoded = new FixedPointCodec(1.0, 2).Encode(Values(zeros, 0));

        Assert.True(ChiSquareOfBytes(encoded) > 100 * ChiSquareCritical, $"χ² = {ChiSquareOfBytes(encoded)}");
        Assert.True(Math.Abs(OverallBitZ(encoded)) > 10 * OverallBitZCritical, $"z = {OverallBitZ(encoded)}");
        Assert.True(WorstPositionBitZ(encoded) > 10 * PositionBitZCritical, $"worst position z = {WorstPositionBitZ(encoded)}");
    }

    /// <summary>Non-negative values, as counts and K-means sums are: their top bits are all zero before masking.</summary>
    private static double[] Values(bool zeros, int seed)
    {
        if (zeros)
        {
            return new double[Words];
        }

        var random = new Random(seed + 1);
        return [.. Enumerable.Range(0, Words).Select(_ => random.NextDouble())];
    }

    private static double ChiSquareOfBytes(ulong[] words)
    {
        var bytes = MemoryMarshal.AsBytes(words.AsSpan());
        var counts = new long[256];
        foreach (var b in bytes)
        {
            counts[b]++;
        }

        var expected = bytes.Length / 256.0;
        return counts.Sum(c => (c - expected) * (c - expected) / expected);
    }

    private static double OverallBitZ(ulong[] words)
    {
        var ones = words.Sum(w => (long)BitOperations.PopCount(w));
        var bits = words.Length * 64.0;
        return (ones - (bits / 2)) / Math.Sqrt(bits / 4);
    }

    private static double WorstPositionBitZ(ulong[] words)
    {
        var worst = 0.0;
        for (var bit = 0; bit < 64; bit++)
        {
            var ones = words.Count(w => ((w >> bit) & 1) != 0);
            worst = Math.Max(worst, Math.Abs((ones - (words.Length / 2.0)) / Math.Sqrt(words.Length / 4.0)));
        }

        return worst;
    }
}
