using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ShardML.Runtime.Grains;

namespace ShardML.Runtime.Hosting;

/// <summary>
/// On every silo of a cluster, asks the job registry every <paramref name="interval"/> to revive the jobs whose
/// driver was lost. Every silo does it, so it goes on whichever silos die; the registry is one grain, so the work
/// is done once per round however many silos ask. Not on the embedded silo: a command there must not pick up
/// some earlier process's job in the background and die with it.
/// </summary>
internal sealed partial class OrphanedJobReviver(IGrainFactory grains, TimeSpan interval, ILogger<OrphanedJobReviver> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(interval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await grains.GetGrain<IJobRegistryGrain>(0).ReviveAsync().WaitAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException && e is not OutOfMemoryException)
            {
                LogRoundFailed(logger, e.Message); // the silo is starting or stopping, or the registry's silo just died
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "No revival round this time: {Reason}")]
    private static partial void LogRoundFailed(ILogger logger, string reason);
}
