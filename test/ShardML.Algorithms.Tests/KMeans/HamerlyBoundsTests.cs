using ShardML.Algorithms.KMeans;

namespace ShardML.Algorithms.Tests.KMeans;

/// <summary>The bound update, 8 rows at a time where it can, must give the one-row-at-a-time loop's bounds and rows, bit for bit.</summary>
public sealed class HamerlyBoundsTests
{
    [Theory]
    [InlineData(1, 37)]
    [InlineData(5, 8)]
    [InlineData(8, 512)]
    [InlineData(9, 61)]
    [InlineData(16, 509)]
    [InlineData(17, 100)] // past the register tables: one row at a time
    public void Bounds_and_rows_to_tighten_are_those_of_a_plain_loop(int k, int rows)
    {
        var random = new Random((k * 1000) + rows);
        int listedAll = 0, keptAll = 0;
        foreach (var threshold in new[] { double.NegativeInfinity, 3.0, double.PositiveInfinity })
        {
            var assignment = Enumerable.Range(0, rows).Select(_ => random.Next(k)).ToArray();
            var drift = Enumerable.Range(0, k).Select(_ => random.NextDouble() * 0.2).ToArray();
            var separations = Enumerable.Range(0, k).Select(_ => 0.5 + random.NextDouble()).ToArray();
            separations[0] = drift[0]; // ties between compared values
            var uppers = Enumerable.Range(0, rows).Select(_ => random.NextDouble() * 2).ToArray();
            var lowers = Enumerable.Range(0, rows).Select(i => i % 7 == 0 ? uppers[i] : random.NextDouble() * 2).ToArray();
            var fastest = random.Next(k);
            double second = 0.05, largest = 0.17, slack = 1 + 1e-5;

            var (expectedUppers, expectedLowers, expectedRetry) = Plain(assignment, uppers, lowers, drift, separations, fastest, second, largest, slack, threshold);
            var nearest = new int[rows];
            var retry = new int[rows];
            var listed = HamerlyBounds.Update(assignment, nearest, uppers, lowers, drift, separations, fastest, second, largest, slack, threshold, retry);

            Assert.Equal(assignment, nearest);
            Assert.Equal(expectedUppers.Select(BitConverter.DoubleToInt64Bits), uppers.Select(BitConverter.DoubleToInt64Bits));
            Assert.Equal(expectedLowers.Select(BitConverter.DoubleToInt64Bits), lowers.Select(BitConverter.DoubleToInt64Bits));
            Assert.Equal(expectedRetry, retry[..listed]);
            listedAll += listed;
            keptAll += rows - listed;
        }

        Assert.True(listedAll > 0 && keptAll > 0, $"listed {listedAll}, kept {keptAll}: both outcomes must occur, or comparing the lists proves little");
    }

    private static (double[] Uppers, double[] Lowers, int[] Retry) Plain(
        int[] assignment, double[] uppers, double[] lowers, double[] drift, double[] separations, int fastest, double second, double largest, double slack, double threshold)
    {
        var u = (double[])uppers.Clone();
        var l = (double[])lowers.Clone();
        var retry = new List<int>();
        for (var r = 0; r < assignment.Length; r++)
        {
            var a = assignment[r];
            u[r] = (u[r] + drift[a]) * slack;
            l[r] -= a == fastest ? second : largest;
            if (!(u[r] < Math.Max(separations[a], l[r]) && u[r] * u[r] < threshold))
            {
                retry.Add(r);
            }
        }

        return (u, l, [.. retry]);
    }
}
