using System.CommandLine;
using ShardML.Algorithms.KMeans;
using ShardML.Cli.Help;
using ShardML.Core.Data;
using ShardML.Core.Data.Readers;
using ShardML.Core.Execution;

namespace ShardML.Cli.Commands.Train;

/// <summary><c>shardml train kmeans</c>: distributed K-means (k-means|| or random or given start, then Lloyd).</summary>
internal sealed class TrainKMeansCommand : TrainCommandBase
{
    private readonly Option<int> _k = new Option<int>("--k", "-k") { Description = "Number of clusters", Required = true }.InGroup(OptionGroup.Algorithm);

    private readonly Option<string> _init = new Option<string>("--init")
    {
        Description = "Initialization: kmeans|| (default), random, uniform:LOW:HIGH (centers drawn in [LOW, HIGH] for every feature, reading no row), or a CSV file of starting centers with a header naming the features",
        DefaultValueFactory = _ => "kmeans||",
    }.InGroup(OptionGroup.Algorithm);

    private readonly Option<int> _initSteps = new Option<int>("--init-steps") { Description = "k-means|| rounds (default 2)", DefaultValueFactory = _ => 2 }.InGroup(OptionGroup.Algorithm);

    private readonly Option<int> _starts = new Option<int>("--n-init")
    {
        Description = "Starts (default 1): R center sets iterate together, every pass assigning each row for all of them, and the one with the lowest inertia is kept",
        DefaultValueFactory = _ => 1,
    }.InGroup(OptionGroup.Algorithm);

    private readonly Option<string> _algorithm = new Option<string>("--algorithm")
    {
        Description = "How iterations assign rows, all giving the same centers: auto (default: lloyd while centers move far, then bounded, or yinyang for k ≥ 128 with d ≥ 128), lloyd, bounded (Hamerly's bounds: skips rows that cannot change cluster and reuses the sums of rows that kept theirs; 28 bytes a row and up to an eighth of the data) or yinyang (a bound per group of ~10 centers: scores only the groups that could hold a nearer center; 32 + 4·t bytes a row, t ≈ k/10 rounded up to 8, and kept sums as bounded). Dense data; sparse rows run lloyd",
        DefaultValueFactory = _ => "auto",
    }.InGroup(OptionGroup.Algorithm);

    private readonly Option<string> _convergence = new Option<string>("--convergence")
    {
        Description = "Which test --tol ends the iterations by: move (default: no center moved farther than --tol) or squared-moves (the centers' squared moves sum to at most --tol: scikit-learn's test, whose relative tol is this --tol divided by the features' mean variance)",
        DefaultValueFactory = _ => "move",
    }.InGroup(OptionGroup.Algorithm);

    private readonly PrivacyOptionSet _privacy = new();

    public TrainKMeansCommand(CommonOptions common)
        : base("kmeans", "Cluster the rows with distributed K-means. Without --label every column is a feature.", common)
    {
        Options.Add(_k);
        Options.Add(_init);
        Options.Add(_initSteps);
        Options.Add(_starts);
        Options.Add(_algorithm);
        var defaults = new KMeansOptions { NumberOfClusters = 1 };
        MaxIterations.Description = $"Maximum number of Lloyd iterations (default {defaults.MaximumIterations})";
        Tolerance.Description = $"Stop when no center moves farther than this distance in an iteration (default {defaults.Tolerance:G}; see --convergence)";
        Options.Add(MaxIterations);
        Options.Add(Tolerance);
        Options.Add(_convergence);
        _privacy.AddTo(this, gradient: false, labelBounds: false);
    }

    protected override DatasetOptions DataOptions(ParseResult parse) => KMeansOptions.DataFor(Common.DataOptions(parse));

    protected override int IterationBudget(ParseResult parse) => parse.GetValue(MaxIterations) ?? new KMeansOptions { NumberOfClusters = 1 }.MaximumIterations;

    protected override ITrainingJob CreateJob(ParseResult parse, DatasetSchema schema)
    {
        var privacy = _privacy.Parse(parse);
        // A private start may not read rows: without --init, random centers in the public bounds.
        var init = privacy is not null && parse.GetResult(_init) is null or { Implicit: true } ? "random" : parse.GetValue(_init)!;
        var defaults = new KMeansOptions { NumberOfClusters = parse.GetValue(_k) };
        var options = defaults with
        {
            Seed = parse.GetValue(Common.Seed),
            MaximumIterations = parse.GetValue(MaxIterations) ?? defaults.MaximumIterations,
            Tolerance = parse.GetValue(Tolerance) ?? defaults.Tolerance,
            InitializationSteps = parse.GetValue(_initSteps),
            InitializationCount = parse.GetValue(_starts),
            Algorithm = Choice.Parse(
                parse.GetValue(_algorithm)!, "--algorithm", ("auto", KMeansAlgorithm.Auto), ("lloyd", KMeansAlgorithm.Lloyd), ("bounded", KMeansAlgorithm.Bounded), ("yinyang", KMeansAlgorithm.Yinyang)),
            Convergence = Choice.Parse(
                parse.GetValue(_convergence)!, "--convergence", ("move", KMeansConvergence.LargestMove), ("squared-moves", KMeansConvergence.SquaredMoves)),
            Privacy = privacy,
        };
        options = init.ToUpperInvariant() switch
        {
            "KMEANS||" or "KMEANS-PARALLEL" or "PARALLEL" => options with { Initialization = KMeansInitialization.Parallel },
            "RANDOM" => options with { Initialization = KMeansInitialization.Random },
            var u when u.StartsWith("UNIFORM:", StringComparison.Ordinal) => Uniform(options, init),
            _ when schema.NeedsPreparation => throw new UsageException(
                "--init FILE names the features, and text columns are one-hot encoded into features only when the data loads: use --init kmeans|| or random"),
            _ => options with
            {
                Initialization = KMeansInitialization.Given,
                InitialCenters = MatrixCsvReader.Read(init, schema.FeatureNames),
            },
        };

        // What can be checked before the data is read is checked now, as a usage error; k against the row count waits for the load.
        if (schema.FeatureCount > 0 && !schema.NeedsPreparation && options.Validate(schema.FeatureCount, long.MaxValue) is { } problem)
        {
            throw new UsageException(Output.OptionNames.ToFlags(problem));
        }

        return new KMeansJob(options);
    }

    /// <summary><c>uniform:LOW:HIGH</c>: centers uniform in [LOW, HIGH] on every feature.</summary>
    private static KMeansOptions Uniform(KMeansOptions options, string init)
    {
        var parts = init.Split(':');
        return parts.Length == 3
            && double.TryParse(parts[1], System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var low)
            && double.TryParse(parts[2], System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var high)
            ? options with { Initialization = KMeansInitialization.Uniform, UniformLowerBound = low, UniformUpperBound = high }
            : throw new UsageException($"--init '{init}': write a uniform start as uniform:LOW:HIGH, e.g. uniform:-10:10");
    }
}
