using ShardML.Algorithms.Common;
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
                reporter.Line($"[yellow]job {jobId} stopped at iteration {stopped.Iteration}; resume it with[/] shardml train --resume {jobId}");
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                reporter.Line($"[yellow]job {jobId} could not be told to stop ({Spectre.Console.Markup.Escape(e.Message)}); it may still be running[/]");
            }

            throw;
        }
    }

    private sealed class Relay(IProgress<TrainingProgress> progress) : IProgress<JobStatusReport>
    {
        public void Report(JobStatusReport value) =>
            progress.Report(new TrainingProgress(value.Phase, value.Iteration, value.MaximumIterations, value.Loss));
    }
}
