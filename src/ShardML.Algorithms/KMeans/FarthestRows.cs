using MemoryPack;

namespace ShardML.Algorithms.KMeans;

/// <summary>
/// The rows farthest from their nearest center, at most <see cref="Capacity"/>, ordered by distance (descending)
/// then global row number (ascending): a total order, so the set does not depend on partitioning. Empty clusters
/// are re-seeded from it, as scikit-learn relocates them to far points, without another pass over the data.
/// </summary>
[MemoryPackable]
public sealed partial class FarthestRows
{
    [MemoryPackConstructor]
    public FarthestRows(int capacity, List<double> distances, List<long> globalRows, List<float[]> rows)
    {
        Capacity = capacity;
        Distances = distances;
        GlobalRows = globalRows;
        Rows = rows;
    }

    public FarthestRows(int capacity)
        : this(capacity, new List<double>(capacity), new List<long>(capacity), new List<float[]>(capacity))
    {
    }

    public int Capacity { get; }

    public List<double> Distances { get; }

    public List<long> GlobalRows { get; }

    public List<float[]> Rows { get; }

    /// <summary>
    /// A row enters the set exactly when its distance is above this: −∞ while the set has room, the smallest kept
    /// distance once it is full, +∞ when the capacity is 0. Read it once and compare every row against a local copy.
    /// </summary>
    [MemoryPackIgnore]
    public double Threshold =>
        Capacity == 0 ? double.PositiveInfinity : Distances.Count < Capacity ? double.NegativeInfinity : Distances[^1];

    /// <summary>True when a row at this distance would enter the set; cheap enough to call for every row.</summary>
    public bool Admits(double distance) =>
        Capacity > 0 && (Distances.Count < Capacity || distance > Distances[^1]);

    /// <summary>Inserts a row; <paramref name="copyRow"/> is called only when the row enters the set.</summary>
    public void Offer(double distance, long globalRow, Func<float[]> copyRow)
    {
        if (!Admits(distance))
        {
            return;
        }

        var at = 0;
        while (at < Distances.Count && Precedes(Distances[at], GlobalRows[at], distance, globalRow))
        {
            at++;
        }

        Distances.Insert(at, distance);
        GlobalRows.Insert(at, globalRow);
        Rows.Insert(at, copyRow());
        if (Distances.Count > Capacity)
        {
            Distances.RemoveAt(Capacity);
            GlobalRows.RemoveAt(Capacity);
            Rows.RemoveAt(Capacity);
        }
    }

    public void MergeFrom(FarthestRows other)
    {
        for (var i = 0; i < other.Distances.Count; i++)
        {
            var row = other.Rows[i];
            Offer(other.Distances[i], other.GlobalRows[i], () => row);
        }
    }

    private static bool Precedes(double d1, long r1, double d2, long r2) => d1 > d2 || (d1 == d2 && r1 < r2);
}
