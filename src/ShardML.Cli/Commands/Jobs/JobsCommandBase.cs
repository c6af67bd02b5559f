using System.CommandLine;
using ShardML.Cli.Engine;
using ShardML.Cli.Output;
using ShardML.Runtime.Hosting;

namespace ShardML.Cli.Commands.Jobs;

/// <summary>
/// A <c>shardml jobs</c> subcommand: reaches the jobs a cluster keeps (<c>--cluster</c>, with its state in files,
/// Redis or PostgreSQL, as its silos' <c>--state</c> says) or the embedded silo's (<c>--state-dir</c>, default
/// ~/.local/share/shardml/state).
/// </summary>
internal abstract class JobsCommandBase : ShardCommand
{
    private readonly Option<DirectoryInfo?> _stateDirectory = new("--state-dir")
    {
        Description = "Embedded silo: where its jobs are kept (default: ~/.local/share/shardml/state)",
    };

    protected JobsCommandBase(string name, string description, CommonOptions common)
        : base(name, description, common.Json)
    {
        Common = common;
        Options.Add(common.Json);
        common.AddLoggingTo(this);
        common.Connection.AddTo(this, withCluster: true);
        Options.Add(_stateDirectory);
    }

    protected CommonOptions Common { get; }

    protected async Task<EngineSession> OpenAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var connection = Common.Connection.Connection(parse, "client");
        var directory = parse.GetValue(_stateDirectory);
        if (connection is not null && directory is not null)
        {
            throw new UsageException("--state-dir is the embedded silo's; a cluster keeps its jobs where its silos' --state says");
        }

        return await EngineSession.OpenAsync(connection, Common.Verbosity(parse), cancellationToken, directory is null ? null : new FileStateStore(directory.FullName));
    }

    /// <summary>A job's status as the list shows it.</summary>
    protected static string StatusText(Runtime.Jobs.JobStatusReport job) =>
        job.Driverless ? "running (no driver)" : job.Status.ToString().ToLowerInvariant();
}
