using MemoryPack;
using Orleans.Concurrency;
using ShardML.Core.Data;
using ShardML.Runtime.Messages;

namespace ShardML.Runtime.Grains;

/// <summary>Plans datasets on whichever silo is free; stateless, so any number run at once.</summary>
[StatelessWorker]
internal sealed class DatasetPlannerGrain : Grain, IDatasetPlannerGrain
{
    public Task<PlanReply> PlanAsync(byte[] options, int partitionCount, CancellationToken cancellationToken)
    {
        var decoded = MemoryPackSerializer.Deserialize<DatasetOptions>(options)
            ?? throw new ArgumentException("empty dataset options", nameof(options));
        try
        {
            var plan = DatasetPlanner.Plan(decoded, partitionCount);
            return Task.FromResult(new PlanReply(MemoryPackSerializer.Serialize(plan), null));
        }
        catch (Exception e) when (RemoteError.From(e) is { } error)
        {
            return Task.FromResult(new PlanReply(null, error));
        }
    }
}
