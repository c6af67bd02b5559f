using ShardML.Core.Data;

namespace ShardML.Algorithms.NaiveBayes;

/// <summary>
/// Gaussian naive Bayes: each class k has a prior π_k and, per feature j, a normal density N(μ_kj, σ²_kj + ε); a row
/// is given the class of largest log π_k + Σ_j log N(x_j; μ_kj, σ²_kj + ε). ε = <see cref="VarianceSmoothing"/> × the
/// largest variance of any feature over all rows, which keeps a feature constant within a class from dividing by
/// zero (scikit-learn's <c>var_smoothing</c>, same default).
/// </summary>
[MemoryPack.MemoryPackable]
public sealed partial record GaussianNaiveBayesOptions
{
    /// <summary>The share of the largest feature variance added to every variance.</summary>
    public double VarianceSmoothing { get; init; } = 1e-9;

    /// <summary>More distinct labels than this is refused.</summary>
    public int MaximumClasses { get; init; } = 1000;

    /// <summary>Returns the first problem with these options, or null.</summary>
    public string? Validate() =>
        !(VarianceSmoothing >= 0) || double.IsInfinity(VarianceSmoothing) ? "`VarianceSmoothing` must be a finite number ≥ 0"
        : MaximumClasses < 2 ? "at least two classes must be allowed (`MaximumClasses`)"
        : null;

    /// <summary>How naive Bayes reads <paramref name="data"/>: with the label as class names.</summary>
    public static DatasetOptions DataFor(DatasetOptions data) => data with { HasLabel = true, CategoricalLabel = true, OptionalClasses = false };
}
