using ShardML.Core.Execution;

namespace ShardML.Core.Tests.Execution;

public sealed class SummaryArraysTests
{
    [Fact]
    public void A_returned_array_is_rented_again_zeroed_and_of_the_exact_length()
    {
        const int length = 100_003; // no power of two: a pool that rounded up would be seen here
        var first = SummaryArrays.Rent(length);
        first.AsSpan().Fill(7);
        SummaryArrays.Return(first);

        var second = SummaryArrays.Rent(length);

        Assert.Same(first, second);
        Assert.Equal(length, second.Length);
        Assert.All(second, v => Assert.Equal(0, v));
    }

    [Fact]
    public void Short_arrays_are_not_kept()
    {
        var small = SummaryArrays.Rent(SummaryArrays.PooledFromLength - 1);
        SummaryArrays.Return(small);

        Assert.NotSame(small, SummaryArrays.Rent(SummaryArrays.PooledFromLength - 1));
    }

    [Fact]
    public void The_pool_never_holds_more_than_its_byte_bound_however_wide_the_arrays()
    {
        // Lengths no other test uses; each array is a quarter of the bound, so at most 4 of the 6 can be kept.
        var length = (int)(SummaryArrays.MaximumPooledBytes / sizeof(double) / 4);
        var arrays = Enumerable.Range(0, 2).SelectMany(i => Enumerable.Range(0, 3).Select(_ => new double[length + 1 + i])).ToArray();
        foreach (var a in arrays)
        {
            SummaryArrays.Return(a);
            Assert.True(SummaryArrays.PooledBytes <= SummaryArrays.MaximumPooledBytes, $"{SummaryArrays.PooledBytes} bytes pooled");
        }

        var back = Enumerable.Range(0, 2).SelectMany(i => Enumerable.Range(0, 3).Select(_ => SummaryArrays.Rent(length + 1 + i))).ToArray();
        Assert.InRange(back.Count(arrays.Contains), 1, 4);
    }

    [Fact]
    public void The_pool_keeps_a_bounded_number_of_arrays_per_length()
    {
        const int length = 4_099;
        var arrays = Enumerable.Range(0, SummaryArrays.KeptPerLength + 5).Select(_ => new double[length]).ToArray();
        foreach (var a in arrays)
        {
            SummaryArrays.Return(a);
        }

        var rented = Enumerable.Range(0, SummaryArrays.KeptPerLength + 5).Select(_ => SummaryArrays.Rent(length)).ToArray();

        Assert.Equal(SummaryArrays.KeptPerLength, rented.Count(r => arrays.Contains(r)));
    }
}
