using MemoryPack;
using ShardML.Core.Data;
using ShardML.Core.Execution;

namespace ShardML.Algorithms.Evaluation;

/// <summary>
/// Several candidates' steps in one pass: each partition runs them one after the other, while its rows are loaded
/// and warm, and returns their summaries together (<see cref="MultiSummary"/>), merged part by part. Candidates that
/// differ only in their hyperparameters thus share every pass's round trip, placement and merge; a step that can do
/// better — sweep the rows once for all of them — is fused instead (<see cref="StepFusion"/>). Each part is computed
/// exactly as its step alone would compute it, so a candidate's model has the bits of its job alone.
/// </summary>
[MemoryPackable]
public sealed partial class MultiStep : IPartitionStep<MultiSummary>
{
    private IPartitionStep[]? _steps;
    private byte[][]? _bodies;

    [MemoryPackConstructor]
    public MultiStep(string[] types, byte[][] bodies)
    {
        Types = types;
        _bodies = bodies;
    }

    public MultiStep(IPartitionStep[] steps)
    {
        _steps = steps;
        Types = [.. steps.Select(NestedWire.NameOf)];
    }

    public string[] Types { get; }

    public byte[][] Bodies => _bodies ??= [.. _steps!.Select(s => NestedWire.Encode(s).Body)];

    [MemoryPackIgnore]
    public IPartitionStep[] Steps => _steps ??= [.. Types.Select((t, i) => NestedWire.Decode<IPartitionStep>(t, _bodies![i]))];

    public MultiSummary Run(Partition partition, StepContext context)
    {
        var steps = Steps;
        var parts = new ISummary[steps.Length];
        for (var i = 0; i < steps.Length; i++)
        {
            parts[i] = steps[i].Run(partition, context);
        }

        return new MultiSummary(parts);
    }
}
