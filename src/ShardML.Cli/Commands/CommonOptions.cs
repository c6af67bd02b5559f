using System.CommandLine;
using ShardML.Core.Data;

namespace ShardML.Cli.Commands;

/// <summary>The options every data command shares, defined once.</summary>
internal sealed class CommonOptions
{
    public Option<FileInfo> Data { get; } = new("--data", "-d") { Description = "The dataset: a CSV file with a header, a LibSVM file, or a .shard file from shardml convert", Required = true };

    public Option<string?> Format { get; } = new("--format") { Description = "csv, libsvm or shard (default: from the file extension)" };

    public Option<string?> Label { get; } = new("--label") { Description = "Name of the label column (CSV; default: the last column when training, none for K-means, the model's label when evaluating)" };

    public Option<int?> Partitions { get; } = new("--partitions", "-p") { Description = "Number of partitions (default: 2 × the cluster's cores)" };

    public Option<ulong> Seed { get; } = new("--seed") { Description = "Random seed; the same seed gives the same bits", DefaultValueFactory = _ => 42 };

    public Option<bool> Json { get; } = new("--json") { Description = "Print one JSON document on stdout; human output goes to stderr" };

    public Option<bool> Verbose { get; } = new("--verbose", "-v") { Description = "Log what the engine does to stderr" };

    /// <summary>Where the command runs: the embedded silo, or a cluster.</summary>
    public Cluster.ConnectionOptions Connection { get; } = new();

    public void AddTo(Command command, bool withSeed = true)
    {
        command.Options.Add(Data);
        command.Options.Add(Format);
        command.Options.Add(Label);
        command.Options.Add(Partitions);
        if (withSeed)
        {
            command.Options.Add(Seed);
        }

        command.Options.Add(Json);
        command.Options.Add(Verbose);
        Connection.AddTo(command, withCluster: true);
    }

    public static DataFormat? ParseFormat(string? value) => value?.ToUpperInvariant() switch
    {
        null => null,
        "CSV" => DataFormat.Csv,
        "LIBSVM" or "SVMLIGHT" => DataFormat.LibSvm,
        "SHARD" => DataFormat.Shard,
        _ => throw new UsageException($"--format must be csv, libsvm or shard, not '{value}'"),
    };
}
