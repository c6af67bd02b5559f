using ShardML.Algorithms.Common;
using ShardML.Core.Data;
using ShardML.Core.Execution;

namespace ShardML.Algorithms.Evaluation;

/// <summary>
/// An executor over a <see cref="RowSubset"/> of another executor's dataset: every step it is given runs on the
/// subset's rows only (<see cref="SubsetStep"/>), and its <see cref="Dataset"/> counts only them, so any algorithm
/// trains or is measured on a validation split or a fold without knowing it. The subset numbers its rows in file
/// order, so a job on it gives the bits of the same job on a file holding only those rows, cut at the same places.
/// </summary>
public sealed class RowSubsetExecutor : IPartitionExecutor
{
    private readonly IPartitionExecutor _inner;
    private readonly long[] _firstRows;

    private RowSubsetExecutor(IPartitionExecutor inner, RowSubset rows, LoadedDataset dataset, long[] firstRows)
    {
        _inner = inner;
        Rows = rows;
        Dataset = dataset;
        _firstRows = firstRows;
    }

    public RowSubset Rows { get; }

    public LoadedDataset Dataset { get; }

    public AggregationPrivacy Privacy => _inner.Privacy;

    /// <summary>Builds the partitions' views of <paramref name="rows"/> (one pass) and an executor over them; fails when the subset is empty.</summary>
    public static async Task<RowSubsetExecutor> CreateAsync(IPartitionExecutor inner, RowSubset rows, string what, CancellationToken cancellationToken)
    {
        var partitions = inner.Dataset.PartitionCount;
        var counts = (await inner.RunAsync(new SubsetCountStep(rows, partitions), cancellationToken)).Counts;
        var firstRows = new long[partitions];
        for (var i = 1; i < partitions; i++)
        {
            firstRows[i] = firstRows[i - 1] + counts[i - 1];
        }

        if (firstRows[^1] + counts[^1] == 0)
        {
            throw new ArgumentException($"the {what} has no rows: {inner.Dataset.TotalRows:N0} rows are too few for the split; use more data or another `ValidationFraction` or `Folds`");
        }

        var dataset = inner.Dataset with { RowCounts = counts };
        return new RowSubsetExecutor(inner, rows, dataset, firstRows);
    }

    public async Task<TSummary> RunAsync<TSummary>(IPartitionStep<TSummary> step, CancellationToken cancellationToken)
        where TSummary : class, ISummary =>
        (TSummary)await _inner.RunAsync(new SubsetStep(Rows, _firstRows, step), cancellationToken);

    /// <summary>Frees the partitions' copies of the subset's rows (best effort, as all working state).</summary>
    public Task DropAsync(CancellationToken cancellationToken) => WorkingState.DropAsync(_inner, Rows.Key, cancellationToken);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
