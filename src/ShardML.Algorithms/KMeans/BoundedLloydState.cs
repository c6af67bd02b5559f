using ShardML.Core.Data;
using ShardML.Core.Numerics;

namespace ShardML.Algorithms.KMeans;

/// <summary>
/// What <see cref="BoundedLloydStep"/> keeps with a partition between passes: each row's cluster, an upper bound on its
/// distance to that cluster's center and a lower bound on its distance to every other center (Hamerly 2010), the row's
/// squared norm, the centers the bounds refer to, and the segments' partial cluster sums. 28 bytes a row, and at most
/// an eighth of the rows' bytes for the partial sums.
/// </summary>
internal sealed class BoundedLloydState
{
    private const double DriftSlack = 1 + 1e-12;

    private BoundedLloydState(int rows, int k, int dimension, int segmentRows)
    {
        SegmentRows = segmentRows;
        Segments = new SegmentSumCache((rows + segmentRows - 1) / segmentRows, dimension);
        Assignment = new int[rows];
        Upper = new double[rows];
        Lower = new double[rows];
        SquaredNorms = new double[rows];
        K = k;
        Dimension = dimension;
    }

    public int[] Assignment { get; }

    /// <summary>Per row, an upper bound on ‖x − c_a‖ for the centers of <see cref="Settle"/>.</summary>
    public double[] Upper { get; }

    /// <summary>Per row, a lower bound on ‖x − c_j‖ for every other center j.</summary>
    public double[] Lower { get; }

    /// <summary>Per row, ‖x‖² in double, once <see cref="NormsKnown"/>: the first pass measures them as it reads the rows.</summary>
    public double[] SquaredNorms { get; }

    /// <summary>Σ‖x‖² over the partition's rows, in row order, once <see cref="NormsKnown"/>.</summary>
    public double SquaredNormSum { get; private set; }

    /// <summary>Whether a pass has measured every row's norm (<see cref="MeasureNorms"/>).</summary>
    public bool NormsKnown { get; private set; }

    public int K { get; }

    /// <summary>Rows per segment of the cluster sums (<see cref="SegmentSums.SegmentRows"/>).</summary>
    public int SegmentRows { get; }

    /// <summary>The segments' partial sums as the last pass left them, for the segments whose rows kept their clusters.</summary>
    public SegmentSumCache Segments { get; }

    public int Dimension { get; }

    /// <summary>The last pass's farthest rows of the partition (local indices), when it looked for as many as the next may: a floor for the next pass's.</summary>
    public int[]? FarthestRows { get; set; }

    /// <summary>The centers the bounds refer to; null until a pass has finished.</summary>
    public float[]? Centers { get; private set; }

    /// <summary>A state for a partition's rows with no bounds yet: the first pass assigns every row and measures its norm.</summary>
    public static BoundedLloydState Start(DenseMatrix dense, int k, int dimension, int segmentRows) =>
        new(dense.Rows, k, dimension, segmentRows);

    /// <summary>
    /// Measures the norms of the <paramref name="count"/> rows from <paramref name="start"/>, which the first pass has
    /// just read: called block after block in row order, it sums them as a loop over all rows would.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)] // per block of the first pass: at tier 0 its norms cost as much as the pass's search
    public void MeasureNorms(int start, ReadOnlySpan<float> rows, int count)
    {
        for (var r = 0; r < count; r++)
        {
            var norm = WideningKernels.SquaredNorm(rows.Slice(r * Dimension, Dimension));
            SquaredNorms[start + r] = norm;
            SquaredNormSum += norm;
        }
    }

    /// <summary>Records that a pass has measured every row's norm.</summary>
    public void NormsMeasured() => NormsKnown = true;

    public bool Fits(int rows, int k, int dimension) =>
        Assignment.Length == rows && K == k && Dimension == dimension && Centers is not null;

    /// <summary>How far each center moved from the centers the bounds refer to, rounded up.</summary>
    public double[] Drift(float[] centers)
    {
        var previous = Centers!;
        var drift = new double[K];
        for (var j = 0; j < K; j++)
        {
            var squared = DistanceKernels.ExactSquaredDistance(centers.AsSpan(j * Dimension, Dimension), previous.AsSpan(j * Dimension, Dimension));
            drift[j] = Math.Sqrt(squared) * DriftSlack;
        }

        return drift;
    }

    /// <summary>Records that the bounds now refer to <paramref name="centers"/> (copied: the caller may reuse its array).</summary>
    public void Settle(float[] centers) => Centers = (float[])centers.Clone();
}
