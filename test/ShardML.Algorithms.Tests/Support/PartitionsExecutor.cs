using ShardML.Core.Data;
using ShardML.Core.Execution;

namespace ShardML.Algorithms.Tests.Support;

/// <summary>
/// An in-memory executor like <see cref="InMemoryExecutor"/> that lets a test see its partitions, count the
/// distributed passes a job makes, and act between passes (e.g. drop a partition's working state, as a reload would).
/// </summary>
public sealed class PartitionsExecutor : IPartitionExecutor
{
    private readonly long[] _firstRows;

    private PartitionsExecutor(Partition[] partitions, LoadedDataset dataset)
    {
        Partitions = partitions;
        Dataset = dataset;
        _firstRows = new long[partitions.Length];
        for (var i = 1; i < partitions.Length; i++)
        {
            _firstRows[i] = _firstRows[i - 1] + partitions[i - 1].RowCount;
        }
    }

    public LoadedDataset Dataset { get; }

    public IReadOnlyList<Partition> Partitions { get; }

    /// <summary>Passes run so far.</summary>
    public int Passes { get; private set; }

    /// <summary>Called with the 1-based number of each pass before it runs.</summary>
    public Action<int, PartitionsExecutor>? BeforePass { get; set; }

    public static PartitionsExecutor Load(string path, int partitions, bool categorical = true)
    {
        var plan = DatasetPlanner.Plan(new DatasetOptions { Path = path, CategoricalLabel = categorical }, partitions);
        var loaded = plan.Partitions.Select(p => PartitionLoader.Load(p)).ToArray();
        var results = loaded.Select(p => new PartitionLoadResult(p.Index, p.RowCount, p.Sparse?.Columns ?? p.Dense!.Columns, p.MemoryBytes)).ToArray();
        return new PartitionsExecutor(loaded, LoadedDataset.FromPartitions(plan, results));
    }

    public Task<TSummary> RunAsync<TSummary>(IPartitionStep<TSummary> step, CancellationToken cancellationToken)
        where TSummary : class, ISummary
    {
        Passes++;
        BeforePass?.Invoke(Passes, this);
        var summaries = new ISummary[Partitions.Count];
        for (var i = 0; i < summaries.Length; i++)
        {
            summaries[i] = step.Run(Partitions[i], new StepContext(i, _firstRows[i], cancellationToken));
        }

        return Task.FromResult((TSummary)MergeTree.Reduce(summaries));
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
