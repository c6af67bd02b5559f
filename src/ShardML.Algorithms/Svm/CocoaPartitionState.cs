namespace ShardML.Algorithms.Svm;

/// <summary>
/// What CoCoA+ keeps with a partition's rows between rounds, in <see cref="Core.Data.Partition.State"/>: the dual
/// variables of its rows, their lineage, its share of w, and the rows' squared norms. It is a cache: when it is missing,
/// from another round or of another lineage than the driver accepted, <see cref="CocoaStep"/> rebuilds it from α = 0
/// (see <see cref="CocoaSolver"/> for why that is safe). The duals and their lineage are its only parts that carry
/// information between rounds, so they are what a checkpoint takes (<see cref="CocoaDualsStep"/>) and gives back
/// (<see cref="CocoaRestoreStep"/>).
/// </summary>
internal sealed class CocoaPartitionState
{
    public CocoaPartitionState(int rows, int outputs, int dimension, double[] squaredNorms)
        : this(new double[rows * outputs], outputs, dimension, squaredNorms)
    {
    }

    /// <summary>A state holding <paramref name="duals"/> (rows × m, row-major): a fresh one, or one restored from a checkpoint.</summary>
    public CocoaPartitionState(double[] duals, int outputs, int dimension, double[] squaredNorms)
    {
        Duals = duals;
        Contribution = new double[outputs * (dimension + 1)];
        SquaredNorms = squaredNorms;
    }

    /// <summary>The last round this state completed.</summary>
    public int Round { get; set; }

    /// <summary>The round in which these duals last started from β = 0 (see <see cref="CocoaLineage"/>).</summary>
    public int Origin { get; init; }

    /// <summary>βᵢ_c ∈ [0, 1] (LIBLINEAR's αᵢ/C), row-major: row i's outputs at i·m … i·m + m − 1.</summary>
    public double[] Duals { get; }

    /// <summary>
    /// w_k = 1/(λn) Σ_{i ∈ k} βᵢ yᵢ x̃ᵢ per output, in the coefficient layout; the driver's w is the sum of these. Summed
    /// afresh from the duals, in row order, at the start of every round, then moved by the round's dual steps: so it
    /// never drifts from the duals by more than one round's rounding, and it depends on the duals alone — which is what
    /// lets a checkpoint keep the duals only and a partition given them back continue with the same bits.
    /// </summary>
    public double[] Contribution { get; }

    /// <summary>‖x̃ᵢ‖² = ‖xᵢ‖² + 1 (the constant bias feature), by row.</summary>
    public double[] SquaredNorms { get; }
}
