namespace ShardML.Algorithms.Privacy;

/// <summary>How <see cref="NoiseCalibration"/> searches, with Opacus' <c>get_noise_multiplier</c> defaults.</summary>
public sealed record NoiseCalibrationOptions
{
    public static NoiseCalibrationOptions Default { get; } = new();

    public AccountantKind Accountant { get; init; } = AccountantKind.Rdp;

    /// <summary>The search stops once the ε of the σ it returns is within this of the target (Opacus' <c>epsilon_tolerance</c>).</summary>
    public double EpsilonTolerance { get; init; } = 0.01;

    /// <summary>No larger σ is tried: a budget that needs more is refused (Opacus' <c>MAX_SIGMA</c>).</summary>
    public double MaximumNoiseMultiplier { get; init; } = 1e6;

    /// <summary>The PRV accountant's errors, when it is the one calibrated against.</summary>
    public PrvOptions Prv { get; init; } = PrvOptions.Default;

    public void Validate()
    {
        if (!(EpsilonTolerance > 0) || double.IsPositiveInfinity(EpsilonTolerance))
        {
            throw new ArgumentException($"the epsilon tolerance must be a finite number > 0, not {EpsilonTolerance:R}");
        }

        if (!(MaximumNoiseMultiplier > 0) || double.IsPositiveInfinity(MaximumNoiseMultiplier))
        {
            throw new ArgumentException($"the maximum noise multiplier must be a finite number > 0, not {MaximumNoiseMultiplier:R}");
        }

        Prv.Validate();
    }
}
