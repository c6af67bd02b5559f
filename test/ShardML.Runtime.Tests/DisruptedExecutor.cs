using ShardML.Core.Execution;

namespace ShardML.Runtime.Tests;

/// <summary>Runs <paramref name="disruption"/> (stop a silo, start one) just before pass number <paramref name="beforePass"/>, then carries on.</summary>
public sealed class DisruptedExecutor(IPartitionExecutor inner, int beforePass, Func<Task> disruption) : IPartitionExecutor
{
    private int _passes;

    public LoadedDataset Dataset => inner.Dataset;

    public AggregationPrivacy Privacy => inner.Privacy;

    public bool Disrupted { get; private set; }

    public async Task<TSummary> RunAsync<TSummary>(IPartitionStep<TSummary> step, CancellationToken cancellationToken)
        where TSummary : class, ISummary
    {
        if (++_passes == beforePass)
        {
            await disruption();
            Disrupted = true;
        }

        return await inner.RunAsync(step, cancellationToken);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
