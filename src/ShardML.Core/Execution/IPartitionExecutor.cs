namespace ShardML.Core.Execution;

/// <summary>
/// Runs steps over every partition of a loaded dataset and returns the merged summary. The algorithms' drivers
/// are written against this alone: <see cref="InMemoryExecutor"/> runs them in one process for tests, the Orleans
/// runtime runs them on a cluster, and the same inputs give the same bits on both.
/// </summary>
public interface IPartitionExecutor : IAsyncDisposable
{
    /// <summary>The loaded dataset: final schema and rows per partition.</summary>
    LoadedDataset Dataset { get; }

    /// <summary>
    /// What the driver may learn from a pass: everything merged in the clear, or only totals (secure aggregation), in
    /// which case a step must return sums (<see cref="IAdditiveSummary"/>) and an algorithm avoids passes that would
    /// send rows.
    /// </summary>
    AggregationPrivacy Privacy => AggregationPrivacy.Clear;

    /// <summary>Runs <paramref name="step"/> on every partition and merges the summaries in <see cref="MergeTree"/> order.</summary>
    Task<TSummary> RunAsync<TSummary>(IPartitionStep<TSummary> step, CancellationToken cancellationToken)
        where TSummary : class, ISummary;
}
