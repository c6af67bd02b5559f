using System.CommandLine;
using System.Globalization;
using ShardML.Cli.Output;
using Spectre.Console;

namespace ShardML.Cli.Commands.Jobs;

/// <summary>
/// <c>shardml jobs list</c>: every job the state store keeps — running, stopped, failed, or finished and never
/// collected (its client died, or its model could not be written) — with its algorithm, owner, status, age and the
/// bytes it keeps. Listing resumes nothing: a job whose driver is gone shows as such.
/// </summary>
internal sealed class JobsListCommand(CommonOptions common)
    : JobsCommandBase("list", "List the jobs kept in the state store: id, algorithm, owner, status, age and size.", common)
{
    protected override async Task<int> ExecuteAsync(ParseResult parse, Reporter reporter, CancellationToken cancellationToken)
    {
        await using var session = await OpenAsync(parse, cancellationToken);
        var jobs = await session.Cluster.KeptJobsAsync(cancellationToken);
        var now = DateTime.UtcNow;
        if (reporter.Json)
        {
            reporter.Document(new
            {
                command = "jobs list",
                store = session.Cluster.Description,
                jobs = jobs.Select(j => new
                {
                    id = j.JobId,
                    algorithm = j.Algorithm,
                    owner = j.Owner,
                    status = j.Status.ToString().ToLowerInvariant(),
                    driverless = j.Driverless,
                    createdUtc = j.CreatedUtc == default ? (DateTime?)null : j.CreatedUtc,
                    updatedUtc = j.UpdatedUtc == default ? (DateTime?)null : j.UpdatedUtc,
                    ageSeconds = j.CreatedUtc == default ? (double?)null : (now - j.CreatedUtc).TotalSeconds,
                    storedBytes = j.StoredBytes,
                    hasModel = j.ModelJson is not null,
                    error = j.Error,
                }),
            });
        }

        if (jobs.Count == 0)
        {
            reporter.Line($"no jobs are kept in {Markup.Escape(session.Cluster.Description)}");
            return ExitCodes.Success;
        }

        var table = new Table().Border(TableBorder.Rounded)
            .AddColumn("job")
            .AddColumn("algorithm")
            .AddColumn("owner")
            .AddColumn("status")
            .AddColumn(new TableColumn("age").RightAligned())
            .AddColumn(new TableColumn("size").RightAligned());
        foreach (var j in jobs)
        {
            table.AddRow(
                Markup.Escape(j.JobId),
                Markup.Escape(j.Algorithm),
                Markup.Escape(j.Owner ?? "–"),
                Markup.Escape(StatusText(j) + (j.Status == Runtime.Jobs.JobStatus.Succeeded && j.ModelJson is not null ? ", model not collected" : string.Empty)),
                j.CreatedUtc == default ? "–" : Age(now - j.CreatedUtc),
                Reporter.Size(j.StoredBytes));
        }

        reporter.Console.Write(table);
        return ExitCodes.Success;
    }

    /// <summary>An age the way people say it: 45s, 12m, 3h, 9d.</summary>
    internal static string Age(TimeSpan age) => age switch
    {
        { TotalSeconds: < 90 } => FormattableString.Invariant($"{Math.Max(0, age.TotalSeconds):F0}s"),
        { TotalMinutes: < 90 } => FormattableString.Invariant($"{age.TotalMinutes:F0}m"),
        { TotalHours: < 36 } => FormattableString.Invariant($"{age.TotalHours:F0}h"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{age.TotalDays:F0}d"),
    };
}
