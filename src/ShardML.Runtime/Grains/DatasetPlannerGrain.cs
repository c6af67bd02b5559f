using MemoryPack;
using Microsoft.Extensions.Logging;
using ShardML.Runtime.Audit;
using Orleans.Concurrency;
using ShardML.Core.Data;
using ShardML.Runtime.Messages;
using ShardML.Runtime.Security;

namespace ShardML.Runtime.Grains;

/// <summary>Plans datasets on whichever silo is free; stateless, so any number run at once.</summary>
[StatelessWorker]
internal sealed class DatasetPlannerGrain(DataRoots roots, ILogger<DatasetPlannerGrain> logger) : Grain, IDatasetPlannerGrain
{
    public async Task<PlanReply> PlanAsync(byte[] options, int partitionCount, CancellationToken cancellationToken)
    {
        var decoded = MemoryPackSerializer.Deserialize<DatasetOptions>(options)
            ?? throw new ArgumentException("empty dataset options", nameof(options));
        try
        {
            return Plan(decoded, partitionCount);
        }
        catch (AccessDeniedException refused)
        {
            // Every command that reads data plans it first: a path outside the roots is refused, and audited, here.
            await AuditTrail.RecordAsync(
                GrainFactory, new AuditEntry(DateTime.UtcNow, Caller.Current?.Identity ?? AuditTrail.Anonymous, "refused", string.Empty, decoded.Path, null, refused.Message), logger);
            throw;
        }
    }

    private PlanReply Plan(DatasetOptions decoded, int partitionCount)
    {
        roots.Require(decoded.Path); // before the planner reads a byte of it
        try
        {
            var plan = DatasetPlanner.Plan(decoded, partitionCount);
            foreach (var path in plan.Partitions.SelectMany(DataRoots.PathsOf).Distinct(StringComparer.Ordinal))
            {
                roots.Require(path); // a folder's part files, each resolved: one may be a link out of the roots
            }

            return new PlanReply(MemoryPackSerializer.Serialize(plan), null);
        }
        catch (Exception e) when (e is not AccessDeniedException && RemoteError.From(e) is { } error)
        {
            return new PlanReply(null, roots.Restricted ? error.Redacted() : error);
        }
    }
}
