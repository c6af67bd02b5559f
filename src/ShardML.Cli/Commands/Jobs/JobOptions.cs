using System.CommandLine;
using ShardML.Runtime;
using ShardML.Runtime.Hosting;
using ShardML.Runtime.Jobs;

using ShardML.Cli.Help;

namespace ShardML.Cli.Commands.Jobs;

/// <summary>How a training job runs and survives faults: its id, checkpoints, state directory, timeouts, and chaos.</summary>
internal sealed class JobOptions
{
    public Option<string?> JobId { get; } = new("--job-id") { Description = "The job's id, to resume it by (default: generated and printed)" };

    public Option<int?> CheckpointEvery { get; } = new("--checkpoint-every")
    {
        Description = "Save a checkpoint every N iterations instead of by time (0: none)",
    };

    public Option<double?> CheckpointSeconds { get; } = new("--checkpoint-seconds")
    {
        Description = "Save a checkpoint every S seconds of training (default 30; a shorter job writes none; 0: none)",
    };

    public Option<DirectoryInfo?> StateDirectory { get; } = new("--state-dir")
    {
        Description = "Embedded silo: where jobs and checkpoints are kept (default: ~/.local/share/shardml/state); a cluster keeps them in its silos' --state",
    };

    public Option<double?> StepTimeout { get; } = new("--step-timeout") { Description = "Seconds one silo may take over its share of a pass before it counts as failed (default 600)" };

    public Option<double?> RecoveryTimeout { get; } = new("--recovery-timeout") { Description = "Seconds a pass keeps recovering from failed silos before the job stops (default 60)" };

    public Option<int?> MinimumSilos { get; } = new("--min-silos") { Description = "Stop the job when fewer silos than this are left (default 1)" };

    public Option<bool> NoSpeculation { get; } = new("--no-speculation") { Description = "Never run a straggling share again on another silo" };

    public Option<bool> NoMemoryCheck { get; } = new("--no-memory-check")
    {
        Description = "Load the data even if its estimated size exceeds the memory the silos have free (default: refuse with exit 5)",
    };

    public Option<string[]> Chaos { get; } = new("--chaos")
    {
        Description = "Inject a fault (repeatable; needs chaos enabled): kill-silo@iteration=N, kill-driver@iteration=N, delay-partition=P:DURATION, corrupt-checkpoint",
    };

    public Option<bool> EnableChaos { get; } = new("--enable-chaos") { Description = "Embedded silo: obey --chaos (a cluster's silos must be started with --enable-chaos)" };

    public Option<string> SecureAggregation { get; } = new("--secure-aggregation")
    {
        Description = "How sums reach the job's driver: none (default), masking (silos mask their sums pairwise; the driver learns only totals; needs TLS) or paillier (silos encrypt under the driver's key; slow, for small models)",
        DefaultValueFactory = _ => "none",
    };

    public void AddTo(Command command, bool withJobId = true)
    {
        if (withJobId)
        {
            command.Options.Add(JobId.InGroup(OptionGroup.FaultTolerance));
        }

        command.Options.Add(CheckpointEvery.InGroup(OptionGroup.FaultTolerance));
        command.Options.Add(CheckpointSeconds.InGroup(OptionGroup.FaultTolerance));
        command.Options.Add(StateDirectory.InGroup(OptionGroup.FaultTolerance));
        command.Options.Add(StepTimeout.InGroup(OptionGroup.FaultTolerance));
        command.Options.Add(RecoveryTimeout.InGroup(OptionGroup.FaultTolerance));
        command.Options.Add(MinimumSilos.InGroup(OptionGroup.FaultTolerance));
        command.Options.Add(NoSpeculation.InGroup(OptionGroup.FaultTolerance));
        command.Options.Add(NoMemoryCheck.InGroup(OptionGroup.FaultTolerance));
        command.Options.Add(Chaos.InGroup(OptionGroup.FaultTolerance));
        command.Options.Add(EnableChaos.InGroup(OptionGroup.FaultTolerance));
    }

    /// <summary>Adds <c>--secure-aggregation</c>, which a new job takes (a resumed one keeps its own).</summary>
    public void AddSecureAggregationTo(Command command) => command.Options.Add(SecureAggregation.InGroup(OptionGroup.Cluster));

    /// <summary>A new job's settings: the defaults, changed by the options given.</summary>
    public JobSettings Settings(ParseResult parse)
    {
        var settings = Changes(parse).ApplyTo(new JobSettings());
        settings = settings with { Executor = settings.Executor with { SecureAggregation = Mode(parse) } };
        return settings.Executor.Validate() is { } problem ? throw new UsageException(problem) : settings;
    }

    private SecureAggregationMode Mode(ParseResult parse) =>
        parse.GetResult(SecureAggregation) is null
            ? SecureAggregationMode.None
            : Choice.Parse(
                parse.GetValue(SecureAggregation)!,
                "--secure-aggregation",
                ("none", SecureAggregationMode.None),
                ("masking", SecureAggregationMode.Masking),
                ("paillier", SecureAggregationMode.Paillier));

    /// <summary>
    /// Only what the command line says, for a resume to apply over the job's own settings — and no fault injection
    /// unless this command line asks for it: the job's faults were for the run they interrupted, and demanding
    /// --enable-chaos again to finish it helped nobody.
    /// </summary>
    public JobSettingsOverride ResumeChanges(ParseResult parse) =>
        parse.GetResult(Chaos) is not null
            ? Changes(parse)
            : Changes(parse) with { Chaos = ChaosOptions.None, KillSiloAtIteration = 0, KillDriverAtIteration = 0, CorruptCheckpointOnResume = false };

    private JobSettingsOverride Changes(ParseResult parse)
    {
        var every = parse.GetValue(CheckpointEvery);
        if (every < 0)
        {
            throw new UsageException("--checkpoint-every must be 0 or more");
        }

        var seconds = parse.GetValue(CheckpointSeconds);
        if (seconds is { } s && (!(s >= 0) || s > ClusterExecutorOptions.MaximumTimeout.TotalSeconds))
        {
            throw new UsageException($"--checkpoint-seconds must be 0 or more seconds, at most {ClusterExecutorOptions.MaximumTimeout.TotalSeconds:0}");
        }

        if (every is not null && seconds is not null)
        {
            throw new UsageException("--checkpoint-every and --checkpoint-seconds both say when to save; give one");
        }

        var changes = new JobSettingsOverride
        {
            // Iterations replace the period and a period replaces iterations; 0 iterations saves nothing at all.
            CheckpointInterval = every ?? (seconds is null ? null : 0),
            CheckpointPeriod = every == 0 ? TimeSpan.Zero : seconds is { } period ? TimeSpan.FromSeconds(period) : null,
            StepTimeout = Seconds(parse.GetValue(StepTimeout), "--step-timeout"),
            RecoveryTimeout = Seconds(parse.GetValue(RecoveryTimeout), "--recovery-timeout"),
            MinimumSilos = parse.GetValue(MinimumSilos) is { } minimum ? (minimum >= 1 ? minimum : throw new UsageException("--min-silos must be at least 1")) : null,
            Speculation = parse.GetValue(NoSpeculation) ? false : null,
            MemoryCheck = parse.GetValue(NoMemoryCheck) ? false : null,
        };
        return ChaosSpec.Apply(changes, parse.GetValue(Chaos) ?? []);
    }

    /// <summary>The embedded silo's state store, or null for the default.</summary>
    public StateStore? EmbeddedState(ParseResult parse) =>
        parse.GetValue(StateDirectory) is { } directory ? new FileStateStore(directory.FullName) : null;

    /// <summary>A readable, unique job id: the algorithm, the time, and a few random letters.</summary>
    public string NewJobId(ParseResult parse, string algorithm) =>
        parse.GetValue(JobId) is { } id
            ? (id.Length is > 0 and <= 128 && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.') ? id : throw new UsageException($"--job-id '{id}': use letters, digits, '-', '_' and '.'"))
            : $"{algorithm}-{DateTime.UtcNow:yyyyMMdd-HHmmss}-{Guid.NewGuid().ToString("N")[..6]}";

    /// <summary>Seconds as a timeout; NaN, infinities and values past <see cref="ClusterExecutorOptions.MaximumTimeout"/> are refused before any conversion can overflow.</summary>
    private static TimeSpan? Seconds(double? value, string name) =>
        value switch
        {
            null => null,
            > 0 when value.Value <= ClusterExecutorOptions.MaximumTimeout.TotalSeconds => TimeSpan.FromSeconds(value.Value),
            _ => throw new UsageException($"{name} must be a positive number of seconds, at most {ClusterExecutorOptions.MaximumTimeout.TotalSeconds:0} ({ClusterExecutorOptions.MaximumTimeout.TotalDays:0} days)"),
        };
}
