namespace ShardML.Algorithms.Privacy;

/// <summary>A target (ε, δ): ε finite and &gt; 0, δ in (0, 1).</summary>
public sealed record PrivacyBudget(double Epsilon, double Delta)
{
    public void Validate()
    {
        if (!(Epsilon > 0) || double.IsPositiveInfinity(Epsilon))
        {
            throw new ArgumentException($"the target epsilon must be a finite number > 0, not {Epsilon:R}");
        }

        PrivacyChecks.Delta(Delta);
    }
}
