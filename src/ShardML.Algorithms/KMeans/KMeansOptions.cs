using ShardML.Core.Data;

namespace ShardML.Algorithms.KMeans;

/// <summary>How K-means is initialized.</summary>
public enum KMeansInitialization
{
    /// <summary>k-means|| (Bahmani et al., 2012), Spark's default: a few oversampling rounds, then k-means++ on the sample.</summary>
    Parallel = 0,

    /// <summary>k distinct rows chosen uniformly at random.</summary>
    Random = 1,

    /// <summary>The centers in <see cref="KMeansOptions.InitialCenters"/>.</summary>
    Given = 2,

    /// <summary>
    /// k centers drawn uniformly from the box [<see cref="KMeansOptions.UniformLowerBound"/>,
    /// <see cref="KMeansOptions.UniformUpperBound"/>]^d: a start that reads no row, for when rows must not reach the
    /// driver (secure aggregation).
    /// </summary>
    Uniform = 3,
}

/// <summary>
/// How each K-means iteration assigns rows to centers. All give Lloyd's assignments, so the same centers, bit for bit;
/// they differ in how many distances they compute and in the memory they keep on the partitions.
/// </summary>
public enum KMeansAlgorithm
{
    /// <summary>Every row against every center, every iteration (<see cref="LloydStep"/>). No memory beyond the data.</summary>
    Lloyd = 0,

    /// <summary>
    /// Lloyd's iteration with per-row distance bounds kept on the partitions (Hamerly 2010), so rows that cannot have
    /// changed cluster skip their distance computations (<see cref="BoundedLloydStep"/>). Dense data (CSR data runs
    /// Lloyd); 28 bytes of memory a row.
    /// </summary>
    Bounded = 1,

    /// <summary>
    /// Chosen per iteration (<see cref="KMeansIterationPolicy"/>): Lloyd for small k and while the centers still move
    /// far compared with their separation (the bounds would fail for most rows and only add cost), then Yinyang's
    /// bounds (<see cref="Yinyang"/>) for large k with many features, Hamerly's (<see cref="Bounded"/>) otherwise. The
    /// default; the thresholds are <see cref="KMeansIterationPolicy"/>'s. A switch starts the new algorithm's bounds
    /// afresh, so every iteration still assigns as Lloyd does.
    /// </summary>
    Auto = 2,

    /// <summary>
    /// Lloyd's iteration with Yinyang bounds (Ding et al. 2015, <see cref="YinyangStep"/>): the centers are cut into
    /// t ≈ k/10 groups and each row keeps an upper bound and one lower bound per group, so a row whose bounds fail is
    /// scored only against the groups that could hold a nearer center. Dense data (CSR data runs Lloyd);
    /// 32 + 4·t bytes of memory a row.
    /// </summary>
    Yinyang = 3,
}

/// <summary>When K-means has converged: how an iteration's center moves (<see cref="CenterMove"/>) meet <see cref="KMeansOptions.Tolerance"/>.</summary>
public enum KMeansConvergence
{
    /// <summary>No center moved farther than the tolerance (Spark MLlib's test).</summary>
    LargestMove = 0,

    /// <summary>
    /// The squared moves of all centers sum to at most the tolerance: scikit-learn's test, whose <c>tol</c> is relative —
    /// its threshold is <c>tol</c> × the features' mean variance, which is the tolerance to give here.
    /// </summary>
    SquaredMoves = 1,
}

/// <summary>K-means hyperparameters, with defaults in one place. <see cref="Validate"/> runs before any distributed work.</summary>
[MemoryPack.MemoryPackable]
public sealed partial record KMeansOptions
{
    /// <summary>The most starts <see cref="InitializationCount"/> allows: every pass carries R·k centers.</summary>
    public const int MaximumStarts = 100;

    public required int NumberOfClusters { get; init; }

    public int MaximumIterations { get; init; } = 100;

    /// <summary>Converged when no center moves farther than this (Euclidean distance) in an iteration; see <see cref="Convergence"/>.</summary>
    public double Tolerance { get; init; } = 1e-4;

    public ulong Seed { get; init; } = 42;

    public KMeansInitialization Initialization { get; init; } = KMeansInitialization.Parallel;

    /// <summary>k-means|| rounds (Spark's <c>initSteps</c>, default 2).</summary>
    public int InitializationSteps { get; init; } = 2;

    /// <summary>k-means|| oversampling factor: ℓ = factor × k rows expected per round (the paper's ℓ = 2k).</summary>
    public double OversamplingFactor { get; init; } = 2.0;

    /// <summary>The starting centers when <see cref="Initialization"/> is <see cref="KMeansInitialization.Given"/>.</summary>
    public IReadOnlyList<float[]>? InitialCenters { get; init; }

    /// <summary>
    /// How iterations assign rows: <see cref="KMeansAlgorithm.Auto"/> by default. Options saved before this member
    /// existed read as <see cref="KMeansAlgorithm.Lloyd"/> (zero), so a job resumed from them runs as it started.
    /// </summary>
    public KMeansAlgorithm Algorithm { get; init; } = KMeansAlgorithm.Auto;

    /// <summary>The lower end of every feature's range for <see cref="KMeansInitialization.Uniform"/>.</summary>
    public double? UniformLowerBound { get; init; }

    /// <summary>The upper end of every feature's range for <see cref="KMeansInitialization.Uniform"/>.</summary>
    public double? UniformUpperBound { get; init; }

    /// <summary>
    /// Differential privacy by DP-Lloyd: <see cref="MaximumIterations"/> noisy iterations, ε split evenly between them,
    /// rows clamped to the public bounds (required); null trains without it. δ is not used (pure ε-DP).
    /// </summary>
    public Privacy.DifferentialPrivacyOptions? Privacy { get; init; }

    /// <summary>
    /// How many starts (scikit-learn's <c>n_init</c>): R center sets iterate side by side, every Lloyd pass assigning
    /// each row for all of them (<see cref="MultiStartLloydStep"/>), and the one with the lowest inertia is kept. The
    /// first start is the one a single start gets. Last, so options saved before it still read.
    /// </summary>
    public int InitializationCount { get; init; } = 1;

    /// <summary>Which test <see cref="Tolerance"/> ends the iterations by. Last, so options saved before it read as <see cref="KMeansConvergence.LargestMove"/>.</summary>
    public KMeansConvergence Convergence { get; init; } = KMeansConvergence.LargestMove;

    /// <summary>Whether an iteration that moved the centers by <paramref name="move"/> ends the run.</summary>
    public bool HasConverged(CenterMove move) => Convergence switch
    {
        KMeansConvergence.SquaredMoves => move.SquaredTotal <= Tolerance,
        _ => move.Largest <= Tolerance,
    };

    /// <summary>
    /// How K-means reads <paramref name="data"/>: a label, when one is named, is ground truth only — read as class
    /// names (numbers compared by value) and set aside when it has too many values to be classes — and every other
    /// column is a feature. LibSVM rows always carry their label token.
    /// </summary>
    public static DatasetOptions DataFor(DatasetOptions data)
    {
        var labelled = data.Label is not null;
        return data with
        {
            HasLabel = labelled || (data.Format ?? DatasetPlanner.InferFormat(data.Path)) == DataFormat.LibSvm,
            CategoricalLabel = labelled,
            OptionalClasses = labelled,
        };
    }

    /// <summary>Returns the first problem with these options for data of <paramref name="dimension"/> features and <paramref name="rows"/> rows, or null.</summary>
    public string? Validate(int dimension, long rows)
    {
        if (Privacy is not null)
        {
            if (Privacy.Validate() is { } privacyProblem)
            {
                return privacyProblem;
            }

            if (Privacy.Noise == global::ShardML.Algorithms.Privacy.NoisePlacement.Distributed)
            {
                return "distributed noise (`Noise` = distributed) is for DP-SGD's Gaussian noise: private K-means (DP-Lloyd) adds Laplace noise on the driver, which this build does not split into shares";
            }

            if (Privacy.Bounds is null)
            {
                return "private K-means clamps rows into public feature bounds: give `Bounds`";
            }

            if (Initialization == KMeansInitialization.Parallel)
            {
                return "k-means|| samples rows into the centers, which a private model may not reveal: start from given centers or random ones in the bounds (`Initialization`)";
            }

            if (Algorithm is not (KMeansAlgorithm.Lloyd or KMeansAlgorithm.Auto))
            {
                return "private K-means runs plain Lloyd iterations (`Algorithm`)";
            }

            if (InitializationCount != 1)
            {
                return "private K-means runs one start: each more would spend privacy budget on its iterations (`InitializationCount`)";
            }
        }

        if (NumberOfClusters < 1)
        {
            return "the number of clusters `NumberOfClusters` must be at least 1";
        }

        if (NumberOfClusters > rows)
        {
            return $"k = {NumberOfClusters} is more than the {rows} rows of the data";
        }

        if (MaximumIterations < 1)
        {
            return "`MaximumIterations` must be at least 1";
        }

        if (!(Tolerance >= 0) || double.IsInfinity(Tolerance))
        {
            return "the tolerance `Tolerance` must be a finite number ≥ 0";
        }

        if (!Enum.IsDefined(Algorithm))
        {
            return $"unknown K-means algorithm {(int)Algorithm}: it is Auto, Lloyd, Bounded or Yinyang";
        }

        if (!Enum.IsDefined(Convergence))
        {
            return $"unknown K-means convergence test {(int)Convergence} (`Convergence`): it is LargestMove or SquaredMoves";
        }

        if (InitializationSteps < 1 || OversamplingFactor <= 0)
        {
            return "k-means|| needs at least one step (`InitializationSteps`) and a positive oversampling factor";
        }

        if (InitializationCount is < 1 or > MaximumStarts)
        {
            return $"the number of starts `InitializationCount` must be between 1 and {MaximumStarts}";
        }

        if (InitializationCount > 1 && Initialization == KMeansInitialization.Given)
        {
            return "given initial centers are one start: several starts (`InitializationCount`) need a k-means||, random or uniform start (`Initialization`)";
        }

        if (Initialization == KMeansInitialization.Uniform
            && !(UniformLowerBound is { } lower && UniformUpperBound is { } upper && double.IsFinite(lower) && double.IsFinite(upper) && lower < upper))
        {
            return "a uniform start (`Initialization`) needs finite bounds with `UniformLowerBound` < `UniformUpperBound`";
        }

        if (Initialization == KMeansInitialization.Given)
        {
            if (InitialCenters is null || InitialCenters.Count != NumberOfClusters)
            {
                return $"{InitialCenters?.Count ?? 0} initial centers were given for k = {NumberOfClusters}";
            }

            if (InitialCenters.Any(c => c.Length != dimension))
            {
                return $"every initial center must have {dimension} values, one per feature";
            }

            if (InitialCenters.Any(c => c.Any(v => !float.IsFinite(v))))
            {
                return "initial centers must be finite";
            }
        }

        return null;
    }
}
