namespace ShardML.Runtime.Jobs;

/// <summary>
/// Settings a resume changes, leaving the rest as the job was submitted: only what is given here is replaced
/// (a resume with a longer step timeout keeps the job's checkpoint interval and its other options).
/// </summary>
[GenerateSerializer, Immutable, Alias("shardml.job-settings-override")]
public sealed record JobSettingsOverride
{
    [Id(0)]
    public int? CheckpointInterval { get; init; }

    [Id(1)]
    public TimeSpan? StepTimeout { get; init; }

    [Id(2)]
    public TimeSpan? RecoveryTimeout { get; init; }

    [Id(3)]
    public int? MinimumSilos { get; init; }

    [Id(4)]
    public bool? Speculation { get; init; }

    [Id(5)]
    public ChaosOptions? Chaos { get; init; }

    [Id(6)]
    public int? KillSiloAtIteration { get; init; }

    [Id(7)]
    public int? KillDriverAtIteration { get; init; }

    [Id(8)]
    public bool? CorruptCheckpointOnResume { get; init; }

    [Id(9)]
    public TimeSpan? CheckpointPeriod { get; init; }

    [Id(10)]
    public bool? MemoryCheck { get; init; }

    public JobSettings ApplyTo(JobSettings settings) => settings with
    {
        CheckpointInterval = CheckpointInterval ?? settings.CheckpointInterval,
        CheckpointPeriod = CheckpointPeriod ?? settings.CheckpointPeriod,
        KillSiloAtIteration = KillSiloAtIteration ?? settings.KillSiloAtIteration,
        KillDriverAtIteration = KillDriverAtIteration ?? settings.KillDriverAtIteration,
        CorruptCheckpointOnResume = CorruptCheckpointOnResume ?? settings.CorruptCheckpointOnResume,
        Executor = settings.Executor with
        {
            StepTimeout = StepTimeout ?? settings.Executor.StepTimeout,
            RecoveryTimeout = RecoveryTimeout ?? settings.Executor.RecoveryTimeout,
            MinimumSilos = MinimumSilos ?? settings.Executor.MinimumSilos,
            Speculation = Speculation ?? settings.Executor.Speculation,
            Chaos = Chaos ?? settings.Executor.Chaos,
            MemoryCheck = MemoryCheck ?? settings.Executor.MemoryCheck,
        },
    };
}
