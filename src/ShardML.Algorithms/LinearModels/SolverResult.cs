using ShardML.Algorithms.Models;

namespace ShardML.Algorithms.LinearModels;

/// <summary>What a solver hands back to <see cref="LinearModelTrainer"/>.</summary>
/// <param name="Coefficients">Raw coefficients, m × (d + 1).</param>
/// <param name="Iterations">Iterations (L-BFGS), rounds (CoCoA+) or epochs (SGD) run.</param>
/// <param name="Converged">True when the tolerance was met.</param>
/// <param name="LossHistory">The objective per iteration, round or epoch (an estimate for SGD: the mean mini-batch objective).</param>
/// <param name="FinalLoss">The exact objective of the returned model.</param>
/// <param name="Notes">Things the user should know.</param>
internal sealed record SolverResult(double[] Coefficients, int Iterations, bool Converged, double[] LossHistory, double FinalLoss, string[] Notes)
{
    public CommunicationSummary? Communication { get; init; }

    public double? RelativeDualityGap { get; init; }

    /// <summary>The standardization the solver worked in when it chose its own (the normal equations'); null to keep the trainer's.</summary>
    public FeatureScaling? Scaling { get; init; }

    /// <summary>What a differentially private solver spent; null otherwise.</summary>
    public Privacy.PrivacyReport? Privacy { get; init; }

    /// <summary>True when an update would have made the coefficients non-finite and the solver stopped: the iterates diverged.</summary>
    public bool Diverged { get; init; }
}
