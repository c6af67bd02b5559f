using System.Reflection;
using Microsoft.Extensions.Logging;
using ShardML.Runtime.Audit;
using ShardML.Runtime.Grains;
using ShardML.Runtime.Jobs;

namespace ShardML.Runtime.Security;

/// <summary>
/// Every call to a ShardML grain on a silo that enforces access: a call from another silo (its token names a silo of the
/// cluster) runs as the runtime's own; a call from a client needs a token naming a client of the cluster whose grant, in
/// the policy, reaches the permission the method requires (<see cref="RequiresAttribute"/>; none means silos only). A
/// refusal says who was refused what, and is written to the audit trail. Calls to Orleans' own grains
/// are not filtered.
/// </summary>
internal sealed partial class AccessFilter(AccessControl control, IGrainFactory grains, ILogger<AccessFilter> logger) : IIncomingGrainCallFilter
{
    public async Task Invoke(IIncomingGrainCallContext context)
    {
        var method = context.InterfaceMethod;
        if (!control.Enforced || method?.DeclaringType?.Assembly != typeof(AccessFilter).Assembly)
        {
            await context.Invoke();
            return;
        }

        if (RequestContext.Get(CallerTokenFilter.SiloKey) is byte[] siloToken && control.Verify(siloToken, out _) is { IsSilo: true })
        {
            Caller.Current = null; // the runtime's own call, whichever client's call led to it
            await context.Invoke();
            return;
        }

        var required = method.GetCustomAttribute<RequiresAttribute>()?.Level ?? AccessLevel.Silo;
        var problem = "it carries no client token (is the client of another cluster, or older than its silos?)";
        var caller = RequestContext.Get(CallerTokenFilter.ClientKey) is byte[] token ? control.Verify(token, out problem) : null;
        if (caller is null)
        {
            throw Refuse(context, AuditTrail.Anonymous, $"a call to {Name(method)} was refused: {problem}");
        }

        var granted = caller.IsSilo ? AccessLevel.None : control.Policy.GrantOf(caller.Name);
        if (granted < required)
        {
            var needs = required == AccessLevel.Silo ? "is for silos only" : $"needs the '{Describe(required)}' permission";
            throw Refuse(context, caller.Name, $"'{caller.Name}' may not call {Name(method)}: it {needs}, and the access policy grants '{caller.Name}' {Describe(granted)}");
        }

        Caller.Current = new ClientCall(caller.Name, granted);
        try
        {
            await context.Invoke();
        }
        finally
        {
            Caller.Current = null;
        }
    }

    public static string Describe(AccessLevel level) => level switch
    {
        AccessLevel.None => "nothing",
        AccessLevel.Read => "read",
        AccessLevel.Train => "train",
        AccessLevel.Admin => "admin",
        _ => "silo",
    };

    private static string Name(MethodInfo method) => $"{method.DeclaringType!.Name}.{method.Name}";

    /// <summary>
    /// Logs a refusal, writes it to the audit trail — with the job, and the data and algorithm when the refused call
    /// names them (a submission, a plan) — and returns the exception to throw.
    /// </summary>
    private AccessDeniedException Refuse(IIncomingGrainCallContext context, string identity, string message)
    {
        LogRefused(logger, message);
        var argument = context.Request.GetArgumentCount() > 0 ? context.Request.GetArgument(0) : null;
        var submission = argument as JobSubmission;
        var jobId = context.InterfaceMethod?.DeclaringType == typeof(IJobGrain) ? context.TargetId.Key.ToString() ?? string.Empty : string.Empty;
        var data = submission?.DataPath() ?? (context.InterfaceMethod?.DeclaringType == typeof(IDatasetPlannerGrain) && argument is byte[] options ? PlannedPath(options) : null);
        // Not awaited: the refused call may be aimed at the audit trail's own grains, whose turn this filter runs in.
        _ = AuditTrail.RecordAsync(grains, new AuditEntry(DateTime.UtcNow, identity, "refused", jobId, data, submission?.Settings.Algorithm, message), logger);
        return new AccessDeniedException(message);
    }

    private static string? PlannedPath(byte[] options)
    {
        try
        {
            return MemoryPack.MemoryPackSerializer.Deserialize<Core.Data.DatasetOptions>(options)?.Path;
        }
        catch (MemoryPack.MemoryPackSerializationException)
        {
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Access refused: {Message}")]
    private static partial void LogRefused(ILogger logger, string message);
}
