namespace ShardML.Core.Execution;

/// <summary>
/// What a step returns for one partition or a run of consecutive partitions. <see cref="Merge"/> must be
/// associative; it need not be commutative, because the runtime always merges in a fixed tree over partition
/// indices (<see cref="MergeTree"/>): a summary of lower partitions on the left, higher on the right.
/// </summary>
public interface ISummary
{
    /// <summary>Combines this summary (lower partitions) with <paramref name="higher"/>; may reuse this instance.</summary>
    ISummary Merge(ISummary higher);

    /// <summary>
    /// Called once nothing will read this summary again (it was merged into another, serialized, or read by the
    /// driver): returns any rented buffers (<see cref="SummaryArrays"/>). Optional for the caller; a summary that
    /// rents nothing does nothing.
    /// </summary>
    void Release();
}

/// <summary>Typed base for summaries, so algorithms write <c>Merge(TSelf)</c> and never cast.</summary>
public abstract class Summary<TSelf> : ISummary
    where TSelf : Summary<TSelf>
{
    public abstract TSelf Merge(TSelf higher);

    /// <inheritdoc/>
    public virtual void Release()
    {
    }

    ISummary ISummary.Merge(ISummary higher) => Merge((TSelf)higher);
}
