using ShardML.Core.Data;
using ShardML.Core.Numerics;

namespace ShardML.Algorithms.KMeans;

/// <summary>
/// What <see cref="YinyangStep"/> keeps with a partition between passes: each row's cluster, an upper bound on its
/// distance to that cluster's center, one lower bound per group of centers on its distance to the group's centers
/// other than its own (Ding et al. 2015), the row's squared norm, the grouping and the centers the bounds refer to.
/// 20 + 4·t' bytes a row, t' being t rounded up to a multiple of 8: the group bounds are floats, rounded down, and
/// each row's are padded with +∞ to whole 256-bit vectors so they are updated without a scalar tail.
/// </summary>
internal sealed class YinyangState
{
    private const double DriftSlack = 1 + 1e-12;

    private YinyangState(int rows, int k, int dimension, int[] groupOf, int groups, double[] squaredNorms)
    {
        Assignment = new int[rows];
        Upper = new double[rows];
        Stride = (groups + 7) / 8 * 8;
        Lower = new float[rows * Stride];
        Lower.AsSpan().Fill(float.PositiveInfinity);
        SquaredNorms = squaredNorms;
        K = k;
        Dimension = dimension;
        GroupOf = groupOf;
        Groups = groups;
        foreach (var norm in squaredNorms)
        {
            SquaredNormSum += norm;
        }
    }

    public int[] Assignment { get; }

    /// <summary>Per row, an upper bound on ‖x − c_a‖ for the centers of <see cref="Settle"/>.</summary>
    public double[] Upper { get; }

    /// <summary>Group bounds per row: t rounded up to a multiple of 8, the padding +∞.</summary>
    public int Stride { get; }

    /// <summary>Row-major rows × <see cref="Stride"/>: a lower bound on ‖x − c_j‖ over the group's centers j other than the row's own.</summary>
    public float[] Lower { get; }

    /// <summary>Per row, ‖x‖² in double.</summary>
    public double[] SquaredNorms { get; }

    /// <summary>Σ‖x‖² over the partition's rows.</summary>
    public double SquaredNormSum { get; }

    public int K { get; }

    public int Dimension { get; }

    /// <summary>The grouping the lower bounds are kept for.</summary>
    public int[] GroupOf { get; }

    public int Groups { get; }

    /// <summary>The centers the bounds refer to; null until a pass has finished.</summary>
    public float[]? Centers { get; private set; }

    /// <summary>A state for a partition's rows with no bounds yet: the first pass searches every row.</summary>
    public static YinyangState Start(DenseMatrix dense, int k, int dimension, int[] groupOf, int groups)
    {
        var norms = new double[dense.Rows];
        for (var i = 0; i < norms.Length; i++)
        {
            norms[i] = WideningKernels.SquaredNorm(dense.Row(i));
        }

        return new YinyangState(dense.Rows, k, dimension, groupOf, groups, norms);
    }

    public bool Fits(int rows, int k, int dimension, int[] groupOf) =>
        Assignment.Length == rows && K == k && Dimension == dimension && Centers is not null && GroupOf.AsSpan().SequenceEqual(groupOf);

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
