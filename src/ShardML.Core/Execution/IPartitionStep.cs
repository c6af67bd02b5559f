using ShardML.Core.Data;

namespace ShardML.Core.Execution;

/// <summary>
/// Work that runs on one partition and returns a summary: a K-means assignment pass, a gradient, a metric.
/// A step is a pure function of itself and the partition's rows, so it can run on any node, run again after a
/// failure, and give the same bits. Steps travel between nodes, so every implementation is
/// <c>[MemoryPackable]</c> and registered in a <see cref="WireTypeRegistry"/>.
/// <para>
/// In-process, partitions get the driver's step object itself, not a copy, and share it. So a step's <c>Run</c> must
/// not change the step, and must not keep the step's arrays (or return them inside its summary) past the call: a
/// driver may reuse its buffers for the next pass as soon as a pass returns, while a straggling attempt whose reply
/// will be dropped is still reading them.
/// </para>
/// </summary>
public interface IPartitionStep
{
    ISummary Run(Partition partition, StepContext context);
}

/// <summary>A step whose summaries are <typeparamref name="TSummary"/>.</summary>
public interface IPartitionStep<out TSummary> : IPartitionStep
    where TSummary : class, ISummary
{
    new TSummary Run(Partition partition, StepContext context);

    ISummary IPartitionStep.Run(Partition partition, StepContext context) => Run(partition, context);
}
