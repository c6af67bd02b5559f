using ShardML.Algorithms.Privacy;

namespace ShardML.Algorithms.Tests.Privacy;

public sealed class PoissonSamplerTests
{
    [Fact]
    public void A_step_selects_the_same_global_rows_however_the_rows_are_partitioned()
    {
        const int rows = 20_000;
        var whole = PoissonSampler.Sample(9, 17, 0.01, 0, rows).Select(i => (long)i).ToList();

        foreach (var cuts in new[] { new[] { 0, 7_000, rows }, [0, 1, 4_096, 4_097, 12_345, rows], [0, rows / 8, rows / 4, rows / 2, rows] })
        {
            var pieces = new List<long>();
            for (var p = 0; p + 1 < cuts.Length; p++)
            {
                pieces.AddRange(PoissonSampler.Sample(9, 17, 0.01, cuts[p], cuts[p + 1] - cuts[p]).Select(i => cuts[p] + (long)i));
            }

            Assert.Equal(whole, pieces);
        }
    }

    [Fact]
    public void Each_row_joins_with_the_sample_rate_independently_of_its_neighbour_and_of_the_step()
    {
        const int rows = 200_000;
        const double q = 0.05;
        var first = PoissonSampler.Sample(3, 0, q, 0, rows).ToHashSet();
        var second = PoissonSampler.Sample(3, 1, q, 0, rows).ToHashSet();
        var pairs = first.Count(i => first.Contains(i + 1));

        var sd = Math.Sqrt(rows * q * (1 - q));
        Assert.InRange(first.Count, (rows * q) - (5 * sd), (rows * q) + (5 * sd)); // a binomial count, within 5 standard deviations
        Assert.InRange(pairs, (rows * q * q) - (5 * Math.Sqrt(rows * q * q)), (rows * q * q) + (5 * Math.Sqrt(rows * q * q)));
        Assert.InRange(first.Intersect(second).Count(), (rows * q * q) - (5 * Math.Sqrt(rows * q * q)), (rows * q * q) + (5 * Math.Sqrt(rows * q * q)));
    }

    [Fact]
    public void A_sample_rate_of_one_takes_every_row_and_zero_none()
    {
        Assert.Equal(Enumerable.Range(0, 5000), PoissonSampler.Sample(1, 2, 1.0, 123, 5000));
        Assert.Empty(PoissonSampler.Sample(1, 2, 0.0, 123, 5000));
    }
}
