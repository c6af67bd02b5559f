namespace ShardML;

/// <summary>How a <see cref="TrainingJob{TModel}"/> reaches the job it stands for; the host implements it.</summary>
public interface ITrainingJobControl
{
    Task<TrainingStatus> StatusAsync(CancellationToken cancellationToken);

    /// <summary>Follows the job to its end, reporting progress; a job that failed throws what its failure was (bad data, bad options, a lost cluster).</summary>
    Task<TrainingStatus> WaitAsync(IProgress<Core.Execution.TrainingProgress>? progress, CancellationToken cancellationToken);

    /// <summary>Stops the job, keeping its checkpoints.</summary>
    Task StopAsync(CancellationToken cancellationToken);

    /// <summary>Resumes a stopped or failed job from its last good checkpoint.</summary>
    Task ResumeAsync(CancellationToken cancellationToken);

    /// <summary>Deletes a finished job's record and checkpoints.</summary>
    Task ForgetAsync(CancellationToken cancellationToken);
}
