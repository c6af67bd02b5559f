namespace ShardML.Algorithms.Privacy;

/// <summary>How exact the PRV accountant is, and how much memory it may take for it.</summary>
public sealed record PrvOptions
{
    /// <summary>The largest grid allowed by default, 2²⁴ points; memory grows with it (docs/PRIVACY.md).</summary>
    public const int DefaultMaximumGridPoints = 1 << 24;

    public static PrvOptions Default { get; } = new();

    /// <summary>The ε error the discretization may make; the ε reported is the estimate plus it (Opacus' <c>eps_error</c>, 0.01).</summary>
    public double EpsilonError { get; init; } = 0.01;

    /// <summary>The δ error the truncation and discretization may make; δ/1000 when null (Opacus' default).</summary>
    public double? DeltaError { get; init; }

    public int MaximumGridPoints { get; init; } = DefaultMaximumGridPoints;

    public void Validate()
    {
        if (!(EpsilonError > 0) || double.IsPositiveInfinity(EpsilonError))
        {
            throw new ArgumentException($"the PRV epsilon error must be a finite number > 0, not {EpsilonError:R}");
        }

        if (DeltaError is { } deltaError && !(deltaError > 0 && deltaError < 1))
        {
            throw new ArgumentException($"the PRV delta error must be in (0, 1), not {deltaError:R}");
        }

        if (MaximumGridPoints < 2)
        {
            throw new ArgumentException($"the PRV grid needs at least 2 points, not {MaximumGridPoints}");
        }
    }
}
