using ShardML.Core.Data;
using ShardML.Core.Numerics;

namespace ShardML.Algorithms.KMeans;

/// <summary>
/// What <see cref="YinyangStep"/> keeps with a partition between passes: each row's cluster, an upper bound on its
/// distance to that cluster's center, one lower bound per group of centers on its distance to the group's centers
/// other than its own (Ding et al. 2015) and their minimum, the pass the row's bounds were last brought up to date
/// (its stamp), the row's squared norm, the grouping, and per pass the cumulative drifts of every center, of every
/// group (its largest) and of all centers (the largest). A row's bounds move only when it is looked at: its bounds
/// now are its stored ones moved by the cumulative drift since its stamp, so a row kept by the global filter costs a
/// read of 24 bytes and no write. 32 + 4·t bytes a row: the group bounds are floats, rounded down.
/// </summary>
internal sealed class YinyangState
{
    private const double DriftSlack = 1 + 1e-12;

    private YinyangState(int rows, int k, int dimension, int[] groupOf, int groups, int segmentRows, double[] squaredNorms)
    {
        SegmentRows = segmentRows;
        Segments = new SegmentSumCache((rows + segmentRows - 1) / segmentRows, dimension);
        Assignment = new int[rows];
        Stamp = new int[rows];
        Upper = new double[rows];
        Global = new double[rows];
        CenterRise.Add(new double[k]);
        GroupRise.Add(new double[groups]);
        LargestRise.Add(0);
        Stride = groups;
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

    /// <summary>Per row, the pass its bounds refer to: an index into the cumulative drifts.</summary>
    public int[] Stamp { get; }

    /// <summary>Per row, an upper bound on ‖x − c_a‖ for the centers of the row's stamp.</summary>
    public double[] Upper { get; }

    /// <summary>Per row, the smallest of its group bounds at its stamp: a lower bound on its distance to every other center.</summary>
    public double[] Global { get; }

    /// <summary>Per pass, each center's drift summed over the passes so far (0 at pass 0).</summary>
    public List<double[]> CenterRise { get; } = [];

    /// <summary>Per pass, each group's largest drift summed over the passes so far.</summary>
    public List<double[]> GroupRise { get; } = [];

    /// <summary>Per pass, the largest drift of any center summed over the passes so far.</summary>
    public List<double> LargestRise { get; } = [];

    /// <summary>The current pass: the index of the last cumulative drifts.</summary>
    public int Now => LargestRise.Count - 1;

    /// <summary>Group bounds per row: t.</summary>
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

    /// <summary>Rows per segment of the cluster sums (<see cref="SegmentSums.SegmentRows"/>).</summary>
    public int SegmentRows { get; }

    /// <summary>The segments' partial sums as the last pass left them (<see cref="SegmentSumCache"/>).</summary>
    public SegmentSumCache Segments { get; }

    /// <summary>The centers the bounds refer to; null until a pass has finished.</summary>
    public float[]? Centers { get; private set; }

    /// <summary>A state for a partition's rows with no bounds yet: the first pass searches every row.</summary>
    public static YinyangState Start(DenseMatrix dense, int k, int dimension, int[] groupOf, int groups, int segmentRows) =>
        new(dense.Rows, k, dimension, groupOf, groups, segmentRows, MeasureNorms(dense));

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)] // every row, once a job: at tier 0 it costs a pass
    private static double[] MeasureNorms(DenseMatrix dense)
    {
        var norms = new double[dense.Rows];
        for (var i = 0; i < norms.Length; i++)
        {
            norms[i] = WideningKernels.SquaredNorm(dense.Row(i));
        }

        return norms;
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

    /// <summary>Adds a pass whose centers moved by <paramref name="drift"/> to the cumulative drifts.</summary>
    public void Advance(double[] drift)
    {
        var centers = (double[])CenterRise[^1].Clone();
        var groups = (double[])GroupRise[^1].Clone();
        var groupLargest = new double[Groups];
        var largest = 0.0;
        for (var j = 0; j < K; j++)
        {
            centers[j] += drift[j];
            groupLargest[GroupOf[j]] = Math.Max(groupLargest[GroupOf[j]], drift[j]);
            largest = Math.Max(largest, drift[j]);
        }

        for (var g = 0; g < Groups; g++)
        {
            groups[g] += groupLargest[g];
        }

        CenterRise.Add(centers);
        GroupRise.Add(groups);
        LargestRise.Add(LargestRise[^1] + largest);
    }

    /// <summary>
    /// How far a bound may have moved between an earlier pass and <see cref="Now"/>, given the two
    /// cumulative sums: their difference, rounded up by far more than the sums' own rounding.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public static double Rise(double now, double then) => now - then + (now * 1e-12);

    /// <summary>Records that the bounds now refer to <paramref name="centers"/> (copied: the caller may reuse its array).</summary>
    public void Settle(float[] centers) => Centers = (float[])centers.Clone();
}
