using Microsoft.Extensions.Logging;
using ShardML.Runtime.Audit;
using ShardML.Runtime.Security;

namespace ShardML.Runtime.Jobs.Driving;

/// <summary>
/// Who may act on a job, for its driver: the client that submitted it (its owner) or an admin may stop, resume or forget
/// it; only an admin may inject faults; anyone who may read sees its status, but only the owner and admins its model.
/// Every submission, stop, resume and refusal goes to the audit trail. A call made by the runtime itself (another silo,
/// or no access control at all) has no client and may do anything.
/// </summary>
internal sealed class JobAccess(IGrainFactory grains, string jobId, ILogger logger)
{
    /// <summary>The client a new job belongs to; null where access control is off.</summary>
    public static string? Caller => Security.Caller.Current?.Identity;

    /// <summary>Throws <see cref="AccessDeniedException"/> (and audits it) unless the caller may <paramref name="action"/> the job of <paramref name="record"/>.</summary>
    public async Task RequireAsync(string action, JobRecord record, bool chaos = false)
    {
        if (Security.Caller.Current is not { } call)
        {
            return;
        }

        string? refusal = null;
        if (!call.MayActOn(record.Owner) && record.Submission is not null)
        {
            refusal = $"'{call.Identity}' may not {action} job '{jobId}': it belongs to '{record.Owner ?? AuditTrail.Anonymous}', and only its owner or an admin may";
        }
        else if (chaos && call.Granted < AccessLevel.Admin)
        {
            refusal = $"'{call.Identity}' may not inject faults (--chaos) into job '{jobId}': that needs the 'admin' permission";
        }

        if (refusal is not null)
        {
            await AuditTrail.RecordAsync(grains, Entry("refused", record, refusal), logger);
            throw new AccessDeniedException(refusal);
        }
    }

    /// <summary>Writes a submission, stop or resume of the job to the audit trail.</summary>
    public Task RecordAsync(string action, JobRecord record) => AuditTrail.RecordAsync(grains, Entry(action, record, null), logger);

    /// <summary>The report as the caller may see it: without the model, its metrics and details unless it owns the job or is an admin.</summary>
    public static JobStatusReport ForCaller(JobStatusReport report, JobRecord record) =>
        Security.Caller.Current is { } call && !call.MayActOn(record.Owner)
            ? report with { ModelJson = null, Metrics = null, DetailsJson = null }
            : report;

    private AuditEntry Entry(string action, JobRecord record, string? detail) => new(
        DateTime.UtcNow,
        Caller ?? AuditTrail.Anonymous,
        action,
        jobId,
        record.Submission?.DataPath(),
        record.Submission?.Settings.Algorithm,
        detail);
}
