using ShardML.Core.Data;
using ShardML.Core.Execution;

namespace ShardML.Algorithms.Tests.Support;

/// <summary>
/// An in-memory executor holding every partition twice, as two silos would after a partition moved: each copy has its
/// own working state. A test routes each step's partitions: <see cref="Route"/> names the silos that run it, in order,
/// and only the last one's reply is merged — the ones before ran it to the end and kept their state, but answered too
/// late (a step timeout, a straggler beaten by its speculative copy), as a cluster's pass runner lets happen.
/// </summary>
public sealed class TwoSiloExecutor : IPartitionExecutor
{
    private TwoSiloExecutor(Partition[] onA, Partition[] onB, LoadedDataset dataset)
    {
        OnA = onA;
        OnB = onB;
        Dataset = dataset;
    }

    public enum Silo
    {
        A,
        B,
    }

    public LoadedDataset Dataset { get; }

    public IReadOnlyList<Partition> OnA { get; }

    public IReadOnlyList<Partition> OnB { get; }

    /// <summary>Given the step and a partition's index, the silos that run it; the last one's reply counts. Null: silo A alone.</summary>
    public Func<object, int, Silo[]>? Route { get; set; }

    public static TwoSiloExecutor Load(string path, int partitions)
    {
        var plan = DatasetPlanner.Plan(new DatasetOptions { Path = path, CategoricalLabel = true }, partitions);
        var onA = plan.Partitions.Select(p => PartitionLoader.Load(p)).ToArray();
        var onB = plan.Partitions.Select(p => PartitionLoader.Load(p)).ToArray();
        var results = onA.Select(PartitionLoadResult.Of).ToArray();
        return new TwoSiloExecutor(onA, onB, LoadedDataset.FromPartitions(plan, results));
    }

    /// <summary>The copy of partition <paramref name="index"/> on <paramref name="silo"/>.</summary>
    public Partition On(Silo silo, int index) => silo == Silo.A ? OnA[index] : OnB[index];

    /// <summary>Runs <paramref name="step"/> on the copy of partition <paramref name="index"/> on <paramref name="silo"/>, as that silo would.</summary>
    public TSummary RunOn<TSummary>(IPartitionStep<TSummary> step, Silo silo, int index, CancellationToken cancellationToken = default)
        where TSummary : class, ISummary =>
        step.Run(On(silo, index), new StepContext(index, Dataset.FirstRow(index), cancellationToken));

    public Task<TSummary> RunAsync<TSummary>(IPartitionStep<TSummary> step, CancellationToken cancellationToken)
        where TSummary : class, ISummary
    {
        var summaries = new ISummary[OnA.Count];
        for (var i = 0; i < summaries.Length; i++)
        {
            foreach (var silo in Route?.Invoke(step, i) ?? [Silo.A])
            {
                summaries[i] = RunOn(step, silo, i, cancellationToken);
            }
        }

        return Task.FromResult((TSummary)MergeTree.Reduce(summaries));
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
