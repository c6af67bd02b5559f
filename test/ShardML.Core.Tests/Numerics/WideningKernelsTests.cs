using ShardML.Core.Numerics;

namespace ShardML.Core.Tests.Numerics;

public sealed class WideningKernelsTests
{
    /// <summary>The spacing of doubles at 1 (2⁻⁵²); <see cref="double.Epsilon"/> is the smallest subnormal instead.</summary>
    private const double MachineEpsilon = 2.220446049250313e-16;

    public static TheoryData<int> Lengths => [0, 1, 3, 7, 8, 15, 16, 17, 31, 32, 33, 64, 100, 1000];

    [Theory]
    [MemberData(nameof(Lengths))]
    public void Add_scaled_matches_a_scalar_loop_in_double_exactly(int length)
    {
        var (x, _) = Vectors(length, 1);
        var accumulator = Enumerable.Range(0, length).Select(i => i * 0.25).ToArray();
        var expected = accumulator.Select((a, i) => Math.FusedMultiplyAdd(x[i], 1.7, a)).ToArray();

        WideningKernels.AddScaled(accumulator, 1.7, x);

        Assert.Equal(expected, accumulator);
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void Squared_deviations_match_a_scalar_loop_in_double_exactly(int length)
    {
        var (x, mean) = Vectors(length, 4);
        var accumulator = Enumerable.Range(0, length).Select(i => i * 0.125).ToArray();
        var expected = accumulator.Select((a, i) => a + (((double)x[i] - mean[i]) * ((double)x[i] - mean[i]))).ToArray();

        WideningKernels.AddSquaredDeviations(accumulator, x, mean);

        Assert.Equal(expected, accumulator);
        Assert.Throws<ArgumentException>(() => WideningKernels.AddSquaredDeviations(new double[length + 1], new float[length + 1], mean));
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void Dot_of_float_data_and_double_weights_is_accurate_to_double_rounding(int length)
    {
        var (x, w) = Vectors(length, 2);
        double expected = 0, magnitude = 0;
        for (var i = 0; i < length; i++)
        {
            expected += x[i] * w[i];
            magnitude += Math.Abs(x[i] * w[i]);
        }

        var result = WideningKernels.Dot(x, w);

        Assert.Equal(expected, result, 2 * length * MachineEpsilon * magnitude);
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void Squared_distance_matches_a_double_reference(int length)
    {
        var (x, w) = Vectors(length, 3);
        var y = w.Select(v => (float)v).ToArray();
        var expected = x.Select((v, i) => ((double)v - y[i]) * ((double)v - y[i])).Sum();

        var result = DistanceKernels.SquaredDistance(x, y);

        Assert.Equal(expected, result, 1e-5 * Math.Max(1, expected));
    }

    [Fact]
    public void Vectors_of_different_lengths_are_refused()
    {
        Assert.Throws<ArgumentException>(() => DistanceKernels.SquaredDistance(new float[3], new float[4]));
        Assert.Throws<ArgumentException>(() => WideningKernels.Dot(new float[3], new double[2]));
        Assert.Throws<ArgumentException>(() => WideningKernels.AddScaled(new double[2], 1, new float[3]));
    }

    private static (float[] X, double[] W) Vectors(int length, int seed)
    {
        var random = new Random(seed);
        var x = Enumerable.Range(0, length).Select(_ => (float)((random.NextDouble() * 20) - 10)).ToArray();
        var w = Enumerable.Range(0, length).Select(_ => (random.NextDouble() * 2) - 1).ToArray();
        return (x, w);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(8)]
    [InlineData(40)]
    [InlineData(57)]
    public void Add_scaled_4_gives_the_bits_of_four_add_scaled_calls(int length)
    {
        var random = new Random(length);
        var rows = Enumerable.Range(0, 4).Select(_ => Enumerable.Range(0, length).Select(_ => (float)((random.NextDouble() * 20) - 10)).ToArray()).ToArray();
        double[] scales = [0.3, -1.7, 0, 1e-3];
        var start = Enumerable.Range(0, length + 3).Select(_ => random.NextDouble()).ToArray();
        var oneByOne = (double[])start.Clone();
        for (var r = 0; r < 4; r++)
        {
            WideningKernels.AddScaled(oneByOne, scales[r], rows[r]);
        }

        var together = (double[])start.Clone();
        WideningKernels.AddScaled4(together, scales[0], rows[0], scales[1], rows[1], scales[2], rows[2], scales[3], rows[3]);

        Assert.Equal(oneByOne, together);
        Assert.Throws<ArgumentException>(() => WideningKernels.AddScaled4(together, 1, rows[0], 1, rows[1].AsSpan(1), 1, rows[2], 1, rows[3]));
    }
}
