using ShardML.Core.Numerics;

namespace ShardML.Core.Tests.Numerics;

public sealed class FiniteValuesTests
{
    [Theory]
    [InlineData(float.NaN)]
    [InlineData(float.PositiveInfinity)]
    [InlineData(float.NegativeInfinity)]
    public void Finds_the_first_value_that_is_not_finite_wherever_it_is(float bad)
    {
        for (var length = 0; length < 70; length++)
        {
            var values = Enumerable.Range(0, length).Select(i => (i % 3) - 1.5f + float.MaxValue * (i % 7 == 0 ? 1 : 0)).ToArray();
            Assert.Equal(-1, FiniteValues.IndexOfNonFinite(values));
            for (var at = 0; at < length; at++)
            {
                var copy = values.ToArray();
                copy[at] = bad;
                if (at + 1 < length)
                {
                    copy[length - 1] = float.NaN; // a later one must not be reported instead
                }

                Assert.Equal(at, FiniteValues.IndexOfNonFinite(copy));
            }
        }
    }
}
