namespace ShardML.Algorithms.Common;

/// <summary>Reported once per distributed pass: which phase, which iteration, and the loss so far.</summary>
/// <param name="Phase">What the pass is for: "initialization", "iteration", "finalization".</param>
/// <param name="Iteration">Iteration number, 1-based; 0 outside the iteration loop.</param>
/// <param name="MaximumIterations">The iteration cap.</param>
/// <param name="Loss">The objective at this point, or NaN when not known yet.</param>
public sealed record TrainingProgress(string Phase, int Iteration, int MaximumIterations, double Loss);
