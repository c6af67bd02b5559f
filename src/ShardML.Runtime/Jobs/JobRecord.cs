namespace ShardML.Runtime.Jobs;

/// <summary>A job's persisted record: what it is, where it stands, and its result. Checkpoints live beside it.</summary>
[GenerateSerializer, Alias("shardml.job-record")]
public sealed class JobRecord
{
    [Id(0)]
    public JobSubmission? Submission { get; set; }

    [Id(1)]
    public JobStatus Status { get; set; }

    [Id(2)]
    public JobErrorKind ErrorKind { get; set; }

    [Id(3)]
    public string? Error { get; set; }

    [Id(4)]
    public string? ModelJson { get; set; }

    [Id(5)]
    public Dictionary<string, double>? Metrics { get; set; }

    [Id(6)]
    public DateTime CreatedUtc { get; set; }

    [Id(7)]
    public DateTime UpdatedUtc { get; set; }

    /// <summary>Times a driver started on the job: 1, plus one per resume.</summary>
    [Id(8)]
    public int Starts { get; set; }

    /// <summary>Chaos kills already done, so a resumed job does not kill again.</summary>
    [Id(9)]
    public bool ChaosKillDone { get; set; }

    [Id(10)]
    public List<string> Notes { get; set; } = [];

    [Id(11)]
    public ExecutionStatistics Statistics { get; set; } = new();

    [Id(12)]
    public int CheckpointsWritten { get; set; }

    [Id(13)]
    public long CheckpointBytesWritten { get; set; }

    /// <summary>The iteration the last resume started from; null when the job never resumed or had no checkpoint.</summary>
    [Id(14)]
    public int? ResumedFromIteration { get; set; }

    [Id(15)]
    public double RecoverySeconds { get; set; }

    [Id(16)]
    public string? DetailsJson { get; set; }

    /// <summary>The dataset the current driver loaded, so a driver that takes over can release it on the silos.</summary>
    [Id(17)]
    public string? DatasetId { get; set; }

    /// <summary>The identity (client certificate name) that submitted the job; null where access control is off.</summary>
    [Id(18)]
    public string? Owner { get; set; }

    /// <summary>
    /// When the job's driver was lost (found "running" by a new activation) within the quarantine window: a job whose
    /// drivers keep dying is failed instead of revived forever (see <see cref="Driving.JobQuarantine"/>).
    /// </summary>
    [Id(19)]
    public List<DateTime> DriverLosses { get; set; } = [];
}

/// <summary>
/// One checkpoint: a job's algorithm state as of the end of an iteration, with a checksum over it. Two slots are
/// kept and written in turn, so the one before the latest survives a write that went wrong.
/// </summary>
[GenerateSerializer, Alias("shardml.checkpoint-slot")]
public sealed class CheckpointSlot
{
    [Id(0)]
    public long Sequence { get; set; }

    [Id(1)]
    public int Iteration { get; set; }

    [Id(2)]
    public byte[] State { get; set; } = [];

    [Id(3)]
    public ulong Checksum { get; set; }

    [Id(4)]
    public DateTime WrittenUtc { get; set; }

    public static ulong ChecksumOf(long sequence, int iteration, byte[] state) =>
        System.IO.Hashing.XxHash64.HashToUInt64(state, sequence ^ ((long)iteration << 40));

    public bool IsValid => Sequence > 0 && Checksum == ChecksumOf(Sequence, Iteration, State);
}
