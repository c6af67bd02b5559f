using ShardML.Core.SecureAggregation;
using BigInteger = Org.BouncyCastle.Math.BigInteger;

namespace ShardML.Core.Tests.SecureAggregation;

public sealed class PaillierPackingTests
{
    [Theory]
    [InlineData(64, 1, 2048, 64, 31)]
    [InlineData(64, 8, 2048, 67, 30)]
    [InlineData(64, 9, 2048, 68, 30)]
    [InlineData(40, 4, 2048, 42, 48)]
    [InlineData(64, 8, 3072, 67, 45)]
    public void Slots_are_value_bits_plus_headroom_for_the_contributors(int valueBits, int contributors, int modulusBits, int slotBits, int slots)
    {
        var packing = new PaillierPacking(valueBits, contributors, modulusBits);

        Assert.Equal(slotBits, packing.SlotBits);
        Assert.Equal(slots, packing.SlotsPerPlaintext);
        Assert.True(packing.SlotBits * packing.SlotsPerPlaintext <= modulusBits - 1);
    }

    [Theory]
    [InlineData(64, 1)]
    [InlineData(64, 5)]
    [InlineData(40, 8)]
    [InlineData(7, 3)]
    public void Packed_plaintexts_add_slot_wise_with_negative_values_and_both_extremes(int valueBits, int contributors)
    {
        var packing = new PaillierPacking(valueBits, contributors, 2048);
        var random = new Random(valueBits * 100 + contributors);
        var lowest = -(1L << (valueBits - 1));
        var highest = valueBits == 64 ? long.MaxValue : (1L << (valueBits - 1)) - 1;
        var vectors = Enumerable.Range(0, contributors).Select(c => Enumerable.Range(0, packing.SlotsPerPlaintext).Select(i => (ulong)(i switch
        {
            0 => lowest,
            1 => highest,
            2 => -1,
            _ => random.NextInt64(lowest, highest),
        })).ToArray()).ToArray();

        var sum = vectors.Select(v => packing.Pack(v)).Aggregate((a, b) => a.Add(b));
        var totals = new ulong[packing.SlotsPerPlaintext];
        packing.Unpack(sum, contributors, totals);

        Assert.Equal(ModularVector.Sum(vectors), totals);
    }

    [Fact]
    public void A_short_last_plaintext_unpacks_its_own_values()
    {
        var packing = new PaillierPacking(64, 2, 2048);
        ulong[] values = [unchecked((ulong)-5L), 7];

        var totals = new ulong[2];
        packing.Unpack(packing.Pack(values), 1, totals);

        Assert.Equal(values, totals);
    }

    [Fact]
    public void More_values_than_slots_or_a_value_wider_than_its_slot_is_refused()
    {
        var packing = new PaillierPacking(16, 4, 2048);

        Assert.Throws<ArgumentException>(() => packing.Pack(new ulong[packing.SlotsPerPlaintext + 1]));
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => packing.Pack([1, 1UL << 15]));
        Assert.Contains("index 1", error.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => packing.Pack([unchecked((ulong)(-(1L << 15) - 1))]));
    }

    [Fact]
    public void More_addends_than_contributors_or_than_claimed_are_refused()
    {
        var packing = new PaillierPacking(8, 2, 2048);
        var packed = packing.Pack([127, 127, 127]);
        var doubled = packed.Add(packed);

        Assert.Throws<ArgumentOutOfRangeException>(() => packing.Unpack(doubled.Add(packed), 3, new ulong[3]));
        Assert.Throws<ArgumentException>(() => packing.Unpack(doubled, 1, new ulong[3]));
        Assert.Throws<ArgumentException>(() => packing.Unpack(BigInteger.One.ShiftLeft(2047), 1, new ulong[1]));
    }

    [Fact]
    public void A_slot_wider_than_the_modulus_is_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => new PaillierPacking(64, int.MaxValue, 64));
        Assert.Contains("does not fit", error.Message);
    }
}
