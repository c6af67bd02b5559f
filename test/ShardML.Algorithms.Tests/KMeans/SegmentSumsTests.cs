using ShardML.Algorithms.KMeans;
using ShardML.Algorithms.Tests.Support;

namespace ShardML.Algorithms.Tests.KMeans;

public sealed class SegmentSumsTests
{
    public static TheoryData<int, int, int, int> Shapes => new()
    {
        { 0, 3, 2, 64 }, { 5, 1, 1, 64 }, { 20_000, 7, 3, 64 }, { 4100, 32, 16, 256 }, { 3000, 33, 70, 48 }, { 9000, 5, 300, 512 },
    };

    [Theory]
    [InlineData(1, 32, 64, 1024)] // 128 KB of rows
    [InlineData(16, 32, 512, 1024)]
    [InlineData(64, 8, 48, 4128)] // 128 KB is 4096 rows of 8 features, rounded up to whole blocks of 48
    [InlineData(256, 32, 512, 4096)] // 16 rows a center
    [InlineData(10, 784, 16, 160)] // 42 rows make 128 KB, 16 a center make 160: whole blocks of 16
    [InlineData(300, 5, 512, 6656)] // 6554 rows make 128 KB: 13 blocks
    public void A_segment_is_at_least_16_rows_a_center_and_128_KB_in_whole_blocks(int k, int d, int block, int expected) =>
        Assert.Equal(expected, SegmentSums.SegmentRows(k, d, block));

    [Theory]
    [InlineData(16, 32, 1024, 512)] // a Lloyd block of 512 rows gathers enough already
    [InlineData(10, 784, 160, 160)] // 16-row Lloyd blocks: the smallest multiple of 128 rows or more that divides 160
    [InlineData(10, 256, 192, 192)] // 64-row blocks: 128 does not divide 192, so the segment
    [InlineData(23, 784, 368, 368)] // 23 blocks of 16: a prime number of them, so the segment
    [InlineData(64, 300, 1056, 528)] // 48-row blocks: 144 to 480 rows do not divide 1056, 528 does
    [InlineData(40, 400, 640, 128)] // 32-row blocks: 128 divides 640
    public void A_bounded_pass_gathers_from_blocks_of_128_rows_or_more_that_divide_a_segment(int k, int d, int segment, int expected)
    {
        Assert.Equal(segment, SegmentSums.SegmentRows(k, d, BlockedAssignment.BlockRows(d)));
        var rows = SegmentSums.BoundedBlockRows(d, segment);
        Assert.Equal(expected, rows);
        Assert.Equal(0, segment % rows);
        Assert.Equal(0, rows % BlockedAssignment.BlockRows(d));
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Totals_are_each_segments_sums_from_zero_added_in_order(int rows, int d, int k, int block)
    {
        var (x, nearest) = Rows(rows, d, k);
        var segmentRows = SegmentSums.SegmentRows(k, d, block);
        var (expectedSums, expectedCounts) = Reference(x, nearest, d, k, segmentRows);

        var (sums, counts) = BySegments(x, nearest, d, k, block, null);

        Assert.Equal(expectedCounts, counts);
        Approx.SameBits(expectedSums, sums);
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Kept_partials_added_again_give_the_bits_of_summing_the_rows(int rows, int d, int k, int block)
    {
        var (x, nearest) = Rows(rows, d, k);
        var segmentRows = SegmentSums.SegmentRows(k, d, block);
        var cache = new SegmentSumCache((rows + segmentRows - 1) / segmentRows, d);
        var (summed, summedCounts) = BySegments(x, nearest, d, k, block, cache);

        var sums = new double[k * d];
        var counts = new long[k];
        using (var segments = new SegmentSums(k, d, sums, counts))
        {
            for (var segment = 0; segment < cache.Segments; segment++)
            {
                segments.AddKept(cache, segment);
            }
        }

        Assert.Equal(cache.Segments, cache.TimesKept);
        Assert.Equal(summedCounts, counts);
        Approx.SameBits(summed, sums);
    }

    [Fact]
    public void A_segment_never_closed_is_not_held()
    {
        var cache = new SegmentSumCache(2, 3);
        using var segments = new SegmentSums(2, 3, new double[6], new long[2]);

        Assert.False(cache.Holds(0));
        Assert.Throws<InvalidOperationException>(() => segments.AddKept(cache, 0));
    }

    private static (double[] Sums, long[] Counts) BySegments(float[] x, int[] nearest, int d, int k, int block, SegmentSumCache? cache)
    {
        var rows = nearest.Length;
        var segmentRows = SegmentSums.SegmentRows(k, d, block);
        var sums = new double[k * d];
        var counts = new long[k];
        using var segments = new SegmentSums(k, d, sums, counts);
        for (var start = 0; start < rows; start += block)
        {
            var count = Math.Min(block, rows - start);
            segments.Add(x.AsSpan(start * d, count * d), nearest.AsSpan(start, count));
            if (SegmentSums.EndsSegment(start + count, rows, segmentRows))
            {
                segments.Close(cache, start / segmentRows);
            }
        }

        return (sums, counts);
    }

    /// <summary>A plain loop: per segment, per cluster, rows added in order to a zero; then each segment's sums to the totals.</summary>
    private static (double[] Sums, long[] Counts) Reference(float[] x, int[] nearest, int d, int k, int segmentRows)
    {
        var sums = new double[k * d];
        var counts = new long[k];
        for (var first = 0; first < nearest.Length; first += segmentRows)
        {
            var partial = new double[k * d];
            for (var i = first; i < Math.Min(nearest.Length, first + segmentRows); i++)
            {
                counts[nearest[i]]++;
                for (var f = 0; f < d; f++)
                {
                    partial[(nearest[i] * d) + f] += x[(i * d) + f];
                }
            }

            for (var i = 0; i < sums.Length; i++)
            {
                sums[i] += partial[i];
            }
        }

        return (sums, counts);
    }

    private static (float[] X, int[] Nearest) Rows(int rows, int d, int k)
    {
        var random = new Random((rows * 7) + (d * 3) + k);
        var x = new float[rows * d];
        for (var i = 0; i < x.Length; i++)
        {
            x[i] = (float)((random.NextDouble() - 0.5) * Math.Pow(10, random.Next(-3, 6))); // magnitudes that round when added
        }

        var nearest = new int[rows];
        for (var i = 0; i < rows; i++)
        {
            nearest[i] = i % 5 == 0 ? 0 : random.Next(Math.Min(k, 40)); // runs of one cluster; with k = 300 many never touched
        }

        return (x, nearest);
    }
}
