namespace ShardML.Runtime;

/// <summary>
/// What running steps on the cluster cost, summed over a job, and pass by pass: bytes each way, and the split of
/// wall time between compute on the silos and coordination (messages, encoding, merging on the driver).
/// </summary>
[GenerateSerializer, Immutable, Alias("shardml.execution-statistics")]
public sealed record ExecutionStatistics
{
    public int Passes => PerPass.Count;

    public long BytesSent => PerPass.Sum(p => p.BytesSent);

    public long BytesReceived => PerPass.Sum(p => p.BytesReceived);

    public double WallSeconds => PerPass.Sum(p => p.WallSeconds);

    /// <summary>Longest silo compute time per pass, summed: the time the slowest silo kept each pass waiting.</summary>
    public double ComputeSeconds => PerPass.Sum(p => p.ComputeSeconds);

    public double CoordinationSeconds => Math.Max(0, WallSeconds - ComputeSeconds);

    /// <summary>Partitions loaded from their sources during passes (after a move, a lost activation or a dead silo).</summary>
    public int ReloadedPartitions => PerPass.Sum(p => p.ReloadedPartitions);

    /// <summary>Times part of a pass was sent again because a silo failed or left.</summary>
    public int Retries => PerPass.Sum(p => p.Retries);

    /// <summary>Straggling shares run a second time on another silo.</summary>
    public int Speculations => PerPass.Sum(p => p.Speculations);

    /// <summary>Time passes spent recovering from failed silos, from the first failure to the pass's end.</summary>
    public double RecoverySeconds => PerPass.Sum(p => p.RecoverySeconds);

    [Id(0)]
    public IReadOnlyList<PassStatistics> PerPass { get; init; } = [];
}

/// <summary>One distributed pass (one step run over every partition).</summary>
/// <param name="Step">The step's type name.</param>
/// <param name="Silos">Silos that took part.</param>
/// <param name="BytesSent">Step bytes sent, summed over silos.</param>
/// <param name="BytesReceived">Summary bytes received, summed over silos.</param>
/// <param name="WallSeconds">Time from sending the step to holding the merged summary.</param>
/// <param name="ComputeSeconds">The slowest silo's time running the step and merging locally.</param>
/// <param name="ReloadedPartitions">Partitions loaded from their sources during the pass.</param>
/// <param name="Retries">Times part of the pass was sent again after a silo failed or left.</param>
/// <param name="Speculations">Straggling shares run a second time on another silo.</param>
/// <param name="RecoverySeconds">Time from the pass's first failure to its end.</param>
[GenerateSerializer, Immutable, Alias("shardml.pass-statistics")]
public sealed record PassStatistics(
    [property: Id(0)] string Step,
    [property: Id(1)] int Silos,
    [property: Id(2)] long BytesSent,
    [property: Id(3)] long BytesReceived,
    [property: Id(4)] double WallSeconds,
    [property: Id(5)] double ComputeSeconds,
    [property: Id(6)] int ReloadedPartitions,
    [property: Id(7)] int Retries,
    [property: Id(8)] int Speculations,
    [property: Id(9)] double RecoverySeconds)
{
    public double CoordinationSeconds => Math.Max(0, WallSeconds - ComputeSeconds);
}
