namespace ShardML.Runtime.Jobs;

/// <summary>A job as its driver sees it now: status, progress, result, and what faults cost.</summary>
[GenerateSerializer, Immutable, Alias("shardml.job-status")]
public sealed record JobStatusReport
{
    [Id(0)]
    public required string JobId { get; init; }

    [Id(1)]
    public JobStatus Status { get; init; }

    [Id(2)]
    public string Phase { get; init; } = string.Empty;

    [Id(3)]
    public int Iteration { get; init; }

    [Id(4)]
    public int MaximumIterations { get; init; }

    [Id(5)]
    public double Loss { get; init; } = double.NaN;

    [Id(6)]
    public JobErrorKind ErrorKind { get; init; }

    [Id(7)]
    public string? Error { get; init; }

    [Id(8)]
    public string? ModelJson { get; init; }

    [Id(9)]
    public IReadOnlyDictionary<string, double>? Metrics { get; init; }

    [Id(10)]
    public ExecutionStatistics Statistics { get; init; } = new();

    [Id(11)]
    public int Checkpoints { get; init; }

    [Id(12)]
    public long CheckpointBytes { get; init; }

    [Id(13)]
    public int? LastCheckpointIteration { get; init; }

    [Id(14)]
    public long LastCheckpointBytes { get; init; }

    [Id(15)]
    public int? ResumedFromIteration { get; init; }

    [Id(16)]
    public int Starts { get; init; }

    [Id(17)]
    public IReadOnlyList<string> Notes { get; init; } = [];

    [Id(18)]
    public string DriverSilo { get; init; } = string.Empty;

    /// <summary>Time spent recovering: retries and speculation in passes, plus reloading after a driver restart.</summary>
    [Id(19)]
    public double RecoverySeconds { get; init; }

    /// <summary>More of the final evaluation (a confusion matrix) as JSON, when the algorithm has more to say.</summary>
    [Id(20)]
    public string? DetailsJson { get; init; }

    /// <summary>What the client called the algorithm when it submitted the job.</summary>
    [Id(21)]
    public string Algorithm { get; init; } = string.Empty;

    /// <summary>While the data loads: bytes of its sources read so far.</summary>
    [Id(22)]
    public long LoadedBytes { get; init; }

    /// <summary>While the data loads: bytes it reads in all (0 otherwise).</summary>
    [Id(23)]
    public long LoadBytes { get; init; }

    /// <summary>While the data loads: rows read so far.</summary>
    [Id(24)]
    public long LoadedRows { get; init; }

    /// <summary>
    /// Why the job's record could not be saved (a full disk, a state store that is down), or null when it is saved:
    /// then the result lives only in its driver's memory, and is lost with it.
    /// </summary>
    [Id(25)]
    public string? Unsaved { get; init; }
    /// <summary>Who submitted the job (a client certificate's name); null where access control is off.</summary>
    [Id(26)]
    public string? Owner { get; init; }

    /// <summary>When the job was submitted.</summary>
    [Id(27)]
    public DateTime CreatedUtc { get; init; }

    /// <summary>When the job's record was last written.</summary>
    [Id(28)]
    public DateTime UpdatedUtc { get; init; }

    /// <summary>Bytes the job keeps in the state store (checkpoints, model, submission), as its driver counts them.</summary>
    [Id(29)]
    public long StoredBytes { get; init; }

    /// <summary>
    /// Recorded as running, but no driver runs it: its silo or process died. On a cluster it resumes when next asked
    /// about (the silos ask every 30 s); a job of an embedded silo waits for <c>--resume</c>.
    /// </summary>
    [Id(30)]
    public bool Driverless { get; init; }

    public bool IsFinished => Status is JobStatus.Succeeded or JobStatus.Failed or JobStatus.Stopped or JobStatus.Unknown;
}
