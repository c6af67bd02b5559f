using ShardML.Core.Execution;

namespace ShardML.Algorithms.Tests.Evaluation;

/// <summary>
/// An executor that sends every step and its merged summary through the wire registry's bytes, as a silo in another
/// process receives them: nested steps and summaries (a subset's step, a batch of candidates') must survive the trip.
/// </summary>
internal sealed class WireExecutor(IPartitionExecutor inner) : IPartitionExecutor
{
    private readonly WireTypeRegistry _wire = new(AlgorithmCatalog.WireTypes);

    public LoadedDataset Dataset => inner.Dataset;

    public int Steps { get; private set; }

    public async Task<TSummary> RunAsync<TSummary>(IPartitionStep<TSummary> step, CancellationToken cancellationToken)
        where TSummary : class, ISummary
    {
        Steps++;
        var decoded = _wire.Decode<IPartitionStep>(_wire.Encode(step));
        var summary = await inner.RunAsync((IPartitionStep<ISummary>)decoded, cancellationToken);
        return _wire.Decode<TSummary>(_wire.Encode(summary));
    }

    public ValueTask DisposeAsync() => inner.DisposeAsync();
}
