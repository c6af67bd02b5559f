using ShardML.Core.Numerics;

namespace ShardML.Core.Tests.Numerics;

public sealed class DoubleKernelsTests
{
    public static TheoryData<int> Lengths => [0, 1, 7, 8, 31, 32, 33, 100, 1000];

    [Theory]
    [MemberData(nameof(Lengths))]
    public void Dot_sums_element_j_into_lane_j_mod_32_and_adds_the_lanes_pairwise(int length)
    {
        var (x, y) = (Random(length, 1), Random(length, 2));

        // The contract, written out: the same bits on every vector width.
        var lanes = new double[32];
        for (var j = 0; j < length; j++)
        {
            lanes[j % 32] = Math.FusedMultiplyAdd(x[j], y[j], lanes[j % 32]);
        }

        for (var width = 16; width > 0; width /= 2)
        {
            for (var k = 0; k < width; k++)
            {
                lanes[k] += lanes[k + width];
            }
        }

        Assert.Equal(lanes[0], DoubleKernels.Dot(x, y));
        Assert.Equal(x.Zip(y, (a, b) => a * b).Sum(), DoubleKernels.Dot(x, y), 1e-9);
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void Element_wise_operations_round_each_element_once_and_may_write_over_an_operand(int length)
    {
        var (x, y) = (Random(length, 3), Random(length, 4));
        var destination = new double[length];

        DoubleKernels.MultiplyAdd(x, 0.37, y, destination);
        Assert.Equal(x.Zip(y, (a, b) => Math.FusedMultiplyAdd(a, 0.37, b)), destination);

        DoubleKernels.Subtract(x, y, destination);
        Assert.Equal(x.Zip(y, (a, b) => a - b), destination);

        DoubleKernels.Add(x, y, destination);
        Assert.Equal(x.Zip(y, (a, b) => a + b), destination);

        DoubleKernels.Multiply(x, y, destination);
        Assert.Equal(x.Zip(y, (a, b) => a * b), destination);

        var squares = x.Select(a => a * a * 1e3).ToArray();
        var roots = (double[])squares.Clone();
        DoubleKernels.Sqrt(roots, roots);
        Assert.Equal(squares.Select(Math.Sqrt), roots);

        var copy = (double[])x.Clone();
        DoubleKernels.Multiply(copy, -1, copy);
        Assert.Equal(x.Select(a => -a), copy);

        var addend = (double[])y.Clone();
        DoubleKernels.MultiplyAdd(x, 2, addend, addend);
        Assert.Equal(x.Zip(y, (a, b) => Math.FusedMultiplyAdd(a, 2, b)), addend);
    }

    [Fact]
    public void Operands_of_different_lengths_are_refused()
    {
        Assert.Throws<ArgumentException>(() => DoubleKernels.Dot(new double[3], new double[4]));
        Assert.Throws<ArgumentException>(() => DoubleKernels.MultiplyAdd(new double[3], 1, new double[3], new double[2]));
        Assert.Throws<ArgumentException>(() => DoubleKernels.Subtract(new double[3], new double[2], new double[3]));
        Assert.Throws<ArgumentException>(() => DoubleKernels.Multiply(new double[3], 1, new double[4]));
        Assert.Throws<ArgumentException>(() => DoubleKernels.Add(new double[3], new double[3], new double[2]));
        Assert.Throws<ArgumentException>(() => DoubleKernels.Multiply(new double[3], new double[4], new double[3]));
        Assert.Throws<ArgumentException>(() => DoubleKernels.Sqrt(new double[3], new double[4]));
    }

    private static double[] Random(int length, int seed)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, length).Select(_ => (random.NextDouble() * 2) - 1)];
    }
}
