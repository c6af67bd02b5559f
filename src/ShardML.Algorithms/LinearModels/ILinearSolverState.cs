namespace ShardML.Algorithms.LinearModels;

/// <summary>
/// What every linear solver's checkpoint says about the model it belongs to, so a checkpoint of other data (another
/// feature count, other classes) is refused before its numbers are used (see <see cref="SolverCheckpoints"/>).
/// </summary>
public interface ILinearSolverState
{
    /// <summary>d, the features the coefficients are over.</summary>
    int Dimension { get; }

    /// <summary>m, the weight vectors: 1 for regression and binary problems, k for one-vs-rest.</summary>
    int Outputs { get; }

    /// <summary>The solver's outer iterations done (epochs, iterations or rounds): the iteration the checkpoint follows.</summary>
    int Iteration { get; }
}
