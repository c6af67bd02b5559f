using ShardML.Algorithms.KMeans;

namespace ShardML.Algorithms.Tests.KMeans;

public sealed class BlockedAssignmentTests
{
    public static TheoryData<int, int, int> Shapes => new()
    {
        { 1, 1, 1 }, { 0, 3, 2 }, { 7, 3, 2 }, { 8, 4, 3 }, { 9, 5, 16 }, { 100, 32, 16 }, { 61, 33, 17 }, { 40, 7, 40 }, { 24, 16, 8 },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Every_width_assigns_each_row_to_the_exact_nearest_center_with_ties_to_the_lowest_index(int rows, int d, int k)
    {
        var random = new Random(rows * 1000 + d * 10 + k);
        var centers = RandomValues(random, k * d, 5);
        var x = RandomValues(random, rows * d, 6);
        var expected = Exact(x, centers, rows, d, k);

        foreach (var width in new[] { 1, 8, 16 })
        {
            var (nearest, distances) = Assign(x, centers, rows, d, k, width);
            Assert.Equal(expected.Nearest, nearest);
            for (var i = 0; i < rows; i++)
            {
                Assert.True(Math.Abs(distances[i] - expected.Distances[i]) <= 1e-5 * Math.Max(1, expected.Distances[i]), $"width {width}, row {i}: {distances[i]} vs {expected.Distances[i]}");
            }
        }
    }

    [Fact]
    public void Rows_on_the_bisector_of_two_centers_far_from_the_origin_go_to_the_exact_nearest()
    {
        // Far from the origin, ‖c‖² − 2x·c cancels badly in float; the kernel must still agree with exact distances.
        const int d = 32;
        const int k = 16;
        var random = new Random(5);
        var centers = RandomValues(random, k * d, 1);
        for (var i = 0; i < centers.Length; i++)
        {
            centers[i] += 1000;
        }

        var rows = 256;
        var x = new float[rows * d];
        for (var i = 0; i < rows; i++)
        {
            var a = i % k;
            var b = (i + 1) % k;
            for (var f = 0; f < d; f++)
            {
                // The midpoint of centers a and b, nudged by a few ulps: nearly tied, and exactly tied for some rows.
                var mid = (centers[(a * d) + f] + centers[(b * d) + f]) / 2;
                x[(i * d) + f] = i % 3 == 0 ? mid : BitConverter.Int32BitsToSingle(BitConverter.SingleToInt32Bits(mid) + ((i % 5) - 2));
            }
        }

        var expected = Exact(x, centers, rows, d, k);
        foreach (var width in new[] { 1, 8, 16 })
        {
            var (nearest, _) = Assign(x, centers, rows, d, k, width);
            Assert.Equal(expected.Nearest, nearest);
        }
    }

    [Theory]
    [InlineData(64, 32, 16)]
    [InlineData(48, 13, 9)]
    [InlineData(32, 5, 24)]
    [InlineData(80, 40, 8)]
    public void The_256_bit_path_gives_each_winner_the_distance_bits_of_a_256_bit_squared_distance(int rows, int d, int k)
    {
        // The 8-row decision sums the winners' lanes in one tree; it must add them in Vector256.Sum's order, so an AVX2
        // machine gets the bits its row-by-row SquaredDistance gave: 8 lane chains, ((0+1)+(2+3))+((4+5)+(6+7)), then
        // the features past the last whole vector in one chain.
        var random = new Random((rows * 7) + d + k);
        var centers = RandomValues(random, k * d, 5);
        var x = RandomValues(random, rows * d, 6);
        var (nearest, distances) = Assign(x, centers, rows, d, k, 8);

        Assert.Equal(Exact(x, centers, rows, d, k).Nearest, nearest);
        for (var i = 0; i < rows; i++)
        {
            var expected = SquaredDistanceIn256BitOrder(x.AsSpan(i * d, d), centers.AsSpan(nearest[i] * d, d));
            Assert.Equal(BitConverter.SingleToInt32Bits(expected), BitConverter.SingleToInt32Bits(distances[i]));
        }
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Every_width_gives_each_winner_the_distance_bits_of_SquaredDistance(int rows, int d, int k)
    {
        // A bounded pass recomputes kept rows' distances with SquaredDistance and must sum Lloyd's inertia to the bit:
        // the 16-row tiles' tree (AVX-512) summed lanes in another order, and 1e6 × 32 rows at k = 16 reported 10⁻¹⁰ apart.
        var random = new Random((rows * 31) + (d * 3) + k);
        var centers = RandomValues(random, k * d, 5);
        var x = RandomValues(random, rows * d, 6);
        // The widths this machine runs: the scalar tiles and the preferred one (8-wide tiles on a 512-bit machine are the
        // 256-bit path's, whose order the test above holds to Vector256.Sum's).
        foreach (var width in new[] { 1, PackedCenters.PreferredWidth })
        {
            var (nearest, distances) = Assign(x, centers, rows, d, k, width);
            for (var i = 0; i < rows; i++)
            {
                var expected = BlockedAssignment.SquaredDistance(x.AsSpan(i * d, d), centers.AsSpan(nearest[i] * d, d));
                Assert.True(BitConverter.SingleToInt32Bits(expected) == BitConverter.SingleToInt32Bits(distances[i]), $"width {width}, row {i}: {distances[i]:R} vs {expected:R}");
            }
        }
    }

    [Fact]
    public void Identical_centers_tie_to_the_lowest_index()
    {
        float[] centers = [1, 1, 5, 5, 1, 1, 5, 5];
        float[] x = [1, 1, 5, 5, 3, 3];
        var (nearest, distances) = Assign(x, centers, 3, 2, 4, PackedCenters.PreferredWidth);

        Assert.Equal(new[] { 0, 1, 0 }, nearest);
        Assert.Equal(new[] { 0f, 0f, 8f }, distances);
    }

    [Theory]
    [InlineData(37, 32, 16, 0)]
    [InlineData(37, 32, 16, 5)]
    [InlineData(16, 32, 16, 120)]
    [InlineData(300, 32, 16, 1000)]
    [InlineData(130, 8, 3, 7)]
    [InlineData(20, 128, 9, 64)]
    [InlineData(20, 129, 9, 64)]
    public void Rows_passed_as_following_change_no_result_whatever_their_length(int rows, int d, int k, int followingRows)
    {
        // The rows that follow are only prefetched: any length, shorter or longer than the prefetch distance, must be
        // read within its bounds and leave the block's assignments, distances and second scores as they were.
        var random = new Random(rows + d + k + followingRows);
        var centers = RandomValues(random, k * d, 5);
        var x = RandomValues(random, (rows + followingRows) * d, 6);
        var block = x.AsSpan(0, rows * d);
        var following = x.AsSpan(rows * d);
        foreach (var width in new[] { 1, 8, 16 })
        {
            var packed = new PackedCenters(centers, k, d, width);
            var (nearest, distances, seconds) = (new int[rows], new float[rows], new float[rows]);
            BlockedAssignment.Assign(block, packed, nearest, distances, seconds);
            var (nearestWith, distancesWith, secondsWith) = (new int[rows], new float[rows], new float[rows]);
            BlockedAssignment.Assign(block, packed, nearestWith, distancesWith, secondsWith, following);
            Assert.Equal(nearest, nearestWith);
            Assert.Equal(distances, distancesWith);
            Assert.Equal(seconds, secondsWith);
        }
    }

    private static (int[] Nearest, float[] Distances) Assign(float[] x, float[] centers, int rows, int d, int k, int width)
    {
        var packed = new PackedCenters(centers, k, d, width);
        var nearest = new int[rows];
        var distances = new float[rows];
        BlockedAssignment.Assign(x, packed, nearest, distances);
        return (nearest, distances);
    }

    private static (int[] Nearest, double[] Distances) Exact(float[] x, float[] centers, int rows, int d, int k)
    {
        var nearest = new int[rows];
        var distances = new double[rows];
        for (var i = 0; i < rows; i++)
        {
            var best = double.PositiveInfinity;
            for (var j = 0; j < k; j++)
            {
                double distance = 0;
                for (var f = 0; f < d; f++)
                {
                    var diff = (double)x[(i * d) + f] - centers[(j * d) + f];
                    distance += diff * diff;
                }

                if (distance < best)
                {
                    best = distance;
                    nearest[i] = j;
                }
            }

            distances[i] = best;
        }

        return (nearest, distances);
    }

    private static float SquaredDistanceIn256BitOrder(ReadOnlySpan<float> x, ReadOnlySpan<float> c)
    {
        var lanes = new float[8];
        var whole = x.Length / 8 * 8;
        for (var f = 0; f < whole; f++)
        {
            var diff = x[f] - c[f];
            lanes[f % 8] = MathF.FusedMultiplyAdd(diff, diff, lanes[f % 8]);
        }

        var total = ((lanes[0] + lanes[1]) + (lanes[2] + lanes[3])) + ((lanes[4] + lanes[5]) + (lanes[6] + lanes[7]));
        for (var f = whole; f < x.Length; f++)
        {
            var diff = x[f] - c[f];
            total = MathF.FusedMultiplyAdd(diff, diff, total);
        }

        return total;
    }

    private static float[] RandomValues(Random random, int count, double scale)
    {
        var values = new float[count];
        for (var i = 0; i < count; i++)
        {
            values[i] = (float)(scale * ((2 * random.NextDouble()) - 1));
        }

        return values;
    }
}
