namespace ShardML.Runtime.Jobs;

/// <summary>
/// Everything a driver needs to run, and later resume, a job: the encoded job (algorithm and options), the planned
/// dataset (the partitions' lineage), and how to run it.
/// </summary>
[GenerateSerializer, Immutable, Alias("shardml.job-submission")]
public sealed record JobSubmission(
    [property: Id(0)] string JobType,
    [property: Id(1)] byte[] Job,
    [property: Id(2)] byte[] Plan,
    [property: Id(3)] JobSettings Settings)
{
    /// <summary>The path of the job's data, for the audit trail; null when the plan does not read.</summary>
    public string? DataPath()
    {
        try
        {
            return MemoryPack.MemoryPackSerializer.Deserialize<Core.Data.DatasetPlan>(Plan)?.Path;
        }
        catch (MemoryPack.MemoryPackSerializationException)
        {
            return null;
        }
    }
}

/// <summary>How a job runs: checkpoint frequency, the executor's fault handling, and chaos for tests and demos.</summary>
[GenerateSerializer, Immutable, Alias("shardml.job-settings")]
public sealed record JobSettings
{
    /// <summary>Save a checkpoint every this many iterations; 0 (the default) saves by <see cref="CheckpointPeriod"/> instead.</summary>
    [Id(0)]
    public int CheckpointInterval { get; init; }

    /// <summary>
    /// With <see cref="CheckpointInterval"/> 0: save a checkpoint once this much training time has passed since the start
    /// or the last one (default 30 s, so a shorter job writes none); zero as well saves none.
    /// </summary>
    [Id(6)]
    public TimeSpan CheckpointPeriod { get; init; } = Core.Execution.CheckpointSchedule.DefaultPeriod;

    /// <summary>When the job saves checkpoints, as its trainers see it.</summary>
    public Core.Execution.CheckpointSchedule Checkpoints =>
        CheckpointInterval > 0 ? Core.Execution.CheckpointSchedule.EveryIterations(CheckpointInterval) : Core.Execution.CheckpointSchedule.ByTime(CheckpointPeriod);

    [Id(1)]
    public ClusterExecutorOptions Executor { get; init; } = new();

    /// <summary>Chaos: kill a silo (not the driver's) when the job first reaches this iteration; 0 for never.</summary>
    [Id(2)]
    public int KillSiloAtIteration { get; init; }

    /// <summary>Chaos: corrupt the latest checkpoint before resuming, to show the previous one is used.</summary>
    [Id(3)]
    public bool CorruptCheckpointOnResume { get; init; }

    /// <summary>Chaos: kill the driver's own silo (the job resumes elsewhere) when the job first reaches this iteration; 0 for never.</summary>
    [Id(4)]
    public int KillDriverAtIteration { get; init; }

    /// <summary>What the client calls the algorithm ("kmeans", "logreg"); shown in reports, never interpreted.</summary>
    [Id(5)]
    public string Algorithm { get; init; } = string.Empty;

    public bool UsesChaos => !Executor.Chaos.IsNone || KillSiloAtIteration > 0 || KillDriverAtIteration > 0 || CorruptCheckpointOnResume;
}
