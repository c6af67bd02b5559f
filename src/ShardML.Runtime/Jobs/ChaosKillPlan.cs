using ShardML.Core.Execution;

namespace ShardML.Runtime.Jobs;

/// <summary>
/// Which silo, if any, a job's chaos settings kill at this point of its progress: another silo than the driver's
/// (the first, in address order, that holds partitions) for kill-silo, the driver's own for kill-driver. Once per job.
/// </summary>
internal static class ChaosKillPlan
{
    public static (string Silo, string What)? Victim(JobSettings settings, bool alreadyDone, TrainingProgress progress, IEnumerable<string> holders, string driver)
    {
        var iteration = progress.Iteration;
        if (alreadyDone || !progress.InMainLoop) // SGD counts epochs and CoCoA+ rounds: both are "iterations" here
        {
            return null;
        }

        if (settings.KillSiloAtIteration > 0 && iteration >= settings.KillSiloAtIteration)
        {
            var victim = holders.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)
                .FirstOrDefault(s => !string.Equals(s, driver, StringComparison.Ordinal));
            return victim is null ? null : (victim, "a silo");
        }

        return settings.KillDriverAtIteration > 0 && iteration >= settings.KillDriverAtIteration ? (driver, "the driver's silo") : null;
    }
}
