namespace ShardML.Bench.Privacy;

/// <summary>The privacy utility benchmark: one row per private trainer, beside the non-private model it stands for.</summary>
public sealed record PrivacyBenchReport(long Rows, long TestRows, double Epsilon, double Delta, int Partitions, IReadOnlyList<PrivacyUtilityRow> Results);

/// <summary>
/// One private trainer against its non-private counterpart on the same rows, measured on held-out rows.
/// </summary>
/// <param name="Model">logreg, linreg or kmeans.</param>
/// <param name="Mechanism">dp-sgd, adassp or dp-lloyd.</param>
/// <param name="Metric">What <paramref name="Private"/> and <paramref name="NonPrivate"/> are: accuracy, r2, mse, inertia (per row) or ari.</param>
/// <param name="Private">The private model's value.</param>
/// <param name="NonPrivate">The non-private model's value.</param>
/// <param name="EpsilonSpent">ε the private model reports spent.</param>
/// <param name="Setup">How the private model was trained (σ, C, q, steps, iterations).</param>
/// <param name="Seconds">Wall time of the private training.</param>
public sealed record PrivacyUtilityRow(string Model, string Mechanism, string Metric, double Private, double NonPrivate, double EpsilonSpent, string Setup, double Seconds)
{
    /// <summary>K-means: non-private Lloyd from the private run's start, for as many iterations; null for the others.</summary>
    public double? NonPrivateSameStart { get; init; }

    /// <summary>Private minus non-private.</summary>
    public double Difference => Private - NonPrivate;
}
