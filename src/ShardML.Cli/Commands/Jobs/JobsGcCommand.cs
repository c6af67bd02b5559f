using System.CommandLine;
using System.Globalization;
using ShardML.Cli.Output;
using ShardML.Runtime.Jobs;

namespace ShardML.Cli.Commands.Jobs;

/// <summary>
/// <c>shardml jobs gc --older-than DURATION</c>: forgets every job that is not running and was last updated longer ago
/// than that — stopped, failed, or finished and never collected — and drops registry entries whose record is gone.
/// <c>--dry-run</c> lists what would go.
/// </summary>
internal sealed class JobsGcCommand : JobsCommandBase
{
    private readonly Option<string> _olderThan = new("--older-than")
    {
        Description = "Forget jobs not running and untouched for longer than this: 90s, 30m, 12h, 7d",
        Required = true,
    };

    private readonly Option<bool> _dryRun = new("--dry-run") { Description = "Only list the jobs that would be forgotten" };

    public JobsGcCommand(CommonOptions common)
        : base("gc", "Forget the jobs that are not running and were last updated longer ago than --older-than.", common)
    {
        Options.Add(_olderThan);
        Options.Add(_dryRun);
    }

    protected override async Task<int> ExecuteAsync(ParseResult parse, Reporter reporter, CancellationToken cancellationToken)
    {
        var text = parse.GetValue(_olderThan)!;
        var olderThan = ParseDuration(text) ?? throw new UsageException($"--older-than '{(text.Length > 40 ? text[..40] + "…" : text)}': write a duration such as 90s, 30m, 12h or 7d");
        var dryRun = parse.GetValue(_dryRun);
        await using var session = await OpenAsync(parse, cancellationToken);
        var cutoff = DateTime.UtcNow - olderThan;
        var forgotten = new List<(string Id, string Status, long Bytes)>();
        foreach (var job in await session.Cluster.KeptJobsAsync(cancellationToken))
        {
            if (job.Status == JobStatus.Unknown && job.Error is null)
            {
                if (!dryRun)
                {
                    await session.Cluster.ForgetJobAsync(job.JobId, cancellationToken); // its record is already gone: the job drops its registry entry
                }

                continue;
            }

            if (job.Status is JobStatus.Running or JobStatus.Unknown || job.UpdatedUtc > cutoff)
            {
                continue; // running (or driverless: it resumes), unanswered, or recent
            }

            if (!dryRun)
            {
                await session.Cluster.ForgetJobAsync(job.JobId, cancellationToken);
            }

            forgotten.Add((job.JobId, job.Status.ToString().ToLowerInvariant(), job.StoredBytes));
            reporter.Line(Spectre.Console.Markup.Escape(
                $"{(dryRun ? "would forget" : "forgot")} {job.JobId} ({job.Status.ToString().ToLowerInvariant()}, last updated {JobsListCommand.Age(DateTime.UtcNow - job.UpdatedUtc)} ago, {Reporter.Size(job.StoredBytes)})"));
        }

        var freed = forgotten.Sum(f => f.Bytes);
        reporter.Line($"{(dryRun ? "would forget" : "forgot")} {forgotten.Count} job{(forgotten.Count == 1 ? string.Empty : "s")}, {Reporter.Size(freed)}");
        if (reporter.Json)
        {
            reporter.Document(new { command = "jobs gc", dryRun, olderThanSeconds = olderThan.TotalSeconds, jobs = forgotten.Select(f => new { id = f.Id, status = f.Status, storedBytes = f.Bytes }), freedBytes = freed });
        }

        return ExitCodes.Success;
    }

    /// <summary>A duration written with a unit: <c>90s</c>, <c>30m</c>, <c>12h</c>, <c>7d</c>; 0 with any unit is allowed (everything not running).</summary>
    internal static TimeSpan? ParseDuration(string text)
    {
        if (text.Length < 2)
        {
            return null;
        }

        var unit = text[^1] switch { 's' => 1.0, 'm' => 60.0, 'h' => 3600.0, 'd' => 86400.0, _ => 0 };
        return unit > 0 && double.TryParse(text[..^1], NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value >= 0 && value * unit <= TimeSpan.FromDays(36500).TotalSeconds
            ? TimeSpan.FromSeconds(value * unit)
            : null;
    }
}
