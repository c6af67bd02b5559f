using System.CommandLine;
using ShardML.Cli.Output;
using ShardML.Runtime.Jobs;

namespace ShardML.Cli.Commands.Jobs;

/// <summary>
/// <c>shardml jobs forget ID</c>: deletes a job's record, model and checkpoints from the state store. A running job is
/// refused (stop it first); a finished job whose model was never collected is forgotten only when asked, since
/// <c>train --resume ID --out FILE</c> could still save it.
/// </summary>
internal sealed class JobsForgetCommand : JobsCommandBase
{
    private readonly Argument<string> _id = new("ID") { Description = "The job's id (shardml jobs list shows them)" };

    public JobsForgetCommand(CommonOptions common)
        : base("forget", "Delete a job's record, model and checkpoints from the state store (a running job must be stopped first).", common)
    {
        Arguments.Add(_id);
    }

    protected override async Task<int> ExecuteAsync(ParseResult parse, Reporter reporter, CancellationToken cancellationToken)
    {
        var id = parse.GetValue(_id)!;
        await using var session = await OpenAsync(parse, cancellationToken);
        var job = (await session.Cluster.KeptJobsAsync(cancellationToken)).FirstOrDefault(j => j.JobId == id);
        if (job is null || job.Status == JobStatus.Unknown)
        {
            if (job is not null)
            {
                await session.Cluster.ForgetJobAsync(id, cancellationToken); // listed, but its record is gone: the job drops its entry
            }

            throw new UsageException($"no job '{id}' is kept in {session.Cluster.Description}");
        }

        if (job.Status == JobStatus.Running && !job.Driverless)
        {
            throw new UsageException($"job {id} is running; stop it first (shardml train --stop {id})");
        }

        await session.Cluster.ForgetJobAsync(id, cancellationToken);
        reporter.Line($"job {id} forgotten: {Reporter.Size(job.StoredBytes)} freed");
        if (reporter.Json)
        {
            reporter.Document(new { command = "jobs forget", job = id, status = job.Status.ToString().ToLowerInvariant(), freedBytes = job.StoredBytes });
        }

        return ExitCodes.Success;
    }
}
