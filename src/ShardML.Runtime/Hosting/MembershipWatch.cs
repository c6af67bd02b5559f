using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ShardML.Runtime.Hosting;

/// <summary>
/// Notices that the membership store lost this silo's entry while the silo is active — a Redis restarted without
/// persistence, a table dropped — and asks for the silo to join again (<see cref="SiloRestartSignal"/>). Orleans
/// itself treats a missing entry as its own death and never writes it back, so without this the silos ran on,
/// unreachable for clients (which find gateways through the table) and unable to admit a new silo, until every one
/// was restarted by hand. A store that cannot be read is not a lost entry: Orleans rides out such outages, and so
/// does this watch.
/// </summary>
internal sealed partial class MembershipWatch(
    IMembershipTable table, ILocalSiloDetails silo, IClusterMembershipService membership, SiloRestartSignal restart, ILogger<MembershipWatch> logger) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);

    /// <summary>Looks in a row this many times in a row before deciding: one read racing a write must not restart a silo.</summary>
    private const int Confirmations = 2;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var missing = 0;
        using var timer = new PeriodicTimer(Interval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            if (membership.CurrentSnapshot.GetSiloStatus(silo.SiloAddress) != SiloStatus.Active)
            {
                missing = 0; // joining or leaving: the entry is Orleans' business now
                continue;
            }

            bool present;
            try
            {
                var row = await table.ReadRowAsync(silo.SiloAddress, stoppingToken).WaitAsync(Interval * 5, stoppingToken);
                present = row.Members.Any(m => m.Item1.SiloAddress.Equals(silo.SiloAddress));
            }
            catch (Exception e) when (IsTableGone(e))
            {
                present = false;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogUnreadable(logger, FailureText.Of(e));
                continue;
            }

            missing = present ? 0 : missing + 1;
            if (missing >= Confirmations)
            {
                LogLost(logger, silo.SiloAddress.ToParsableString());
                await RestoreTableAsync(stoppingToken);
                restart.Request("the membership store lost this silo's entry (was it restarted empty?)");
                return;
            }
        }
    }

    /// <summary>
    /// Makes the table exist again (its version row; idempotent, as every silo does it on joining). Leaving writes this
    /// silo's last status to the table, and without one Orleans retried that for over a minute before its host stopped
    /// and freed the ports the silo joins again on.
    /// </summary>
    private async Task RestoreTableAsync(CancellationToken cancellationToken)
    {
        try
        {
            await table.InitializeMembershipTableAsync(tryInitTableVersion: true, cancellationToken).WaitAsync(Interval * 5, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogUnreadable(logger, FailureText.Of(e)); // leaving then takes longer, but the silo still joins again
        }
    }

    /// <summary>
    /// A store that answers that the table itself is gone. Orleans' Redis table says so in its exception's message only
    /// ("the membership table version is missing"), so that is what is matched.
    /// </summary>
    private static bool IsTableGone(Exception exception) =>
        exception.GetType().Name == "RedisClusteringException" && exception.Message.Contains("missing", StringComparison.OrdinalIgnoreCase);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The membership store lost the entry of this silo ({Silo}), which is still active; leaving and joining again as a new member")]
    private static partial void LogLost(ILogger logger, string silo);

    [LoggerMessage(Level = LogLevel.Debug, Message = "The membership store could not be read ({Reason}); looking again")]
    private static partial void LogUnreadable(ILogger logger, string reason);
}
