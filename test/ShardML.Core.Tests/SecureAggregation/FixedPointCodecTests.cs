using System.Numerics;
using ShardML.Core.SecureAggregation;

namespace ShardML.Core.Tests.SecureAggregation;

public sealed class FixedPointCodecTests
{
    [Theory]
    [InlineData(1.0, 1, 62)] // 1·2^62 < 2^63, 2^63 is not
    [InlineData(1.0, 2, 61)]
    [InlineData(1.0, 3, 61)] // 3·2^61 = 1.5·2^62 still fits
    [InlineData(1.0, 4, 60)]
    [InlineData(1000.0, 8, 50)] // 8000·2^50 ≈ 0.98·2^63
    public void Chooses_the_scale_by_hand(double bound, int contributors, int expected)
    {
        Assert.Equal(expected, FixedPointCodec.ChooseFractionalBits(bound, contributors));
    }

    [Theory]
    [InlineData(1e-300, 1)]
    [InlineData(3.7e-5, 7)]
    [InlineData(0.1, 3)]
    [InlineData(1.0, 1000)]
    [InlineData(123456.789, 64)]
    [InlineData(1e300, 5)]
    [InlineData(4.5e15, 2)]
    public void Chooses_the_largest_scale_whose_total_cannot_overflow(double bound, int contributors)
    {
        var f = FixedPointCodec.ChooseFractionalBits(bound, contributors);

        Assert.True(TotalFits(bound, contributors, f), $"f = {f} overflows");
        Assert.False(TotalFits(bound, contributors, f + 1), $"f = {f + 1} fits too");
    }

    [Fact]
    public void Reports_the_quantization_error_bound()
    {
        var codec = new FixedPointCodec(1.0, 4);

        Assert.Equal(60, codec.FractionalBits);
        Assert.Equal(4 * Math.Pow(2, -61), codec.QuantizationErrorBound);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(8)]
    [InlineData(1000)]
    public void Every_contributor_at_the_bound_decodes_to_the_extreme_total_without_wrapping(int contributors)
    {
        var bound = 2.75;
        var codec = new FixedPointCodec(bound, contributors);
        var plus = codec.Encode([bound, -bound]);

        var total = ModularVector.Sum(Enumerable.Repeat(plus, contributors));
        var decoded = codec.Decode(total);

        Assert.Equal(contributors * bound, decoded[0], contributors * bound * 1e-15);
        Assert.Equal(-contributors * bound, decoded[1], contributors * bound * 1e-15);
    }

    [Theory]
    [InlineData(2, 1000, 1.0)]
    [InlineData(5, 257, 1e6)]
    [InlineData(8, 64, 1e-3)]
    public void Sums_are_bit_identical_in_any_order_and_grouping(int contributors, int length, double bound)
    {
        var random = new Random(contributors * 7919 + length);
        var codec = new FixedPointCodec(bound, contributors);
        var values = Enumerable.Range(0, contributors)
            .Select(_ => Enumerable.Range(0, length).Select(_ => bound * ((2 * random.NextDouble()) - 1)).ToArray())
            .ToArray();
        var encoded = values.Select(v => codec.Encode(v)).ToArray();
        var reference = codec.Decode(ModularVector.Sum(encoded));

        for (var trial = 0; trial < 30; trial++)
        {
            var order = encoded.OrderBy(_ => random.Next()).ToArray();
            var total = SumInRandomGroups(order, random);
            var decoded = codec.Decode(total);

            Assert.Equal(BitsOf(reference), BitsOf(decoded));
        }

        for (var j = 0; j < length; j++)
        {
            var exact = values.Sum(v => v[j]);
            var floatingPointSlack = contributors * bound * Math.Pow(2, -52);
            Assert.True(Math.Abs(reference[j] - exact) <= codec.QuantizationErrorBound + floatingPointSlack, $"coordinate {j}: {reference[j]} vs {exact}");
        }
    }

    [Fact]
    public void A_value_at_the_bound_is_encoded_and_one_beyond_it_is_refused_by_name_index_and_bound()
    {
        var codec = new FixedPointCodec(2.0, 3);
        codec.Encode([2.0, -2.0]);

        var error = Assert.Throws<FixedPointBoundException>(() => codec.Encode([0.5, 1.0, -2.0000001]));

        Assert.Equal(2, error.Index);
        Assert.Equal(-2.0000001, error.Value);
        Assert.Equal(2.0, error.Bound);
        Assert.Contains("-2.0000001", error.Message);
        Assert.Contains("index 2", error.Message);
        Assert.Contains("±2", error.Message);
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    public void Non_finite_values_are_refused(double value)
    {
        var codec = new FixedPointCodec(1e300, 2);

        var error = Assert.Throws<FixedPointBoundException>(() => codec.Encode([1.0, value]));

        Assert.Equal(1, error.Index);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-1.0)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void A_bound_that_is_not_a_positive_finite_number_is_refused(double bound)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new FixedPointCodec(bound, 2));
    }

    [Fact]
    public void A_narrower_total_keeps_every_encoded_value_within_its_value_bits()
    {
        var codec = new FixedPointCodec(10.0, 4, totalBits: 40);

        var encoded = codec.Encode([10.0, -10.0, 3.3]);
        var total = ModularVector.Sum(Enumerable.Repeat(encoded, 4));

        Assert.All(encoded, word => Assert.InRange((long)word, -(1L << (codec.ValueBits - 1)), (1L << (codec.ValueBits - 1)) - 1));
        Assert.All(total, word => Assert.InRange((long)word, -(1L << 39), (1L << 39) - 1));
        Assert.Equal(40.0, codec.Decode(total)[0], 1e-9);
    }

    [Fact]
    public void Subtraction_undoes_addition_mod_two_to_the_64()
    {
        ulong[] total = [ulong.MaxValue, 0, 5];
        ulong[] addend = [2, ulong.MaxValue, 7];

        ModularVector.Add(total, addend);
        Assert.Equal([1UL, ulong.MaxValue, 12UL], total);
        ModularVector.Subtract(total, addend);
        Assert.Equal([ulong.MaxValue, 0UL, 5UL], total);
    }

    /// <summary>C·round(B·2^f) ≤ 2⁶³ − 1, computed exactly with big integers.</summary>
    private static bool TotalFits(double bound, int contributors, int f)
    {
        var scaled = Math.Round(Math.ScaleB(bound, f), MidpointRounding.ToEven);
        if (scaled >= Math.Pow(2, 100))
        {
            return false;
        }

        return new BigInteger(scaled) * contributors <= (BigInteger.One << 63) - 1;
    }

    private static ulong[] SumInRandomGroups(ulong[][] vectors, Random random)
    {
        var pending = vectors.Select(v => (ulong[])v.Clone()).ToList();
        while (pending.Count > 1)
        {
            var i = random.Next(pending.Count);
            var j = random.Next(pending.Count - 1);
            j = j >= i ? j + 1 : j;
            var merged = (ulong[])pending[i].Clone();
            ModularVector.Add(merged, pending[j]);
            pending.RemoveAt(Math.Max(i, j));
            pending.RemoveAt(Math.Min(i, j));
            pending.Add(merged);
        }

        return pending[0];
    }

    private static long[] BitsOf(double[] values) => [.. values.Select(BitConverter.DoubleToInt64Bits)];

    [Theory]
    [InlineData(1.0, 3)]
    [InlineData(1e-20, 7)]
    [InlineData(12345.678, 64)]
    [InlineData(1e40, 2)]
    public void Encoding_and_adding_in_one_sweep_gives_the_bits_of_encode_then_add(double bound, int contributors)
    {
        var codec = new FixedPointCodec(bound, contributors);
        var random = new Random(3);
        var values = Enumerable.Range(0, 1003).Select(i => bound * ((2 * random.NextDouble()) - 1)).ToArray();
        values[5] = Math.ScaleB(0.5, -codec.FractionalBits); // exactly half a step: ties round to even
        values[6] = Math.ScaleB(1.5, -codec.FractionalBits);
        values[7] = -Math.ScaleB(2.5, -codec.FractionalBits);
        values[8] = bound;
        values[9] = -bound;
        var expected = Enumerable.Range(0, values.Length).Select(i => (ulong)i * 0x9E3779B97F4A7C15UL).ToArray();
        var actual = (ulong[])expected.Clone();

        ModularVector.Add(expected, codec.Encode(values));
        codec.EncodeAdd(values, actual);

        Assert.Equal(expected, actual);
    }

    [Fact]
    public void Encoding_and_adding_refuses_a_value_beyond_the_bound_by_its_index()
    {
        var codec = new FixedPointCodec(1.0, 2);
        var values = new double[40];
        values[29] = double.NaN;

        var refused = Assert.Throws<FixedPointBoundException>(() => codec.EncodeAdd(values, new ulong[40]));

        Assert.Equal(29, refused.Index);
    }
}
