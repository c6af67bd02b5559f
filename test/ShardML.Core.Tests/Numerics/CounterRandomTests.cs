using ShardML.Core.Numerics;

namespace ShardML.Core.Tests.Numerics;

public sealed class CounterRandomTests
{
    [Fact]
    public void A_value_is_a_function_of_seed_stream_and_counter_only()
    {
        Assert.Equal(CounterRandom.Next(1, 2, 3), CounterRandom.Next(1, 2, 3));
        Assert.NotEqual(CounterRandom.Next(1, 2, 3), CounterRandom.Next(1, 2, 4));
        Assert.NotEqual(CounterRandom.Next(1, 2, 3), CounterRandom.Next(1, 3, 3));
        Assert.NotEqual(CounterRandom.Next(1, 2, 3), CounterRandom.Next(2, 2, 3));
    }

    [Fact]
    public void Doubles_are_uniform_on_the_unit_interval()
    {
        const int n = 200_000;
        var buckets = new int[10];
        double sum = 0;
        for (var i = 0UL; i < n; i++)
        {
            var u = CounterRandom.NextDouble(42, 7, i);
            Assert.InRange(u, 0.0, 1.0 - double.Epsilon);
            buckets[(int)(u * 10)]++;
            sum += u;
        }

        Assert.Equal(0.5, sum / n, 0.005);
        var chiSquared = buckets.Sum(b => Math.Pow(b - (n / 10.0), 2) / (n / 10.0));
        Assert.True(chiSquared < 27.9, $"χ² = {chiSquared} over 9 degrees of freedom (p < 0.001)");
    }
}
