using ShardML.Runtime.Transfer;

namespace ShardML.Runtime.Tests.Transfer;

/// <summary>Arrays the data plane receives into come back for the next payload of their length, and only those, once.</summary>
public sealed class BulkBuffersTests
{
    [Fact]
    public void A_returned_array_is_handed_out_again_for_its_length_only()
    {
        using var buffers = new BulkBuffers(TimeSpan.FromMinutes(1));
        var first = buffers.Rent(1000);
        Assert.Equal(1000, first.Length);

        buffers.Return(first);

        Assert.Equal(1000, buffers.KeptBytes);
        Assert.NotSame(first, buffers.Rent(999));
        Assert.Same(first, buffers.Rent(1000));
        Assert.Equal(0, buffers.KeptBytes);
    }

    [Fact]
    public void An_array_returned_twice_or_not_handed_out_here_is_never_handed_out_twice()
    {
        using var buffers = new BulkBuffers(TimeSpan.FromMinutes(1));
        var lent = buffers.Rent(64);
        buffers.Return(lent);
        buffers.Return(lent); // a second return must not let two readers share it
        buffers.Return(new byte[64]); // not lent here: someone else may still hold it

        Assert.Same(lent, buffers.Rent(64));
        Assert.NotSame(lent, buffers.Rent(64));
        Assert.Equal(0, buffers.KeptBytes);
    }

    [Fact]
    public void At_most_a_few_arrays_of_a_length_are_kept()
    {
        using var buffers = new BulkBuffers(TimeSpan.FromMinutes(1));
        var arrays = Enumerable.Range(0, BulkBuffers.PerLength + 3).Select(_ => buffers.Rent(4096)).ToArray();
        foreach (var array in arrays)
        {
            buffers.Return(array);
        }

        Assert.Equal(BulkBuffers.PerLength * 4096L, buffers.KeptBytes);
    }

    [Fact]
    public async Task Arrays_no_transfer_used_for_a_while_are_let_go()
    {
        using var buffers = new BulkBuffers(TimeSpan.FromMilliseconds(50));
        buffers.Return(buffers.Rent(1 << 20));

        for (var waited = 0; buffers.KeptBytes > 0; waited += 20)
        {
            Assert.True(waited < 10_000, "the kept array was not let go");
            await Task.Delay(20);
        }
    }
}
