using System.Globalization;
using Microsoft.Extensions.Logging;

namespace ShardML.Runtime.Audit;

/// <summary>
/// The audit trail in the state store: every submission, stop, resume and refusal, kept by day. Writing is awaited, and
/// a store that fails is logged rather than failing the action it records: the trail then says less, never wrong.
/// </summary>
public static partial class AuditTrail
{
    /// <summary>The identity recorded where access control is off.</summary>
    public const string Anonymous = "(none)";

    internal static async Task RecordAsync(IGrainFactory grains, AuditEntry entry, ILogger logger)
    {
        var day = entry.TimeUtc.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        try
        {
            await grains.GetGrain<IAuditDayGrain>(day).AppendAsync(entry);
            await grains.GetGrain<IAuditIndexGrain>(0).AddAsync(day);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            LogNotRecorded(logger, e, entry.Action, entry.JobId, entry.Identity);
        }
    }

    /// <summary>Every entry, oldest first (asking needs the admin permission where access control is on).</summary>
    public static async Task<IReadOnlyList<AuditEntry>> ReadAsync(IGrainFactory grains, CancellationToken cancellationToken)
    {
        var days = await grains.GetGrain<IAuditIndexGrain>(0).DaysAsync().WaitAsync(cancellationToken);
        var entries = new List<AuditEntry>();
        foreach (var day in days)
        {
            entries.AddRange(await grains.GetGrain<IAuditDayGrain>(day).ReadAsync().WaitAsync(cancellationToken));
        }

        return entries;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not write the audit entry '{Action}' of job {JobId} by {Identity} to the state store")]
    private static partial void LogNotRecorded(ILogger logger, Exception exception, string action, string jobId, string identity);
}
