using MemoryPack;
using ShardML.Algorithms.Privacy;

namespace ShardML.Algorithms.LinearModels;

/// <summary>
/// DP-SGD after a step, to the bit: θ, the steps taken, σ, and the accountant's history, so a resumed job continues
/// spending from where it stopped, never from zero. With the operating system's noise a resumed job draws fresh noise
/// for the steps after its checkpoint; the steps before it keep theirs, in θ.
/// </summary>
/// <param name="Dimension">d.</param>
/// <param name="Outputs">m.</param>
/// <param name="Iteration">Steps done.</param>
/// <param name="Theta">θ in the solver's coordinates.</param>
/// <param name="NoiseMultiplier">σ, fixed for the job when it started.</param>
/// <param name="Spent">The accountant's history so far.</param>
[MemoryPackable]
public sealed partial record DpSgdState(int Dimension, int Outputs, int Iteration, double[] Theta, double NoiseMultiplier, AccountantState Spent) : ILinearSolverState;
