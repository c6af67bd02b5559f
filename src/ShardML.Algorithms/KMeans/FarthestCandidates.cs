namespace ShardML.Algorithms.KMeans;

/// <summary>
/// The partition-local top-k of (distance, row) that <see cref="FarthestRows"/> is built from at the end of a pass,
/// in the same total order (distance descending, then row ascending), so the final set is the same; rows are copied
/// only for the k that remain, and nothing is allocated per admitted row.
/// </summary>
internal sealed class FarthestCandidates(int capacity)
{
    private readonly double[] _distances = new double[capacity];
    private readonly int[] _rows = new int[capacity];

    public int Count { get; private set; }

    /// <summary>A row enters exactly when its distance is above this (see <see cref="FarthestRows.Threshold"/>).</summary>
    public double Threshold { get; private set; } = capacity == 0 ? double.PositiveInfinity : double.NegativeInfinity;

    public double Distance(int i) => _distances[i];

    public int Row(int i) => _rows[i];

    /// <summary>Inserts a row offered in increasing row order; its distance must be above <see cref="Threshold"/>.</summary>
    public void Offer(double distance, int row)
    {
        // Rows arrive in increasing order, so among equal distances the earlier row stays first.
        var at = Count < _distances.Length ? Count : _distances.Length - 1;
        while (at > 0 && _distances[at - 1] < distance)
        {
            if (at < _distances.Length)
            {
                _distances[at] = _distances[at - 1];
                _rows[at] = _rows[at - 1];
            }

            at--;
        }

        _distances[at] = distance;
        _rows[at] = row;
        Count = Math.Min(Count + 1, _distances.Length);
        if (Count == _distances.Length)
        {
            Threshold = _distances[^1];
        }
    }
}
