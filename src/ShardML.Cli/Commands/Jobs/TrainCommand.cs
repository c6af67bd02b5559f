using System.CommandLine;
using ShardML.Cli.Engine;
using ShardML.Cli.Output;

namespace ShardML.Cli.Commands.Jobs;

/// <summary>
/// <c>shardml train</c>: its subcommands start a job; <c>shardml train --resume JOB-ID</c> picks one up again —
/// reattaching to a job still running on a cluster, or resuming a stopped or failed one (or one whose embedded silo
/// died with its process) from its last good checkpoint; <c>shardml train --stop JOB-ID</c> stops one, keeping its
/// checkpoints (a job is its owner's to stop, or an admin's, where the silos enforce access).
/// </summary>
internal sealed class TrainCommand : ShardCommand
{
    private readonly Option<string> _resume = new("--resume") { Description = "Resume the job with this id from its last good checkpoint" };

    private readonly Option<string> _stop = new("--stop") { Description = "Stop the job with this id, keeping its checkpoints for --resume" };

    private readonly Option<FileInfo?> _out = new("--out", "-o") { Description = "Where to save the model (JSON)" };

    private readonly CommonOptions _common;

    private readonly JobOptions _jobs = new();

    public TrainCommand(CommonOptions common, IEnumerable<Command> algorithms)
        : base("train", "Train a model (one subcommand per algorithm), or resume a job with --resume JOB-ID.", common.Json)
    {
        _common = common;
        foreach (var algorithm in algorithms)
        {
            Subcommands.Add(algorithm);
        }

        Options.Add(_resume);
        Options.Add(_stop);
        Options.Add(_out);
        Options.Add(common.Json);
        common.AddLoggingTo(this);
        common.Connection.AddTo(this, withCluster: true);
        _jobs.AddTo(this, withJobId: false);
    }

    protected override async Task<int> ExecuteAsync(ParseResult parse, Reporter reporter, CancellationToken cancellationToken)
    {
        if (parse.GetValue(_stop) is { } stop)
        {
            return parse.GetValue(_resume) is null ? await StopAsync(parse, stop, reporter, cancellationToken) : throw new UsageException("--stop and --resume contradict each other: choose one");
        }

        var jobId = parse.GetValue(_resume) ?? throw new UsageException($"choose an algorithm (shardml train {Train.TrainCommands.Names(this)} …) or resume a job with --resume JOB-ID");
        if (parse.GetValue(_out) is { } output)
        {
            OutputPath.Check("--out", output);
        }
        else if (!parse.GetValue(_common.Json))
        {
            // The job's first command line may have had --out; this one is all the resume knows, and a finished job is
            // forgotten once reported, so its model would be lost.
            throw new UsageException("--resume needs --out FILE (or --json) to keep the model: a finished job is forgotten once it is reported");
        }

        var connection = _common.Connection.Connection(parse, "client");
        await using var session = await EngineSession.OpenAsync(
            connection, _common.Verbosity(parse), cancellationToken, _jobs.EmbeddedState(parse), parse.GetValue(_jobs.EnableChaos));
        var resumed = await session.Cluster.ResumeJobAsync(jobId, _jobs.ResumeChanges(parse), cancellationToken);
        if (resumed.Status == Runtime.Jobs.JobStatus.Unknown)
        {
            throw new UsageException($"no job '{jobId}' is known to {session.Cluster.Description}{(connection is null ? " (look in the same --state-dir it ran with)" : string.Empty)}");
        }

        reporter.Line($"[grey]job {jobId}: {resumed.Algorithm}, {(resumed.Status == Runtime.Jobs.JobStatus.Succeeded ? "already finished" : "resumed")}[/]");
        var status = await JobRunner.FollowAsync(session, jobId, reporter, $"train {resumed.Algorithm}", Math.Max(1, resumed.MaximumIterations), cancellationToken);
        await JobRunner.FinishAsync(
            session,
            status,
            () => TrainingReport.WriteAsync(reporter, status, status.Algorithm, null, parse.GetValue(_out), session.Cluster.Description, cancellationToken),
            reporter,
            cancellationToken);
        return ExitCodes.Success;
    }

    private async Task<int> StopAsync(ParseResult parse, string jobId, Reporter reporter, CancellationToken cancellationToken)
    {
        var connection = _common.Connection.Connection(parse, "client");
        await using var session = await EngineSession.OpenAsync(connection, _common.Verbosity(parse), cancellationToken, _jobs.EmbeddedState(parse));
        var stopped = await session.Cluster.StopJobAsync(jobId, cancellationToken);
        if (stopped.Status == Runtime.Jobs.JobStatus.Unknown)
        {
            throw new UsageException($"no job '{jobId}' is known to {session.Cluster.Description}");
        }

        var status = stopped.Status.ToString().ToLowerInvariant();
        reporter.Line($"job {jobId}: {status} at iteration {stopped.Iteration}");
        if (reporter.Json)
        {
            reporter.Document(new { command = "train --stop", job = jobId, status, iteration = stopped.Iteration });
        }

        return ExitCodes.Success;
    }
}
