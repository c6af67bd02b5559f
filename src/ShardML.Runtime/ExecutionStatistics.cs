namespace ShardML.Runtime;

/// <summary>
/// What running steps on the cluster cost, summed over a job: passes, bytes each way, and the split of wall time
/// between compute on the silos and coordination (messages, encoding, merging on the driver).
/// </summary>
public sealed record ExecutionStatistics
{
    public int Passes { get; init; }

    public long BytesSent { get; init; }

    public long BytesReceived { get; init; }

    public double WallSeconds { get; init; }

    /// <summary>Longest silo compute time per pass, summed: the time the slowest silo kept the pass waiting.</summary>
    public double ComputeSeconds { get; init; }

    public double CoordinationSeconds => Math.Max(0, WallSeconds - ComputeSeconds);

    public int ReloadedPartitions { get; init; }
}
