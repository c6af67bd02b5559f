using MemoryPack;
using Orleans.Concurrency;
using ShardML.Core.Data;
using ShardML.Runtime.Messages;
using ShardML.Runtime.Security;

namespace ShardML.Runtime.Grains;

/// <summary>Plans datasets on whichever silo is free; stateless, so any number run at once.</summary>
[StatelessWorker]
internal sealed class DatasetPlannerGrain(DataRoots roots) : Grain, IDatasetPlannerGrain
{
    public Task<PlanReply> PlanAsync(byte[] options, int partitionCount, CancellationToken cancellationToken)
    {
        var decoded = MemoryPackSerializer.Deserialize<DatasetOptions>(options)
            ?? throw new ArgumentException("empty dataset options", nameof(options));
        roots.Require(decoded.Path); // before the planner reads a byte of it
        try
        {
            var plan = DatasetPlanner.Plan(decoded, partitionCount);
            foreach (var path in plan.Partitions.SelectMany(DataRoots.PathsOf).Distinct(StringComparer.Ordinal))
            {
                roots.Require(path); // a folder's part files, each resolved: one may be a link out of the roots
            }

            return Task.FromResult(new PlanReply(MemoryPackSerializer.Serialize(plan), null));
        }
        catch (Exception e) when (RemoteError.From(e) is { } error)
        {
            return Task.FromResult(new PlanReply(null, roots.Restricted ? error.Redacted() : error));
        }
    }
}
