namespace ShardML.Core.Execution;

/// <summary>
/// A step whose partitions carry state from one pass to the next in <see cref="Data.Partition.State"/> (CoCoA+'s dual
/// variables). A node that did not run a partition's previous pass — a speculative copy, a share placed again after its
/// silo failed or froze — holds the rows but not that state. An executor sends such a node
/// <see cref="ForNewHolder"/> instead of the step: the same step carrying what the partitions need to rebuild their state
/// from the pass's inputs, so that copy returns the bits the partition's usual node would have. Executors that keep
/// every partition in one place (<see cref="InMemoryExecutor"/>) never ask.
/// </summary>
public interface IReplayableStep
{
    /// <summary>
    /// The step for a node that did not run the previous pass of <paramref name="partitions"/> (partition indices). It
    /// is sent only to such nodes, so it may be much larger than the step: it is built when needed, on the driver.
    /// </summary>
    IPartitionStep ForNewHolder(IReadOnlyList<int> partitions);
}
