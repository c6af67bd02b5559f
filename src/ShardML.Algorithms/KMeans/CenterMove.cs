namespace ShardML.Algorithms.KMeans;

/// <summary>
/// How far an update moved the centers: the largest single move, and the sum of the squared moves (scikit-learn's
/// <c>center_shift_tot</c>) — the two quantities a convergence test (<see cref="KMeansConvergence"/>) compares with the
/// tolerance.
/// </summary>
public readonly record struct CenterMove(double Largest, double SquaredTotal)
{
    /// <summary>This move with one more center's, given as its squared distance.</summary>
    public CenterMove With(double squaredDistance) => new(Math.Max(Largest, Math.Sqrt(squaredDistance)), SquaredTotal + squaredDistance);
}
