namespace ShardML.Runtime;

/// <summary>How the driver copes with silos that fail, leave, hang or straggle during a job.</summary>
[GenerateSerializer, Immutable, Alias("shardml.executor-options")]
public sealed record ClusterExecutorOptions
{
    /// <summary>How often, at most, the driver asks the cluster which silos are active (a join or a graceful leave is seen within this).</summary>
    [Id(0)]
    public TimeSpan MembershipRefreshInterval { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>The longest one silo may take over its share of one pass; past it the silo is treated as failed.</summary>
    [Id(1)]
    public TimeSpan StepTimeout { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// How long a pass keeps placing the partitions of failed silos elsewhere before it gives up with
    /// <see cref="ClusterUnavailableException"/>: the bound on a job that has too few silos left.
    /// </summary>
    [Id(2)]
    public TimeSpan RecoveryTimeout { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>The first pause before a retry; it doubles with each retry of the same pass, up to two seconds.</summary>
    [Id(3)]
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>The pause after <paramref name="delay"/>: twice as long, at most two seconds.</summary>
    public static TimeSpan NextRetryDelay(TimeSpan delay) => TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(2).Ticks));

    /// <summary>With fewer silos than this the pass does not run; if that lasts the recovery timeout, it fails with a clear error.</summary>
    [Id(4)]
    public int MinimumSilos { get; init; } = 1;

    /// <summary>Run a straggling silo's share again on another silo (first result wins); results are the same either way.</summary>
    [Id(5)]
    public bool Speculation { get; init; } = true;

    /// <summary>A share is straggling when it has run this many times longer than the median share that finished.</summary>
    [Id(6)]
    public double SpeculationMultiplier { get; init; } = 3;

    /// <summary>…and for at least this long, so that fast passes never speculate.</summary>
    [Id(7)]
    public TimeSpan SpeculationMinimum { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// The largest step or summary sent as one message; bigger ones travel in chunks of this size. Well under Orleans'
    /// message body limit (100 MB by default), which tears down the connection when exceeded.
    /// </summary>
    [Id(8)]
    public int MaximumMessageBytes { get; init; } = 16 << 20;

    /// <summary>How long a silo that failed a call stays out of placement unless membership declares it dead sooner.</summary>
    [Id(9)]
    public TimeSpan SuspicionTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Faults to inject, for tests and demos; refused by silos that were not started with chaos enabled.</summary>
    [Id(10)]
    public ChaosOptions Chaos { get; init; } = ChaosOptions.None;

    /// <summary>
    /// How sums reach the driver: in the clear, or so that the driver learns only totals (secure aggregation); under
    /// the latter a step that is not a sum is refused and a silo's share is never retried alone (docs/SECURITY.md).
    /// </summary>
    [Id(11)]
    public SecureAggregationMode SecureAggregation { get; init; } = SecureAggregationMode.None;

    /// <summary>
    /// Before a dataset loads, compare what its partitions will take in memory with what the silos have free, and
    /// refuse it (<see cref="ClusterCapacityException"/>) or place fewer partitions on fuller silos (docs/CLUSTER.md).
    /// Off for an operator who knows better than the estimate.
    /// </summary>
    [Id(12)]
    public bool MemoryCheck { get; init; } = true;

    /// <summary>
    /// Steps and summaries of at least this many bytes between processes go over the data plane — a socket of their own
    /// to the silo, TLS under the cluster's TLS, opened by a one-time token a grain call hands out — instead of Orleans
    /// messages, which move big byte arrays several times slower than the wire (docs/INTERNALS.md); any failure there falls
    /// back to messages. 0 turns it off.
    /// </summary>
    [Id(13)]
    public int BulkTransferBytes { get; init; } = 1 << 20;

    /// <summary>
    /// The longest step or recovery timeout: a timer in .NET cannot run longer than about 49.7 days (2³² − 2 ms), and a
    /// longer wait is no timeout at all.
    /// </summary>
    public static readonly TimeSpan MaximumTimeout = TimeSpan.FromDays(30);

    /// <summary>Returns the first problem with these options, or null.</summary>
    public string? Validate()
    {
        if (StepTimeout <= TimeSpan.Zero || RecoveryTimeout <= TimeSpan.Zero)
        {
            return "the step and recovery timeouts must be positive";
        }

        if (StepTimeout > MaximumTimeout || RecoveryTimeout > MaximumTimeout)
        {
            return $"the step and recovery timeouts must be at most {MaximumTimeout.TotalDays:0} days";
        }

        if (MinimumSilos < 1)
        {
            return "the minimum number of silos must be at least 1";
        }

        if (!(SpeculationMultiplier > 1))
        {
            return "the speculation multiplier must be greater than 1";
        }

        if (!Enum.IsDefined(SecureAggregation))
        {
            return $"unknown secure aggregation mode {(int)SecureAggregation}: it is None, Masking or Paillier (`SecureAggregation`)";
        }

        if (BulkTransferBytes < 0)
        {
            return "the data plane's threshold (`BulkTransferBytes`) is a number of bytes, 0 to turn it off";
        }

        return MaximumMessageBytes < 1024 ? "the largest message must be at least 1 KiB" : null;
    }
}
