using ShardML.Core.Data;
using ShardML.Core.Data.Preprocessing;

namespace ShardML.Core.Execution;

/// <summary>
/// Runs steps over partitions held in this process, with no cluster: the executor for algorithm tests and the
/// reference the cluster runtime must match bit for bit. Partitions run in parallel; summaries merge in tree order.
/// </summary>
public sealed class InMemoryExecutor : IPartitionExecutor
{
    private readonly Partition[] _partitions;
    private readonly long[] _firstRows;

    private InMemoryExecutor(Partition[] partitions, LoadedDataset dataset)
    {
        _partitions = partitions;
        Dataset = dataset;
        _firstRows = new long[partitions.Length];
        for (var i = 1; i < partitions.Length; i++)
        {
            _firstRows[i] = _firstRows[i - 1] + partitions[i - 1].RowCount;
        }
    }

    public LoadedDataset Dataset { get; }

    /// <summary>
    /// Loads every partition of <paramref name="plan"/> in parallel, after learning its preprocessing when it asks for
    /// some (<see cref="DatasetPreparation"/>).
    /// </summary>
    public static async Task<InMemoryExecutor> LoadAsync(DatasetPlan plan, CancellationToken cancellationToken)
    {
        plan = await DatasetPreparation.PrepareAsync(plan, async (profile, ct) => await LoadPlannedAsync(profile, ct), cancellationToken);
        return await LoadPlannedAsync(plan, cancellationToken);
    }

    private static async Task<InMemoryExecutor> LoadPlannedAsync(DatasetPlan plan, CancellationToken cancellationToken)
    {
        var partitions = new Partition[plan.Partitions.Count];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, partitions.Length),
            cancellationToken,
            (i, ct) =>
            {
                partitions[i] = PartitionLoader.Load(plan.Partitions[i], ct);
                return ValueTask.CompletedTask;
            });

        var results = partitions.Select(PartitionLoadResult.Of).ToArray();
        return new InMemoryExecutor(partitions, LoadedDataset.FromPartitions(plan, results));
    }

    public async Task<TSummary> RunAsync<TSummary>(IPartitionStep<TSummary> step, CancellationToken cancellationToken)
        where TSummary : class, ISummary
    {
        var summaries = new ISummary[_partitions.Length];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, _partitions.Length),
            cancellationToken,
            (i, ct) =>
            {
                summaries[i] = step.Run(_partitions[i], new StepContext(i, _firstRows[i], ct));
                return ValueTask.CompletedTask;
            });

        return (TSummary)MergeTree.Reduce(summaries);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
