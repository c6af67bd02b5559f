using MemoryPack;

namespace ShardML.Algorithms.LinearRegression;

/// <summary>Gradient descent between iterations, in standardized coordinates (weights then the intercept), to the bit.</summary>
/// <param name="Theta">The point to evaluate next.</param>
/// <param name="Accepted">The last point whose loss was accepted.</param>
/// <param name="AcceptedGradient">The gradient at <paramref name="Accepted"/>.</param>
/// <param name="AcceptedLoss">The loss at <paramref name="Accepted"/>.</param>
/// <param name="Rate">The current learning rate (halved each time the loss rose).</param>
/// <param name="Halvings">Times the rate was halved.</param>
/// <param name="Iteration">Passes done.</param>
/// <param name="Converged">True when the gradient norm reached the tolerance.</param>
/// <param name="LossHistory">Accepted losses so far.</param>
/// <param name="ScalingMean">The standardization's shift.</param>
/// <param name="ScalingScale">The standardization's scale.</param>
[MemoryPackable]
public sealed partial record GradientDescentState(
    double[] Theta,
    double[] Accepted,
    double[] AcceptedGradient,
    double AcceptedLoss,
    double Rate,
    int Halvings,
    int Iteration,
    bool Converged,
    double[] LossHistory,
    double[] ScalingMean,
    double[] ScalingScale);
