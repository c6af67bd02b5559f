namespace ShardML;

/// <summary>Where a training job is in its life.</summary>
public enum TrainingState
{
    /// <summary>No such job is known.</summary>
    Unknown = 0,

    Running = 1,

    Succeeded = 2,

    Failed = 3,

    /// <summary>Stopped on request; it can be resumed from its last checkpoint.</summary>
    Stopped = 4,
}
