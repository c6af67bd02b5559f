using System.CommandLine;
using ShardML.Algorithms;
using ShardML.Cli.Output;
using ShardML.Runtime;

namespace ShardML.Cli.Commands.Cluster;

/// <summary>
/// A <c>shardml cluster</c> command that asks a running cluster something and prints the answer (<c>--json</c> for
/// one JSON document): the connection options, and a quiet client connected for <see cref="QueryAsync"/>.
/// </summary>
internal abstract class ClusterQueryCommand : ShardCommand
{
    private readonly ConnectionOptions _connection = new();

    protected ClusterQueryCommand(string name, string description)
        : this(name, description, new Option<bool>("--json") { Description = "Print one JSON document on stdout" })
    {
    }

    private ClusterQueryCommand(string name, string description, Option<bool> json)
        : base(name, description, json)
    {
        _connection.Cluster.Required = true;
        _connection.AddTo(this, withCluster: true);
        Options.Add(json);
    }

    protected sealed override async Task<int> ExecuteAsync(ParseResult parse, Reporter reporter, CancellationToken cancellationToken)
    {
        var connection = _connection.Connection(parse, "client")!;
        await using var cluster = await ShardCluster.ConnectAsync(connection, AlgorithmCatalog.WireTypes, Engine.LogVerbosity.Quiet.Configure, cancellationToken);
        return await QueryAsync(cluster, reporter, cancellationToken);
    }

    /// <summary>Asks <paramref name="cluster"/> and reports the answer; returns the exit code.</summary>
    protected abstract Task<int> QueryAsync(ShardCluster cluster, Reporter reporter, CancellationToken cancellationToken);
}
