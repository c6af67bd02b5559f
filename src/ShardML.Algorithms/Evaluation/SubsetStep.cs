using MemoryPack;
using ShardML.Core.Data;
using ShardML.Core.Execution;

namespace ShardML.Algorithms.Evaluation;

/// <summary>
/// Runs a step on a <see cref="RowSubset"/> of each partition instead of all its rows: the inner step sees a
/// partition holding only the subset's rows, numbered from <see cref="FirstRows"/> (the subset's own global numbering,
/// so row-keyed sampling inside the step depends on the subset, never on the partitioning). Algorithms need not know:
/// <see cref="RowSubsetExecutor"/> wraps every step it is given. The inner step travels as its registered type and
/// bytes, encoded only when the message leaves the process.
/// </summary>
[MemoryPackable]
public sealed partial class SubsetStep : IPartitionStep<ISummary>
{
    private IPartitionStep? _inner;
    private byte[]? _body;

    [MemoryPackConstructor]
    public SubsetStep(RowSubset rows, long[] firstRows, string innerType, byte[] innerBody)
    {
        Rows = rows;
        FirstRows = firstRows;
        InnerType = innerType;
        _body = innerBody;
    }

    public SubsetStep(RowSubset rows, long[] firstRows, IPartitionStep inner)
    {
        Rows = rows;
        FirstRows = firstRows;
        InnerType = NestedWire.NameOf(inner);
        _inner = inner;
    }

    public RowSubset Rows { get; }

    /// <summary>Per partition index, the subset's number of its first row: the rows of the subset in lower partitions.</summary>
    public long[] FirstRows { get; }

    public string InnerType { get; }

    public byte[] InnerBody => _body ??= NestedWire.Encode(_inner!).Body;

    /// <summary>The step to run on the subset; decoded once per process that received bytes.</summary>
    [MemoryPackIgnore]
    public IPartitionStep Inner => _inner ??= NestedWire.Decode<IPartitionStep>(InnerType, _body!);

    public ISummary Run(Partition partition, StepContext context)
    {
        var view = SubsetView.Of(partition, Rows, context.FirstRow);
        return Inner.Run(view, context with { FirstRow = FirstRows[context.PartitionIndex] });
    }
}
