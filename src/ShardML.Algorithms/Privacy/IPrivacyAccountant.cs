namespace ShardML.Algorithms.Privacy;

/// <summary>
/// Tracks what a job spends and says what it has spent. A DP-SGD trainer checks the budget before training
/// (<see cref="NoiseCalibration"/>), records each step it takes (or each epoch's worth at once) and saves
/// <see cref="State"/> with its checkpoints, so a resumed job continues the sum (<see cref="PrivacyAccountants.Restore"/>).
/// Not thread-safe: one driver records.
/// </summary>
public interface IPrivacyAccountant
{
    AccountantKind Kind { get; }

    /// <summary>Every step recorded so far, in order.</summary>
    PrivacyHistory History { get; }

    /// <summary>The kind and the history, for a checkpoint.</summary>
    AccountantState State { get; }

    /// <summary>Adds <paramref name="steps"/> steps of the subsampled Gaussian mechanism with noise multiplier σ and sample rate q.</summary>
    void Record(double noiseMultiplier, double sampleRate, long steps = 1);

    /// <summary>The smallest ε this accountant can prove for the history at <paramref name="delta"/> (0 for an empty history).</summary>
    PrivacySpent GetEpsilon(double delta);
}
