using ShardML.Core.Data;
using ShardML.Core.Data.Preprocessing;
using ShardML.Core.SecureAggregation;

namespace ShardML.Core.Execution;

/// <summary>
/// Runs steps over partitions held in this process, with no cluster: the executor for algorithm tests and the
/// reference the cluster runtime must match bit for bit. Partitions run in parallel; summaries merge in tree order, or,
/// when only totals may be revealed (<see cref="AggregationPrivacy.TotalsOnly"/>), are added in fixed point as secure
/// aggregation adds them (<see cref="QuantizedTotal"/>), which gives the bits a cluster gives under secure aggregation.
/// </summary>
public sealed class InMemoryExecutor : IPartitionExecutor
{
    private readonly Partition[] _partitions;
    private readonly long[] _firstRows;

    private InMemoryExecutor(Partition[] partitions, LoadedDataset dataset, AggregationPrivacy privacy)
    {
        _partitions = partitions;
        Dataset = dataset;
        Privacy = privacy;
        _firstRows = new long[partitions.Length];
        for (var i = 1; i < partitions.Length; i++)
        {
            _firstRows[i] = _firstRows[i - 1] + partitions[i - 1].RowCount;
        }
    }

    public LoadedDataset Dataset { get; }

    public AggregationPrivacy Privacy { get; }

    /// <summary>Loads every partition of <paramref name="plan"/> in parallel.</summary>
    public static Task<InMemoryExecutor> LoadAsync(DatasetPlan plan, CancellationToken cancellationToken) =>
        LoadAsync(plan, AggregationPrivacy.Clear, cancellationToken);

    /// <summary>
    /// Loads every partition of <paramref name="plan"/> in parallel, after learning its preprocessing when it asks for
    /// some (<see cref="DatasetPreparation"/>); passes, the preparation's included, reveal what <paramref name="privacy"/> allows.
    /// </summary>
    public static async Task<InMemoryExecutor> LoadAsync(DatasetPlan plan, AggregationPrivacy privacy, CancellationToken cancellationToken)
    {
        plan = await DatasetPreparation.PrepareAsync(plan, async (profile, ct) => await LoadPlannedAsync(profile, privacy, ct), cancellationToken);
        return await LoadPlannedAsync(plan, privacy, cancellationToken);
    }

    private static async Task<InMemoryExecutor> LoadPlannedAsync(DatasetPlan plan, AggregationPrivacy privacy, CancellationToken cancellationToken)
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
        return new InMemoryExecutor(partitions, LoadedDataset.FromPartitions(plan, results), privacy);
    }

    public async Task<TSummary> RunAsync<TSummary>(IPartitionStep<TSummary> step, CancellationToken cancellationToken)
        where TSummary : class, ISummary
    {
        var totalsOnly = Privacy == AggregationPrivacy.TotalsOnly && TotalsOnlyPasses.Require(step) == TotalsOnlyKind.Sum;
        var summaries = new ISummary[_partitions.Length];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, _partitions.Length),
            cancellationToken,
            (i, ct) =>
            {
                summaries[i] = step.Run(_partitions[i], new StepContext(i, _firstRows[i], ct));
                return ValueTask.CompletedTask;
            });

        return totalsOnly ? (TSummary)AddQuantized(summaries) : (TSummary)MergeTree.Reduce(summaries);
    }

    /// <summary>The partitions' sums added in fixed point, and the summary of their total.</summary>
    private static ISummary AddQuantized(ISummary[] summaries)
    {
        var vectors = new double[summaries.Length][];
        for (var i = 0; i < summaries.Length; i++)
        {
            var additive = (IAdditiveSummary)summaries[i];
            vectors[i] = new double[additive.SumLength];
            additive.WriteSums(vectors[i]);
        }

        var total = ((IAdditiveSummary)summaries[0]).WithSums(QuantizedTotal.Of(vectors));
        foreach (var s in summaries)
        {
            s.Release();
        }

        return total;
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
