using MemoryPack;
using ShardML.Core.Execution;

namespace ShardML.Algorithms.Evaluation;

/// <summary>
/// The summaries of several candidates' steps over the same partitions (<see cref="MultiStep"/>): merging merges
/// part i with part i, in the one merge tree, so each part is the summary its step alone would have given.
/// Parts travel as their registered types and bytes, encoded only when the summary leaves the process.
/// </summary>
[MemoryPackable]
public sealed partial class MultiSummary : Summary<MultiSummary>
{
    private ISummary[]? _parts;
    private byte[][]? _bodies;
    private string[]? _types;

    [MemoryPackConstructor]
    public MultiSummary(string[] types, byte[][] bodies)
    {
        _types = types;
        _bodies = bodies;
    }

    public MultiSummary(ISummary[] parts)
    {
        _parts = parts;
    }

    public string[] Types => _types ??= [.. _parts!.Select(NestedWire.NameOf)];

    public byte[][] Bodies => _bodies ??= [.. _parts!.Select(p => NestedWire.Encode(p).Body)];

    /// <summary>The candidates' summaries, in the order of their steps.</summary>
    [MemoryPackIgnore]
    public ISummary[] Parts => _parts ??= [.. Types.Select((t, i) => NestedWire.Decode<ISummary>(t, _bodies![i]))];

    public override MultiSummary Merge(MultiSummary higher)
    {
        var parts = Parts;
        var others = higher.Parts;
        for (var i = 0; i < parts.Length; i++)
        {
            parts[i] = parts[i].Merge(others[i]);
        }

        _bodies = null; // the parts changed: an encoding made before the merge is stale
        _types = null;
        return this;
    }

    public override void Release()
    {
        if (_parts is { } parts)
        {
            foreach (var part in parts)
            {
                part.Release();
            }
        }
    }
}
