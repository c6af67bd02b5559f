namespace ShardML.Algorithms.LinearModels;

/// <summary>
/// The stopping rule the SGD solvers share: each epoch's mean mini-batch objective joins the history, and the run has
/// converged once an epoch's objective changed by at most the tolerance, relatively, from the epoch before (never
/// after the first epoch, and never with a tolerance of 0). A restored history continues where the checkpoint left it.
/// </summary>
internal sealed class EpochHistory(IEnumerable<double> restored, double tolerance)
{
    private readonly List<double> _objectives = [.. restored];

    /// <summary>Records an epoch's objective; true when it meets the tolerance.</summary>
    public bool Add(double objective)
    {
        var previous = _objectives.Count > 0 ? _objectives[^1] : double.NaN;
        _objectives.Add(objective);
        return tolerance > 0 && Math.Abs(previous - objective) <= tolerance * Math.Abs(previous);
    }

    public double[] ToArray() => [.. _objectives];
}
