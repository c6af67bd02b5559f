namespace ShardML;

/// <summary>How <see cref="Tuning.TuneAsync{TModel}"/> measures and keeps candidates.</summary>
public sealed record TuningOptions
{
    /// <summary>The fraction of rows held out to measure each candidate (0.2), unless <see cref="Folds"/> is set.</summary>
    public double ValidationFraction { get; init; } = 0.2;

    /// <summary>K ≥ 2 measures each candidate by K-fold cross-validation instead; 0 (the default) holds out <see cref="ValidationFraction"/>.</summary>
    public int Folds { get; init; }

    /// <summary>The held-out metric to rank by; null for the model's first (accuracy, r2, inertia).</summary>
    public string? Metric { get; init; }

    /// <summary>Train the best candidate again on all rows (the default); false returns it as trained on the training split.</summary>
    public bool Refit { get; init; } = true;
}
