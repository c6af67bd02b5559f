using System.Globalization;
using ShardML.Cli.Output;
using ShardML.Runtime;
using Spectre.Console;

namespace ShardML.Cli.Commands.Cluster;

/// <summary><c>shardml cluster status</c>: the silos in the membership table, the datasets the active ones hold, and the running jobs.</summary>
internal sealed class ClusterStatusCommand : ClusterQueryCommand
{
    public ClusterStatusCommand()
        : base("status", "List the cluster's silos (address, status, partitions held, memory), datasets and running jobs.")
    {
    }

    protected override async Task<int> QueryAsync(ShardCluster cluster, Reporter reporter, CancellationToken cancellationToken)
    {
        var silos = await cluster.StatusAsync(cancellationToken);
        var datasets = silos.Where(s => s.Description is not null)
            .SelectMany(s => s.Description!.Datasets)
            .GroupBy(d => d.DatasetId, StringComparer.Ordinal)
            .Select(g => new { id = g.Key, path = g.First().Path, partitions = g.Sum(d => d.Partitions), rows = g.Sum(d => d.Rows), memoryBytes = g.Sum(d => d.MemoryBytes), silos = g.Count() })
            .ToArray();
        var jobs = (await cluster.RunningJobsAsync(cancellationToken))
            .Select(j => new { id = j.JobId, j.Algorithm, owner = j.Owner, status = j.Status.ToString().ToLowerInvariant(), j.Phase, j.Iteration, j.MaximumIterations })
            .ToArray();
        if (reporter.Json)
        {
            reporter.Document(new
            {
                command = "cluster status",
                cluster = cluster.Description,
                silos = silos.Select(s => new
                {
                    s.Address,
                    s.Name,
                    s.HostName,
                    s.Status,
                    s.StartTime,
                    partitions = s.Description?.Partitions,
                    partitionBytes = s.Description?.PartitionBytes,
                    workingSetBytes = s.Description?.WorkingSetBytes,
                    cores = s.Description?.Cores,
                }),
                datasets,
                jobs,
            });
        }

        var table = new Table().Border(TableBorder.Rounded).Title(Markup.Escape(cluster.Description))
            .AddColumn("silo").AddColumn("address").AddColumn("status")
            .AddColumn(new TableColumn("partitions").RightAligned()).AddColumn(new TableColumn("data in memory").RightAligned())
            .AddColumn(new TableColumn("working set").RightAligned()).AddColumn(new TableColumn("cores").RightAligned());
        foreach (var s in silos)
        {
            var d = s.Description;
            var status = s.Status == "Active" ? "[green]Active[/]" : $"[grey]{Markup.Escape(s.Status)}[/]";
            table.AddRow(Markup.Escape(s.Name), Markup.Escape(s.Address), status, d?.Partitions.ToString(CultureInfo.InvariantCulture) ?? "", Bytes(d?.PartitionBytes), Bytes(d?.WorkingSetBytes), d?.Cores.ToString(CultureInfo.InvariantCulture) ?? "");
        }

        reporter.Console.Write(table);
        if (datasets.Length == 0)
        {
            reporter.Line("no dataset is loaded");
        }

        foreach (var d in datasets)
        {
            reporter.Line($"dataset {d.id}: {Markup.Escape(d.path)}, {d.rows:N0} rows in {d.partitions} partitions on {d.silos} silo(s), {Bytes(d.memoryBytes)}");
        }

        foreach (var j in jobs)
        {
            reporter.Line($"job {Markup.Escape(j.id)}: {Markup.Escape(j.Algorithm)}{(j.owner is null ? string.Empty : $" of {Markup.Escape(j.owner)}")}, {j.status}, {Markup.Escape(j.Phase)} {j.Iteration}/{j.MaximumIterations}");
        }

        return ExitCodes.Success;
    }

    private static string Bytes(long? bytes) => bytes switch
    {
        null => string.Empty,
        >= 1L << 30 => $"{bytes / (double)(1L << 30):F1} GiB",
        >= 1L << 20 => $"{bytes / (double)(1L << 20):F1} MiB",
        _ => $"{bytes / 1024.0:F1} KiB",
    };
}
