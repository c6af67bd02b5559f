using System.Runtime.CompilerServices;

namespace ShardML.Algorithms.LinearModels;

/// <summary>How an SGD step size η_t shrinks with the step count t = 0, 1, … (a step is one mini-batch update).</summary>
public enum LearningRateSchedule
{
    /// <summary>η_t = η₀.</summary>
    Constant = 0,

    /// <summary>η_t = η₀ / √(t + 1), scikit-learn's <c>invscaling</c> with power ½.</summary>
    InverseScaling = 1,

    /// <summary>
    /// η_t = η₀ / (1 + η₀ λ₂ t): Pegasos' 1/(λ (t + t₀)) (Shalev-Shwartz et al., 2007) with t₀ = 1/(η₀ λ₂) so it
    /// starts at η₀, as in Bottou (2012), eq. 10. Suited to strongly convex objectives; with λ₂ = 0 it is constant.
    /// </summary>
    Pegasos = 2,
}

/// <summary>A schedule with its constants: evaluates η_t.</summary>
/// <param name="Schedule">The schedule.</param>
/// <param name="Initial">η₀ &gt; 0.</param>
/// <param name="L2">λ₂, used by <see cref="LearningRateSchedule.Pegasos"/>.</param>
public readonly record struct LearningRate(LearningRateSchedule Schedule, double Initial, double L2)
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)] // once per SGD step, in the loop that must not call out
    public double At(long step) => Schedule switch
    {
        LearningRateSchedule.Constant => Initial,
        LearningRateSchedule.InverseScaling => Initial / Math.Sqrt(step + 1.0),
        LearningRateSchedule.Pegasos => Initial / (1 + (Initial * L2 * step)),
        _ => throw new InvalidOperationException($"unknown schedule {Schedule}"),
    };
}
