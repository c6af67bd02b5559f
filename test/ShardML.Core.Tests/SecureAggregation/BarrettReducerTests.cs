using Org.BouncyCastle.Security;
using Org.BouncyCastle.Utilities;
using ShardML.Core.SecureAggregation;
using BigInteger = Org.BouncyCastle.Math.BigInteger;

namespace ShardML.Core.Tests.SecureAggregation;

public sealed class BarrettReducerTests
{
    [Theory]
    [InlineData(17)]
    [InlineData(64)]
    [InlineData(65)]
    [InlineData(4096)]
    public void Reduces_as_division_does(int bits)
    {
        var random = new SecureRandom();
        for (var trial = 0; trial < (bits > 1000 ? 4 : 50); trial++)
        {
            var modulus = BigIntegers.CreateRandomBigInteger(bits, random).SetBit(bits - 1);
            var reducer = new BarrettReducer(modulus);
            var below = modulus.Subtract(BigInteger.One);
            var cases = new[]
            {
                BigInteger.Zero, below, modulus, modulus.Add(BigInteger.One), below.Multiply(below),
                BigInteger.One.ShiftLeft(2 * bits).Subtract(BigInteger.One),
                BigIntegers.CreateRandomBigInteger(2 * bits, random),
                BigIntegers.CreateRandomInRange(BigInteger.Zero, below, random).Multiply(BigIntegers.CreateRandomInRange(BigInteger.Zero, below, random)),
            };

            foreach (var x in cases)
            {
                Assert.Equal(x.Mod(modulus), reducer.Reduce(x));
            }
        }
    }

    [Fact]
    public void Refuses_what_it_cannot_reduce()
    {
        var reducer = new BarrettReducer(BigInteger.ValueOf(1000));

        Assert.Throws<ArgumentOutOfRangeException>(() => reducer.Reduce(BigInteger.One.Negate()));
        Assert.Throws<ArgumentOutOfRangeException>(() => reducer.Reduce(BigInteger.One.ShiftLeft(20)));
    }
}
