namespace ShardML.Runtime.Placement;

/// <summary>What a membership refresh changed: the partitions that moved (with their previous silo), and how many suspected silos were trusted again early.</summary>
internal sealed record PlacementRefresh(IReadOnlyList<(int Partition, string From)> Moved, int Forgiven)
{
    public static PlacementRefresh None { get; } = new([], 0);
}
