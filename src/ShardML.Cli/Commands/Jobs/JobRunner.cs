using ShardML.Core.Execution;
using ShardML.Cli.Engine;
using ShardML.Cli.Output;
using ShardML.Runtime.Jobs;

namespace ShardML.Cli.Commands.Jobs;

/// <summary>
/// Follows a submitted job to its end with a progress bar. Ctrl-C stops the job on the cluster, keeping its
/// checkpoints, and says how to resume it; a job whose driver's silo dies is revived by the next poll.
/// </summary>
internal static class JobRunner
{
    public static async Task<JobStatusReport> FollowAsync(EngineSession session, string jobId, Reporter reporter, string title, int budget, CancellationToken cancellationToken)
    {
        var poll = session.IsEmbedded ? TimeSpan.FromMilliseconds(50) : TimeSpan.FromMilliseconds(250);
        try
        {
            return await reporter.WithProgressAsync(title, budget, progress =>
                session.Cluster.WaitForJobAsync(jobId, new Relay(progress), poll, cancellationToken));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            try
            {
                var stopped = await session.Cluster.StopJobAsync(jobId, grace.Token);
                reporter.Line($"[yellow]job {jobId} stopped at iteration {stopped.Iteration}; resume it with[/] shardml train --resume {jobId} --out FILE");
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                reporter.Line($"[yellow]job {jobId} could not be told to stop ({Spectre.Console.Markup.Escape(e.Message)}); it may still be running[/]");
            }

            throw;
        }
    }

    /// <summary>
    /// Reports the finished job (saving its model) and lets the cluster forget it when nothing is left to resume: it
    /// succeeded, or failed in a way another attempt would repeat (bad data, bad options). A job stopped, or failed
    /// for want of silos or by a fault, keeps its record and checkpoints, and the message says how to resume it.
    /// </summary>
    public static async Task FinishAsync(EngineSession session, JobStatusReport status, Func<Task> report, Reporter reporter, CancellationToken cancellationToken)
    {
        try
        {
            await report(); // throws for a job that did not succeed; a model that cannot be saved keeps the job too
        }
        catch when (status.Status == JobStatus.Failed)
        {
            if (status.ErrorKind is JobErrorKind.Data or JobErrorKind.FeatureMismatch or JobErrorKind.InvalidOptions or JobErrorKind.Refused or JobErrorKind.Diverged)
            {
                await ForgetQuietlyAsync(session, status.JobId, reporter);
            }
            else
            {
                reporter.Line($"[yellow]job {status.JobId} keeps its checkpoints; once the cause is fixed, resume it with[/] shardml train --resume {status.JobId} --out FILE");
            }

            throw;
        }

        await ForgetQuietlyAsync(session, status.JobId, reporter);
    }

    /// <summary>The result is delivered; failing to tidy up after it must not turn success into failure.</summary>
    private static async Task ForgetQuietlyAsync(EngineSession session, string jobId, Reporter reporter)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await session.Cluster.ForgetJobAsync(jobId, timeout.Token);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            reporter.Line($"[yellow]note:[/] job {jobId} finished, but its record could not be removed ({Spectre.Console.Markup.Escape(e.Message)})");
        }
    }

    private sealed class Relay(IProgress<TrainingProgress> progress) : IProgress<JobStatusReport>
    {
        public void Report(JobStatusReport value) =>
            progress.Report(new TrainingProgress(value.Phase, value.Iteration, value.MaximumIterations, value.Loss)
            {
                Load = value.LoadBytes > 0 ? new LoadProgress(value.LoadedBytes, value.LoadBytes, value.LoadedRows) : null,
            });
    }
}
