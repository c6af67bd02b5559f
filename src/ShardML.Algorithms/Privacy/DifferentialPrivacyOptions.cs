namespace ShardML.Algorithms.Privacy;

/// <summary>
/// Differentially private training by DP-SGD (Abadi et al. 2016): every step samples each row independently with
/// probability q (Poisson), clips each row's gradient to norm <see cref="ClipNorm"/>, sums, adds Gaussian noise
/// N(0, σ²C²I) once and divides by the expected batch size qN. The guarantee is for each training row in the released
/// model, at (<see cref="Epsilon"/>, <see cref="Delta"/>) as the chosen accountant proves it; σ is calibrated from the
/// budget unless <see cref="NoiseMultiplier"/> is given. The number of rows N and the class names are treated as public.
/// </summary>
[MemoryPack.MemoryPackable]
public sealed partial record DifferentialPrivacyOptions
{
    /// <summary>ε of the promise; with a given <see cref="NoiseMultiplier"/>, the most the job may spend (it is refused above).</summary>
    public double Epsilon { get; init; } = 1;

    /// <summary>δ of the promise; should be well below 1/N.</summary>
    public double Delta { get; init; } = 1e-5;

    /// <summary>C: every row's gradient (all outputs together, the intercepts included) is scaled down to at most this norm.</summary>
    public double ClipNorm { get; init; } = 1;

    /// <summary>σ; null calibrates the smallest that meets (ε, δ) for the job's sample rate and steps.</summary>
    public double? NoiseMultiplier { get; init; }

    public AccountantKind Accountant { get; init; } = AccountantKind.Rdp;

    /// <summary>
    /// For tests only: draws the noise from a seeded generator instead of the operating system's cryptographic one.
    /// Anyone who knows the seed can subtract the noise, so a model trained with it says so and protects nothing.
    /// </summary>
    public ulong? TestSeed { get; init; }

    /// <summary>
    /// Public bounds per feature (lower, upper), the only way to standardize under DP without spending budget on the
    /// data's means and variances: a feature is shifted by the middle of its bounds and scaled by half their width.
    /// </summary>
    public FeatureBounds? Bounds { get; init; }

    /// <summary>Public bounds of a regression's label, (lower, upper): linear regression by the noisy normal equations (AdaSSP) clips labels to them.</summary>
    public double[]? LabelBounds { get; init; }

    /// <summary>
    /// Where DP-SGD's noise is added: on the driver (default), or in shares on the partitions before secure aggregation
    /// masks their sums (<see cref="NoisePlacement.Distributed"/>), so that no node holds a noise-free total.
    /// </summary>
    public NoisePlacement Noise { get; init; } = NoisePlacement.Driver; // last: MemoryPack reads older records without it

    /// <summary>Returns the first problem with these options, or null.</summary>
    public string? Validate() =>
        !(Epsilon > 0) || double.IsInfinity(Epsilon) ? "ε (`Epsilon`) must be a finite number > 0"
        : !(Delta > 0 && Delta < 1) ? "δ (`Delta`) must be between 0 and 1"
        : !(ClipNorm > 0) || double.IsInfinity(ClipNorm) ? "the clipping norm `ClipNorm` must be a finite number > 0"
        : NoiseMultiplier is { } sigma && (!(sigma > 0) || double.IsInfinity(sigma)) ? "the noise multiplier `NoiseMultiplier` must be a finite number > 0"
        : !Enum.IsDefined(Accountant) ? $"the accountant {(int)Accountant} is not one this build knows"
        : LabelBounds is { } label && (label.Length != 2 || !double.IsFinite(label[0]) || !double.IsFinite(label[1]) || !(label[1] > label[0]))
            ? "the label bounds `LabelBounds` must be two finite numbers, the upper above the lower"
        : !Enum.IsDefined(Noise) ? $"the noise placement {(int)Noise} is not one this build knows"
        : Bounds?.Problem();
}
