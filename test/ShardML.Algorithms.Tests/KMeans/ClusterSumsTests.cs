using ShardML.Algorithms.KMeans;

namespace ShardML.Algorithms.Tests.KMeans;

public sealed class ClusterSumsTests
{
    public static TheoryData<int, int, int> Shapes => new()
    {
        { 0, 3, 2 }, { 1, 1, 1 }, { 37, 7, 3 }, { 513, 8, 16 }, { 1500, 32, 16 }, { 1100, 33, 5 }, { 700, 41, 300 }, { 64, 72, 1 },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Sums_and_counts_have_the_bits_of_a_plain_loop_adding_rows_in_order(int rows, int d, int k)
    {
        var random = new Random((rows * 100) + (d * 10) + k);
        var x = new float[rows * d];
        for (var i = 0; i < x.Length; i++)
        {
            x[i] = (float)((random.NextDouble() - 0.5) * Math.Pow(10, random.Next(-3, 6))); // magnitudes that round when added
        }

        var nearest = new int[rows];
        for (var i = 0; i < rows; i++)
        {
            nearest[i] = i % 7 == 0 ? 0 : random.Next(k); // runs of one cluster as well as mixing
        }

        var start = new double[k * d];
        for (var i = 0; i < start.Length; i++)
        {
            start[i] = random.NextDouble() * 1e3;
        }

        var expectedSums = (double[])start.Clone();
        var expectedCounts = new long[k];
        for (var i = 0; i < rows; i++)
        {
            expectedCounts[nearest[i]]++;
            for (var f = 0; f < d; f++)
            {
                expectedSums[(nearest[i] * d) + f] += x[(i * d) + f];
            }
        }

        var sums = (double[])start.Clone();
        var counts = new long[k];
        ClusterSums.Add(x, d, nearest, sums, counts);

        Assert.Equal(expectedCounts, counts);
        Assert.Equal(expectedSums.Select(BitConverter.DoubleToInt64Bits), sums.Select(BitConverter.DoubleToInt64Bits));
    }
}
