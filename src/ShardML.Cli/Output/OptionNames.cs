using System.Text.RegularExpressions;

namespace ShardML.Cli.Output;

/// <summary>
/// The library names its options in messages as <c>`Name`</c> (an options record's property); the CLI shows the flag
/// that sets it instead, so a message tells each audience what to change in its own terms.
/// </summary>
internal static partial class OptionNames
{
    private static readonly Dictionary<string, string> Flags = new(StringComparer.Ordinal)
    {
        ["L1"] = "--l1",
        ["L2"] = "--l2",
        ["LearningRate"] = "--learning-rate",
        ["Schedule"] = "--schedule",
        ["BatchSize"] = "--batch-size",
        ["LocalSteps"] = "--local-steps",
        ["LocalEpochs"] = "--local-steps",
        ["Epochs"] = "--epochs",
        ["MaximumIterations"] = "--max-iter",
        ["Tolerance"] = "--tol",
        ["Standardize"] = "--standardize",
        ["Solver"] = "--solver",
        ["Loss"] = "--loss",
        ["RowOrder"] = "--row-order",
        ["Averaged"] = "--averaged",
        ["Binary"] = "--binary",
        ["PositiveClass"] = "--positive-class",
        ["Multiclass"] = "--multiclass",
        ["Preconditioner"] = "--preconditioner",
        ["Seed"] = "--seed",
        ["ValidationFraction"] = "--validation-fraction",
        ["Folds"] = "--folds",
        ["Metric"] = "--metric",
        ["Refit"] = "--out",
        ["NumberOfClusters"] = "--k",
        ["Initialization"] = "--init",
        ["InitializationSteps"] = "--init-steps",
        ["InitializationCount"] = "--n-init",
        ["InitialCenters"] = "--init",
        ["UniformLowerBound"] = "--init uniform:LOW:HIGH",
        ["UniformUpperBound"] = "--init uniform:LOW:HIGH",
        ["SecureAggregation"] = "--secure-aggregation",
        ["DataRoots"] = "--data-root",
        ["AllowAnyPath"] = "--allow-any-path",
        ["Access"] = "--access",
        ["SiloPort"] = "--silo-port",
        ["KeyPath"] = "--key",
        ["GatewayPort"] = "--gateway-port",
        ["Algorithm"] = "--algorithm",
        ["Convergence"] = "--convergence",
        ["Label"] = "--label",
        ["Format"] = "--format",
        ["Separator"] = "--separator",
        ["HasHeader"] = "--no-header",
        ["SkipLines"] = "--skip-lines",
        ["Features"] = "--features",
        ["Ignore"] = "--ignore",
        ["Partitions"] = "--partitions",
        ["MemoryCheck"] = "--no-memory-check",
        ["VarianceSmoothing"] = "--var-smoothing",
        ["Epsilon"] = "--dp-epsilon",
        ["Delta"] = "--dp-delta",
        ["ClipNorm"] = "--clip-norm",
        ["NoiseMultiplier"] = "--noise-multiplier",
        ["TestSeed"] = "--dp-test-seed",
        ["Noise"] = "--dp-noise",
        ["Bounds"] = "--feature-bounds",
        ["LabelBounds"] = "--label-bounds",
        ["Missing"] = "--missing",
        ["MaximumCategories"] = "--max-categories",
        ["HashBuckets"] = "--hash-buckets",
        ["Categorical"] = "--categorical",
        ["Classes"] = "--classes",
        ["Keep"] = "--keep",
    };

    /// <summary>
    /// <paramref name="message"/> with each <c>`Name`</c> replaced by its flag (or by the bare name when it has none), and
    /// the library's <c>`Name` = value</c> written as a command line says it, <c>--flag value</c>.
    /// </summary>
    public static string ToFlags(string message) =>
        Quoted().Replace(message, m => (Flags.TryGetValue(m.Groups[1].Value, out var flag) ? flag : m.Groups[1].Value) + (m.Groups[2].Success ? " " : string.Empty));

    [GeneratedRegex("`([A-Za-z][A-Za-z0-9]*)`( = )?")]
    private static partial Regex Quoted();
}
