using MemoryPack;

namespace ShardML.Algorithms.LinearModels;

/// <summary>Gradient descent between iterations, in the solver's coordinates (per output, the weights then the intercept), to the bit.</summary>
/// <param name="Dimension">d.</param>
/// <param name="Outputs">m (1: gradient descent fits a regression).</param>
/// <param name="Theta">The point to evaluate next.</param>
/// <param name="Accepted">The last point whose loss was accepted.</param>
/// <param name="AcceptedGradient">The gradient at <paramref name="Accepted"/>.</param>
/// <param name="AcceptedLoss">The objective at <paramref name="Accepted"/>.</param>
/// <param name="Rate">The current learning rate (halved each time the objective rose).</param>
/// <param name="Halvings">Times the rate was halved.</param>
/// <param name="Iteration">Passes done.</param>
/// <param name="Converged">True when the gradient norm reached the tolerance.</param>
/// <param name="LossHistory">Accepted objectives so far.</param>
[MemoryPackable]
public sealed partial record GradientDescentState(
    int Dimension,
    int Outputs,
    double[] Theta,
    double[] Accepted,
    double[] AcceptedGradient,
    double AcceptedLoss,
    double Rate,
    int Halvings,
    int Iteration,
    bool Converged,
    double[] LossHistory)
    : ILinearSolverState;
