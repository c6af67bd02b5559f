namespace ShardML.Runtime.Jobs;

/// <summary>Where a job is in its life.</summary>
public enum JobStatus
{
    /// <summary>No job has this id.</summary>
    Unknown = 0,

    /// <summary>Its driver is running it, or will resume it when next asked about it.</summary>
    Running = 1,

    /// <summary>Finished; the model is ready.</summary>
    Succeeded = 2,

    /// <summary>Stopped with an error; the error says whether resuming can help.</summary>
    Failed = 3,

    /// <summary>Stopped on request; its last checkpoint is kept and it can be resumed.</summary>
    Stopped = 4,
}

/// <summary>What kind of failure stopped a job, so a client can map it to its exit code.</summary>
public enum JobErrorKind
{
    None = 0,
    Data = 1,
    FeatureMismatch = 2,
    InvalidOptions = 3,
    Cluster = 4,
    Unexpected = 5,

    /// <summary>Refused: a data path outside the silos' data roots, or an identity without the permission.</summary>
    Refused = 6,

    /// <summary>Training diverged or ended with non-finite weights or objective; no model.</summary>
    Diverged = 7,
}
