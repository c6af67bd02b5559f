namespace ShardML.Core.Execution;

/// <summary>
/// The one merge order of a dataset: a balanced binary tree over partition indices <c>[0, P)</c>, each node
/// split at <c>lo + (hi − lo) / 2</c>. Any node can merge the subtrees whose partitions it holds and send those,
/// and the driver finishes the tree; since every node's value is computed the same way wherever it is computed,
/// the result has the same bits on one silo or many, before or after partitions move.
/// </summary>
public static class MergeTree
{
    /// <summary>Merges all leaves (summaries of partitions 0..P−1) in tree order.</summary>
    public static ISummary Reduce(IReadOnlyList<ISummary> leaves)
    {
        ArgumentOutOfRangeException.ThrowIfZero(leaves.Count);
        return Reduce(leaves, 0, leaves.Count);
    }

    /// <summary>
    /// The maximal subtrees whose partitions are all in <paramref name="held"/>, merged: what one node sends so
    /// that the driver can finish the tree with <see cref="Complete"/>.
    /// </summary>
    public static IReadOnlyList<SubtreeSummary> ReduceHeld(int partitionCount, IReadOnlyDictionary<int, ISummary> held)
    {
        var result = new List<SubtreeSummary>();
        if (partitionCount > 0 && Collect(0, partitionCount, held, result))
        {
            result.Add(new SubtreeSummary(0, partitionCount, Reduce(held, 0, partitionCount)));
        }

        return result;
    }

    /// <summary>Finishes the tree from subtree summaries that together cover every partition exactly once.</summary>
    public static ISummary Complete(int partitionCount, IEnumerable<SubtreeSummary> subtrees)
    {
        var byRange = new Dictionary<(int, int), ISummary>();
        foreach (var s in subtrees)
        {
            if (!byRange.TryAdd((s.Low, s.High), s.Summary))
            {
                throw new InvalidOperationException($"partitions [{s.Low}, {s.High}) were summarized twice");
            }
        }

        return CompleteRange(0, partitionCount, byRange);
    }

    private static ISummary Reduce(IReadOnlyList<ISummary> leaves, int low, int high)
    {
        if (high - low == 1)
        {
            return leaves[low];
        }

        var mid = low + ((high - low) / 2);
        return Merged(Reduce(leaves, low, mid), Reduce(leaves, mid, high));
    }

    /// <summary>True when all of <c>[low, high)</c> is held; otherwise emits the fully held children below it.</summary>
    private static bool Collect(int low, int high, IReadOnlyDictionary<int, ISummary> held, List<SubtreeSummary> result)
    {
        if (high - low == 1)
        {
            return held.ContainsKey(low);
        }

        var mid = low + ((high - low) / 2);
        var left = Collect(low, mid, held, result);
        var right = Collect(mid, high, held, result);
        if (left && right)
        {
            return true;
        }

        if (left)
        {
            result.Add(new SubtreeSummary(low, mid, Reduce(held, low, mid)));
        }

        if (right)
        {
            result.Add(new SubtreeSummary(mid, high, Reduce(held, mid, high)));
        }

        return false;
    }

    private static ISummary Reduce(IReadOnlyDictionary<int, ISummary> held, int low, int high)
    {
        if (high - low == 1)
        {
            return held[low];
        }

        var mid = low + ((high - low) / 2);
        return Merged(Reduce(held, low, mid), Reduce(held, mid, high));
    }

    private static ISummary CompleteRange(int low, int high, Dictionary<(int, int), ISummary> byRange)
    {
        if (byRange.TryGetValue((low, high), out var summary))
        {
            return summary;
        }

        if (high - low == 1)
        {
            throw new InvalidOperationException($"partition {low} was not summarized");
        }

        var mid = low + ((high - low) / 2);
        return Merged(CompleteRange(low, mid, byRange), CompleteRange(mid, high, byRange));
    }

    /// <summary>One merge of the tree; the input that did not become the result is dead, and gives back its buffers.</summary>
    private static ISummary Merged(ISummary lower, ISummary higher)
    {
        var merged = lower.Merge(higher);
        if (!ReferenceEquals(merged, higher))
        {
            higher.Release();
        }

        if (!ReferenceEquals(merged, lower))
        {
            lower.Release();
        }

        return merged;
    }
}

/// <summary>The merged summary of partitions <c>[Low, High)</c>, a node of the <see cref="MergeTree"/>.</summary>
public sealed record SubtreeSummary(int Low, int High, ISummary Summary);
