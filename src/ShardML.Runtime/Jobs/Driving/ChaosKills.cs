using Microsoft.Extensions.Logging;
using ShardML.Core.Execution;
using ShardML.Runtime.Grains;

namespace ShardML.Runtime.Jobs.Driving;

/// <summary>The faults a job asked for with chaos: killing a silo or its own driver at an iteration, once.</summary>
internal sealed class ChaosKills(IGrainFactory grains, JobRecordWriter record, ILogger logger)
{
    /// <summary>Kills the silo <see cref="ChaosKillPlan"/> names for <paramref name="progress"/>, if any and not done yet.</summary>
    public void OnProgress(TrainingProgress progress, IReadOnlyList<string> placement, string driver)
    {
        if (ChaosKillPlan.Victim(record.State.Submission!.Settings, record.State.ChaosKillDone, progress, placement, driver) is { } kill)
        {
            _ = KillAsync(kill.Silo, kill.What, progress.Iteration);
        }
    }

    private async Task KillAsync(string victim, string what, int iteration)
    {
        record.State.ChaosKillDone = true;
        try
        {
            record.State.Notes.Add($"chaos: killed {what} ({victim}) at iteration {iteration}");
            await record.WriteAsync();
            JobLog.ChaosKill(logger, victim, iteration);
            await grains.GetGrain<ISiloAggregatorGrain>(victim).KillAsync();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            record.State.Notes.Add($"chaos: could not kill {victim}: {e.Message}");
            JobLog.ChaosKillFailed(logger, e, victim);
        }
    }
}
