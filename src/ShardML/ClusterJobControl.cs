using ShardML.Core.Data;
using ShardML.Core.Execution;
using ShardML.Runtime;
using ShardML.Runtime.Jobs;

namespace ShardML;

/// <summary>A job on a <see cref="ShardCluster"/>, as <see cref="TrainingJob{TModel}"/> reaches it; a failure comes back as the exception of its kind.</summary>
internal sealed class ClusterJobControl(ShardCluster cluster, string jobId, TimeSpan poll) : ITrainingJobControl
{
    public async Task<TrainingStatus> StatusAsync(CancellationToken cancellationToken) =>
        ToStatus(await cluster.JobStatusAsync(jobId, cancellationToken));

    public async Task<TrainingStatus> WaitAsync(IProgress<TrainingProgress>? progress, CancellationToken cancellationToken)
    {
        var report = await cluster.WaitForJobAsync(jobId, progress is null ? null : new Relay(progress), poll, cancellationToken);
        if (report.Status == JobStatus.Failed)
        {
            throw Failure(report);
        }

        return ToStatus(report);
    }

    public Task StopAsync(CancellationToken cancellationToken) => cluster.StopJobAsync(jobId, cancellationToken);

    public Task ResumeAsync(CancellationToken cancellationToken) => cluster.ResumeJobAsync(jobId, null, cancellationToken);

    public Task ForgetAsync(CancellationToken cancellationToken) => cluster.ForgetJobAsync(jobId, cancellationToken);

    /// <summary>The exception a library caller expects for each kind of failure: the same types a local call would throw.</summary>
    private static Exception Failure(JobStatusReport report)
    {
        var message = report.Error ?? $"job {report.JobId} failed";
        return report.ErrorKind switch
        {
            JobErrorKind.Data => new DataFormatException(message, new JobFailedException(report.JobId, report.ErrorKind, message)),
            JobErrorKind.FeatureMismatch => new FeatureMismatchException(message),
            JobErrorKind.InvalidOptions => new ArgumentException(message),
            JobErrorKind.Cluster => new ClusterUnavailableException(message),
            JobErrorKind.Diverged => new Core.Execution.TrainingDivergedException(message),
            _ => new JobFailedException(report.JobId, report.ErrorKind, message),
        };
    }

    private static TrainingStatus ToStatus(JobStatusReport report) => new(
        report.JobId,
        report.Status switch
        {
            JobStatus.Running => TrainingState.Running,
            JobStatus.Succeeded => TrainingState.Succeeded,
            JobStatus.Failed => TrainingState.Failed,
            JobStatus.Stopped => TrainingState.Stopped,
            _ => TrainingState.Unknown,
        },
        new TrainingProgress(report.Phase, report.Iteration, report.MaximumIterations, report.Loss),
        report.Error,
        report.ModelJson,
        report.Metrics);

    private sealed class Relay(IProgress<TrainingProgress> progress) : IProgress<JobStatusReport>
    {
        public void Report(JobStatusReport value) => progress.Report(new TrainingProgress(value.Phase, value.Iteration, value.MaximumIterations, value.Loss));
    }
}
