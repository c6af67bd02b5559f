namespace ShardML.Runtime;

/// <summary>
/// What running steps on the cluster cost, summed over a job, and pass by pass: bytes each way, and the split of
/// wall time between compute on the silos and coordination (messages, encoding, merging on the driver). Totals
/// count every pass; the per-pass list keeps the last <see cref="KeptPasses"/>, so a job of a million SGD rounds
/// reports in kilobytes, not megabytes.
/// </summary>
[GenerateSerializer, Immutable, Alias("shardml.execution-statistics")]
public sealed record ExecutionStatistics
{
    /// <summary>How many of the latest passes are kept one by one.</summary>
    public const int KeptPasses = 1000;

    [Id(0)]
    public int Passes { get; init; }

    [Id(1)]
    public long BytesSent { get; init; }

    [Id(2)]
    public long BytesReceived { get; init; }

    [Id(3)]
    public double WallSeconds { get; init; }

    /// <summary>Longest silo compute time per pass, summed: the time the slowest silo kept each pass waiting.</summary>
    [Id(4)]
    public double ComputeSeconds { get; init; }

    public double CoordinationSeconds => Math.Max(0, WallSeconds - ComputeSeconds);

    /// <summary>Partitions loaded from their sources during passes (after a move, a lost activation or a dead silo).</summary>
    [Id(5)]
    public int ReloadedPartitions { get; init; }

    /// <summary>Times part of a pass was sent again because a silo failed or left.</summary>
    [Id(6)]
    public int Retries { get; init; }

    /// <summary>Straggling shares run a second time on another silo.</summary>
    [Id(7)]
    public int Speculations { get; init; }

    /// <summary>Time passes spent recovering from failed silos, from the first failure to the pass's end.</summary>
    [Id(8)]
    public double RecoverySeconds { get; init; }

    /// <summary>The latest passes, oldest first; earlier ones count in the totals only.</summary>
    [Id(9)]
    public IReadOnlyList<PassStatistics> PerPass { get; init; } = [];

    /// <summary>Passes counted in the totals but no longer listed.</summary>
    public int OmittedPasses => Passes - PerPass.Count;

    public ExecutionStatistics Add(PassStatistics pass) => Append(new ExecutionStatistics
    {
        Passes = 1,
        BytesSent = pass.BytesSent,
        BytesReceived = pass.BytesReceived,
        WallSeconds = pass.WallSeconds,
        ComputeSeconds = pass.ComputeSeconds,
        ReloadedPartitions = pass.ReloadedPartitions,
        Retries = pass.Retries,
        Speculations = pass.Speculations,
        RecoverySeconds = pass.RecoverySeconds,
        PerPass = [pass],
    });

    /// <summary>These passes followed by <paramref name="later"/>'s.</summary>
    public ExecutionStatistics Append(ExecutionStatistics later) => new()
    {
        Passes = Passes + later.Passes,
        BytesSent = BytesSent + later.BytesSent,
        BytesReceived = BytesReceived + later.BytesReceived,
        WallSeconds = WallSeconds + later.WallSeconds,
        ComputeSeconds = ComputeSeconds + later.ComputeSeconds,
        ReloadedPartitions = ReloadedPartitions + later.ReloadedPartitions,
        Retries = Retries + later.Retries,
        Speculations = Speculations + later.Speculations,
        RecoverySeconds = RecoverySeconds + later.RecoverySeconds,
        PerPass = later.PerPass.Count >= KeptPasses
            ? later.PerPass.Skip(later.PerPass.Count - KeptPasses).ToArray()
            : [.. PerPass.Skip(Math.Max(0, PerPass.Count + later.PerPass.Count - KeptPasses)), .. later.PerPass],
    };
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
