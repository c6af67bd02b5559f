using MemoryPack;

namespace ShardML.Algorithms.Privacy;

/// <summary>
/// <paramref name="Steps"/> applications of the Poisson-subsampled Gaussian mechanism: each step includes every
/// record independently with probability <paramref name="SampleRate"/> and adds N(0, σ²C²) noise to a sum whose
/// L2 sensitivity is C, σ being <paramref name="NoiseMultiplier"/>.
/// </summary>
[MemoryPackable]
public sealed partial record MechanismEntry(double NoiseMultiplier, double SampleRate, long Steps)
{
    /// <summary>The message that says what is wrong with these values, or null when they can be accounted.</summary>
    public string? Problem() =>
        !(NoiseMultiplier > 0) || double.IsPositiveInfinity(NoiseMultiplier) ? $"the noise multiplier must be a finite number > 0, not {NoiseMultiplier:R}"
        : !(SampleRate > 0 && SampleRate <= 1) ? $"the sample rate must be in (0, 1], not {SampleRate:R}"
        : Steps < 1 ? $"the number of steps must be at least 1, not {Steps}"
        : null;

    /// <summary>Throws <see cref="ArgumentException"/> with <see cref="Problem"/> when there is one.</summary>
    public void Validate()
    {
        if (Problem() is { } problem)
        {
            throw new ArgumentException(problem);
        }
    }
}
