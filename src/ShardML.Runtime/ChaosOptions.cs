namespace ShardML.Runtime;

/// <summary>
/// Faults the driver injects on purpose, to show what the runtime does about them: a partition that is slow on the
/// silo first holding it (a straggler). Silos honour them only when started with chaos enabled.
/// </summary>
/// <param name="DelayedPartition">The partition to slow down, or -1 for none.</param>
/// <param name="Delay">How long each step on it waits first, on the silo that held it when the job started.</param>
/// <param name="FromPass">
/// The first pass (counted from 0 after the load) the delay applies to: a node that turns slow mid-job, when the
/// partitions already hold state from earlier passes (CoCoA+'s duals).
/// </param>
[GenerateSerializer, Immutable, Alias("shardml.chaos-options")]
public sealed record ChaosOptions([property: Id(0)] int DelayedPartition, [property: Id(1)] TimeSpan Delay, [property: Id(2)] int FromPass = 0)
{
    public static ChaosOptions None { get; } = new(-1, TimeSpan.Zero);

    public bool IsNone => DelayedPartition < 0 || Delay <= TimeSpan.Zero;
}
