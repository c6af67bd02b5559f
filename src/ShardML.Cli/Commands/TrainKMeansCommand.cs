using System.CommandLine;
using ShardML.Algorithms.Jobs;
using ShardML.Algorithms.KMeans;
using ShardML.Core.Data;
using ShardML.Core.Data.Readers;
using ShardML.Core.Execution;

namespace ShardML.Cli.Commands;

/// <summary><c>shardml train kmeans</c>: distributed K-means (k-means|| or random or given start, then Lloyd).</summary>
internal sealed class TrainKMeansCommand : TrainCommandBase
{
    private readonly Option<int> _k = new("--k", "-k") { Description = "Number of clusters", Required = true };

    private readonly Option<string> _init = new("--init")
    {
        Description = "Initialization: kmeans|| (default), random, or a CSV file of starting centers with a header naming the features",
        DefaultValueFactory = _ => "kmeans||",
    };

    private readonly Option<int> _initSteps = new("--init-steps") { Description = "k-means|| rounds", DefaultValueFactory = _ => 2 };

    private readonly Option<string> _algorithm = new("--algorithm")
    {
        Description = "How iterations assign rows: lloyd (default), or bounded — the same centers, skipping rows whose distance bounds show they cannot change cluster (dense data; 28 bytes a row)",
        DefaultValueFactory = _ => "lloyd",
    };

    public TrainKMeansCommand(CommonOptions common)
        : base("kmeans", "Cluster the rows with distributed K-means. Without --label every column is a feature.", common)
    {
        Options.Add(_k);
        Options.Add(_init);
        Options.Add(_initSteps);
        Options.Add(_algorithm);
        var defaults = new KMeansOptions { NumberOfClusters = 1 };
        MaxIterations.Description = $"Maximum number of Lloyd iterations (default {defaults.MaximumIterations})";
        Tolerance.Description = $"Stop when no center moves farther than this distance in an iteration (default {defaults.Tolerance:G})";
        Options.Add(MaxIterations);
        Options.Add(Tolerance);
    }

    protected override string Algorithm => "kmeans";

    protected override DatasetOptions DataOptions(ParseResult parse)
    {
        var label = parse.GetValue(Common.Label);
        return new DatasetOptions
        {
            Path = parse.GetRequiredValue(Common.Data).FullName,
            Format = CommonOptions.ParseFormat(parse.GetValue(Common.Format)),
            Label = label,
            HasLabel = label is not null || CommonOptions.ParseFormat(parse.GetValue(Common.Format)) == DataFormat.LibSvm,
            CategoricalLabel = label is not null, // ground-truth classes for the adjusted Rand index: text, or numbers compared by value
            OptionalClasses = label is not null, // a label of too many values (an id, a measurement) is set aside, not refused
        };
    }

    protected override int IterationBudget(ParseResult parse) => parse.GetValue(MaxIterations) ?? new KMeansOptions { NumberOfClusters = 1 }.MaximumIterations;

    protected override ITrainingJob CreateJob(ParseResult parse, DatasetSchema schema)
    {
        var init = parse.GetValue(_init)!;
        var defaults = new KMeansOptions { NumberOfClusters = parse.GetValue(_k) };
        var options = defaults with
        {
            Seed = parse.GetValue(Common.Seed),
            MaximumIterations = parse.GetValue(MaxIterations) ?? defaults.MaximumIterations,
            Tolerance = parse.GetValue(Tolerance) ?? defaults.Tolerance,
            InitializationSteps = parse.GetValue(_initSteps),
            Algorithm = parse.GetValue(_algorithm)!.ToUpperInvariant() switch
            {
                "LLOYD" => KMeansAlgorithm.Lloyd,
                "BOUNDED" => KMeansAlgorithm.Bounded,
                var other => throw new UsageException($"--algorithm is lloyd or bounded, not '{other.ToLowerInvariant()}'"),
            },
        };
        options = init.ToUpperInvariant() switch
        {
            "KMEANS||" or "KMEANS-PARALLEL" or "PARALLEL" => options with { Initialization = KMeansInitialization.Parallel },
            "RANDOM" => options with { Initialization = KMeansInitialization.Random },
            _ => options with
            {
                Initialization = KMeansInitialization.Given,
                InitialCenters = MatrixCsvReader.Read(init, schema.FeatureNames),
            },
        };

        // What can be checked before the data is read is checked now, as a usage error; k against the row count waits for the load.
        if (schema.FeatureCount > 0 && options.Validate(schema.FeatureCount, long.MaxValue) is { } problem)
        {
            throw new UsageException(problem);
        }

        return new KMeansJob(options);
    }
}
