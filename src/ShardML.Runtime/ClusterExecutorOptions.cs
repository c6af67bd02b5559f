namespace ShardML.Runtime;

/// <summary>How the driver copes with silos that fail or leave during a job.</summary>
public sealed record ClusterExecutorOptions
{
    /// <summary>How often, at most, the driver asks the cluster which silos are active (a join or a graceful leave is seen within this).</summary>
    public TimeSpan MembershipRefreshInterval { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>How many times the partitions of a failed silo are sent elsewhere within one pass before the pass fails.</summary>
    public int MaximumRetries { get; init; } = 8;

    /// <summary>The first pause before a retry; it doubles with each retry of the same pass.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>How long a silo that failed a call stays out of placement unless membership declares it dead sooner.</summary>
    public TimeSpan SuspicionTimeout { get; init; } = TimeSpan.FromSeconds(60);
}
