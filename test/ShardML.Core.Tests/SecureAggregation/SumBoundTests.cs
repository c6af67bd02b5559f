using ShardML.Core.SecureAggregation;

namespace ShardML.Core.Tests.SecureAggregation;

public sealed class SumBoundTests
{
    [Theory]
    [InlineData(1.0, 0)]
    [InlineData(1.5, 1)]
    [InlineData(-4.0, 2)]
    [InlineData(4.000001, 3)]
    [InlineData(0.25, -2)]
    [InlineData(0.3, -1)]
    public void The_class_is_the_smallest_power_of_two_at_least_the_largest_magnitude(double largest, int exponent)
    {
        double[] values = [0.5 * largest, largest, 0];

        Assert.Equal(exponent, SumBound.ExponentOf(SumBound.ClassOf(values)));
    }

    [Fact]
    public void Zeros_tiny_values_and_empty_vectors_take_the_lowest_class_and_huge_or_not_finite_ones_the_last()
    {
        Assert.Equal(0, SumBound.ClassOf([0, 0]));
        Assert.Equal(0, SumBound.ClassOf([]));
        Assert.Equal(0, SumBound.ClassOf([1e-40]));
        Assert.Equal(SumBound.NotFiniteClass, SumBound.ClassOf([1, double.NaN]));
        Assert.Equal(SumBound.NotFiniteClass, SumBound.ClassOf([double.NegativeInfinity]));
        Assert.Equal(SumBound.NotFiniteClass, SumBound.ClassOf([Math.ScaleB(1, 200)]));
        Assert.Equal(SumBound.ClassCount - 1, SumBound.NotFiniteClass);
    }

    [Fact]
    public void The_largest_class_of_a_summed_histogram_is_the_largest_any_share_had()
    {
        var histogram = new ulong[SumBound.ClassCount];
        histogram[SumBound.ClassOfExponent(3)] += 2;
        histogram[SumBound.ClassOfExponent(10)] += 1;

        Assert.Equal(SumBound.ClassOfExponent(10), SumBound.LargestClass(histogram));
        Assert.Throws<ArgumentException>(() => SumBound.LargestClass(new ulong[SumBound.ClassCount]));
    }

    [Fact]
    public void A_quantized_total_has_the_same_bits_in_any_order_and_is_within_the_quantization_bound()
    {
        var random = new Random(7);
        var partitions = Enumerable.Range(0, 9).Select(_ => Enumerable.Range(0, 50).Select(_ => (random.NextDouble() - 0.5) * 1e6).ToArray()).ToList();
        var total = QuantizedTotal.Of(partitions);
        var shuffled = partitions.OrderBy(_ => random.Next()).ToList();
        var codec = SumBound.CodecFor(partitions.Max(p => SumBound.ClassOf(p)), partitions.Count);

        Assert.Equal(total, QuantizedTotal.Of(shuffled));
        for (var i = 0; i < 50; i++)
        {
            var exact = Compensated(partitions.Select(p => p[i]));
            Assert.True(Math.Abs(exact - total[i]) <= codec.QuantizationErrorBound + Math.ScaleB(Math.Abs(total[i]), -51), $"value {i}: {total[i]:R} against {exact:R}");
        }
    }

    [Fact]
    public void Integer_sums_are_exact_and_a_value_that_is_not_finite_makes_every_total_NaN()
    {
        Assert.Equal([6.0, -2e9], QuantizedTotal.Of([[1, -1e9], [2, -1e9], [3, 0]]));
        Assert.All(QuantizedTotal.Of([[1, 2], [double.PositiveInfinity, 0]]), v => Assert.True(double.IsNaN(v)));
    }

    /// <summary>Neumaier's compensated sum: within an ulp or two of the exact sum here.</summary>
    private static double Compensated(IEnumerable<double> values)
    {
        double sum = 0, compensation = 0;
        foreach (var v in values)
        {
            var t = sum + v;
            compensation += Math.Abs(sum) >= Math.Abs(v) ? (sum - t) + v : (v - t) + sum;
            sum = t;
        }

        return sum + compensation;
    }
}
