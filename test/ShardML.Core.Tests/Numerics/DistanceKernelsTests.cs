using ShardML.Core.Numerics;

namespace ShardML.Core.Tests.Numerics;

public sealed class DistanceKernelsTests
{
    public static TheoryData<int> Lengths => [0, 1, 5, 31, 32, 33, 63, 64, 65, 100, 784, 1000];

    [Theory]
    [MemberData(nameof(Lengths))]
    public void Exact_squared_distance_is_the_32_lane_sum_folded_by_halves_to_the_bit(int length)
    {
        var (x, y) = UniformVectors(length, length);
        var lanes = new double[DistanceKernels.ExactLanes];
        for (var i = 0; i < length; i++)
        {
            var diff = (double)x[i] - y[i];
            lanes[i % lanes.Length] += diff * diff;
        }

        for (var half = lanes.Length / 2; half > 0; half /= 2)
        {
            for (var l = 0; l < half; l++)
            {
                lanes[l] += lanes[l + half];
            }
        }

        var result = DistanceKernels.ExactSquaredDistance(x, y);

        Assert.Equal(BitConverter.DoubleToInt64Bits(lanes[0]), BitConverter.DoubleToInt64Bits(result));
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void Exact_squared_distance_is_within_double_rounding_of_the_true_sum(int length)
    {
        var (x, y) = WideRangeVectors(length, length + 1);
        var terms = x.Select((v, i) => ((double)v - y[i]) * ((double)v - y[i])).Order().ToArray();
        double sum = 0, compensation = 0; // Neumaier's summation: within one rounding of the terms' true sum
        foreach (var term in terms)
        {
            var next = sum + term;
            compensation += Math.Abs(sum) >= Math.Abs(term) ? (sum - next) + term : (term - next) + sum;
            sum = next;
        }

        var exact = sum + compensation;
        var result = DistanceKernels.ExactSquaredDistance(x, y);

        Assert.Equal(exact, result, (length + 1) * 2.3e-16 * exact);
    }

    [Fact]
    public void Vectors_of_different_lengths_are_refused() =>
        Assert.Throws<ArgumentException>(() => DistanceKernels.ExactSquaredDistance(new float[33], new float[32]));

    /// <summary>
    /// Values of one magnitude with full significands: their squares' sums round at nearly every addition, so another
    /// order of the additions (lanes swapped, another fold) gives other bits.
    /// </summary>
    private static (float[] X, float[] Y) UniformVectors(int length, int seed)
    {
        var random = new Random(seed);
        float Next() => (float)((random.NextDouble() * 2000) - 1000);
        var x = Enumerable.Range(0, length).Select(_ => Next()).ToArray();
        var y = Enumerable.Range(0, length).Select(_ => Next()).ToArray();
        return (x, y);
    }

    /// <summary>Magnitudes from 10⁻² to 10³ with both signs: the small terms' sum depends on where the large ones fall.</summary>
    private static (float[] X, float[] Y) WideRangeVectors(int length, int seed)
    {
        var random = new Random(seed);
        float Next() => (float)((random.Next(2) == 0 ? -1 : 1) * Math.Pow(10, (random.NextDouble() * 5) - 2));
        var x = Enumerable.Range(0, length).Select(_ => Next()).ToArray();
        var y = Enumerable.Range(0, length).Select(_ => Next()).ToArray();
        return (x, y);
    }
}
