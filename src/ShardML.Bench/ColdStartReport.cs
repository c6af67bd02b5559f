namespace ShardML.Bench;

/// <summary>
/// Whole K-means training jobs, each in a fresh process (<see cref="ColdStart"/>): how far the first iteration and the
/// job as a whole are from the warm iteration time. Medians over the runs, each ratio taken within its run.
/// </summary>
/// <param name="Runs">Processes started, one job each.</param>
/// <param name="Iterations">Lloyd iterations of each job.</param>
/// <param name="FirstIterationMilliseconds">Wall time of a job's first iteration (its first Lloyd pass).</param>
/// <param name="WarmIterationMilliseconds">A job's warm iteration time: the median of its second half of iterations.</param>
/// <param name="FirstToWarmRatio">First iteration ÷ warm iteration time.</param>
/// <param name="TrainingSeconds">The job's training time as it reports it (the trainer's clock: every pass, the updates and the final inertia pass).</param>
/// <param name="JobRatio">Training time ÷ (iterations × warm iteration time); one extra pass makes it at least (iterations + 1) ÷ iterations.</param>
/// <param name="ProcessSeconds">Wall time of the whole process: runtime start, embedded silo, load, training, evaluation, exit.</param>
/// <param name="FirstIterations">The first five iterations' milliseconds, from the run whose job ratio is the median.</param>
/// <param name="PerRun">Every run.</param>
public sealed record ColdStartReport(
    int Runs,
    int Iterations,
    double FirstIterationMilliseconds,
    double WarmIterationMilliseconds,
    double FirstToWarmRatio,
    double TrainingSeconds,
    double JobRatio,
    double ProcessSeconds,
    IReadOnlyList<double> FirstIterations,
    IReadOnlyList<ColdStartRun> PerRun);

/// <summary>One job in a fresh process.</summary>
/// <param name="TrainingSeconds">The job's training time.</param>
/// <param name="ProcessSeconds">The process's wall time.</param>
/// <param name="IterationMilliseconds">Wall time of each Lloyd iteration's pass, in order.</param>
public sealed record ColdStartRun(double TrainingSeconds, double ProcessSeconds, IReadOnlyList<double> IterationMilliseconds)
{
    /// <summary>The median of the second half of the iterations (at least the last two).</summary>
    public double WarmIterationMilliseconds
    {
        get
        {
            var count = IterationMilliseconds.Count;
            return Statistics.Median([.. IterationMilliseconds.Skip(Math.Min(count / 2, count - 2))]);
        }
    }

    public double FirstToWarmRatio => IterationMilliseconds[0] / WarmIterationMilliseconds;

    public double JobRatio => TrainingSeconds * 1e3 / (IterationMilliseconds.Count * WarmIterationMilliseconds);
}
