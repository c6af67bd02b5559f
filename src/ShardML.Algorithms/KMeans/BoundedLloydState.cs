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

    private BoundedLloydState(int rows, int k, int dimension, int segmentRows, double[] squaredNorms)
    {
        SegmentRows = segmentRows;
        Segments = new SegmentSumCache((rows + segmentRows - 1) / segmentRows, dimension);
        Assignment = new int[rows];
        Upper = new double[rows];
        Lower = new double[rows];
        SquaredNorms = squaredNorms;
        K = k;
        Dimension = dimension;
        foreach (var norm in squaredNorms)
        {
            SquaredNormSum += norm;
        }
    }

    public int[] Assignment { get; }

    /// <summary>Per row, an upper bound on ‖x − c_a‖ for the centers of <see cref="Settle"/>.</summary>
    public double[] Upper { get; }

    /// <summary>Per row, a lower bound on ‖x − c_j‖ for every other center j.</summary>
    public double[] Lower { get; }

    /// <summary>Per row, ‖x‖² in double.</summary>
    public double[] SquaredNorms { get; }

    /// <summary>Σ‖x‖² over the partition's rows.</summary>
    public double SquaredNormSum { get; }

    public int K { get; }

    /// <summary>Rows per segment of the cluster sums (<see cref="SegmentSums.SegmentRows"/>).</summary>
    public int SegmentRows { get; }

    /// <summary>The segments' partial sums as the last pass left them, for the segments whose rows kept their clusters.</summary>
    public SegmentSumCache Segments { get; }

    public int Dimension { get; }

    /// <summary>The centers the bounds refer to; null until a pass has finished.</summary>
    public float[]? Centers { get; private set; }

    /// <summary>A state for a partition's rows with no bounds yet: the first pass assigns every row.</summary>
    public static BoundedLloydState Start(DenseMatrix dense, int k, int dimension, int segmentRows)
    {
        var norms = new double[dense.Rows];
        for (var i = 0; i < norms.Length; i++)
        {
            norms[i] = WideningKernels.SquaredNorm(dense.Row(i));
        }

        return new BoundedLloydState(dense.Rows, k, dimension, segmentRows, norms);
    }

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
