using ShardML.Core.Data;
using ShardML.Core.Execution;

namespace ShardML.Algorithms.Tests.Support;

/// <summary>
/// An in-memory executor like <see cref="InMemoryExecutor"/> that lets a test see its partitions, count the
/// distributed passes a job makes, and act between passes (e.g. drop a partition's working state, as a reload would).
/// It runs the partitions one after another on the test's thread, so a hook sees each pass whole; the loading and the
/// row numbering are the library's (<see cref="PartitionLoadResult.Of"/>, <see cref="LoadedDataset.FirstRow"/>).
/// </summary>
public sealed class PartitionsExecutor : IPartitionExecutor
{
    private PartitionsExecutor(Partition[] partitions, LoadedDataset dataset)
    {
        Partitions = partitions;
        Dataset = dataset;
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
        var results = loaded.Select(PartitionLoadResult.Of).ToArray();
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
            summaries[i] = step.Run(Partitions[i], new StepContext(i, Dataset.FirstRow(i), cancellationToken));
        }

        return Task.FromResult((TSummary)MergeTree.Reduce(summaries));
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
