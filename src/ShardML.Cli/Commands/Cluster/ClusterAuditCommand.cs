using ShardML.Cli.Output;
using ShardML.Runtime;
using ShardML.Runtime.Audit;
using Spectre.Console;

namespace ShardML.Cli.Commands.Cluster;

/// <summary>
/// <c>shardml cluster audit</c>: the audit trail kept in the cluster's state store — every submission, stop, resume and
/// refusal, with the identity, the time, the data and the algorithm. Reading it needs the admin permission.
/// </summary>
internal sealed class ClusterAuditCommand : ClusterQueryCommand
{
    public ClusterAuditCommand()
        : base("audit", "Show the audit trail: who submitted, stopped or resumed which job on which data, and every refusal.")
    {
    }

    protected override async Task<int> QueryAsync(ShardCluster cluster, Reporter reporter, CancellationToken cancellationToken)
    {
        var entries = await cluster.AuditAsync(cancellationToken);
        if (reporter.Json)
        {
            reporter.Document(new { command = "cluster audit", cluster = cluster.Description, entries });
            return ExitCodes.Success;
        }

        var table = new Table().Border(TableBorder.Rounded).Title(Markup.Escape(cluster.Description))
            .AddColumn("time (UTC)").AddColumn("identity").AddColumn("action").AddColumn("job").AddColumn("data").AddColumn("algorithm").AddColumn("detail");
        foreach (var e in entries)
        {
            table.AddRow(
                e.TimeUtc.ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture),
                Markup.Escape(e.Identity),
                e.Action == "refused" ? "[red]refused[/]" : Markup.Escape(e.Action),
                Markup.Escape(e.JobId),
                Markup.Escape(e.DataPath ?? string.Empty),
                Markup.Escape(e.Algorithm ?? string.Empty),
                Markup.Escape(e.Detail ?? string.Empty));
        }

        reporter.Console.Write(table);
        if (entries.Count == 0)
        {
            reporter.Line("the audit trail is empty");
        }

        return ExitCodes.Success;
    }
}
