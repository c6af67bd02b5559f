namespace ShardML.Bench.Tests;

public sealed class StatisticsTests
{
    [Theory]
    [InlineData(new double[] { 7 }, 7)]
    [InlineData(new double[] { 4, 1, 3, 2, 5 }, 2)]          // numpy.percentile([1..5], 25) = 2
    [InlineData(new double[] { 10, 20, 30, 40 }, 17.5)]      // numpy: 17.5, between the first two
    [InlineData(new double[] { 8, 8, 8, 16, 16, 16, 8, 8, 8 }, 8)] // a third of the passes stretched leave it on the floor
    public void The_lower_quartile_is_numpys_25th_percentile(double[] values, double expected) =>
        Assert.Equal(expected, Statistics.LowerQuartile(values), 12);
}
