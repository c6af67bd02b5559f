using System.CommandLine;
using ShardML.Cli.Help;
using ShardML.Core.Data;

namespace ShardML.Cli.Commands;

/// <summary>The options every data command shares, defined once.</summary>
internal sealed class CommonOptions
{
    public Option<FileInfo> Data { get; } = new Option<FileInfo>("--data", "-d")
    {
        Description = "The dataset: a CSV file with a header, a LibSVM file, or a .shard file from shardml convert",
        Required = true,
    }.InGroup(OptionGroup.Data);

    public Option<string?> Format { get; } = new Option<string?>("--format") { Description = "csv, libsvm or shard (default: from the file extension)" }.InGroup(OptionGroup.Data);

    public Option<string?> Label { get; } = new Option<string?>("--label")
    {
        Description = "Name of the label column (CSV; default: the last column when training, none for K-means, the model's label when evaluating)",
    }.InGroup(OptionGroup.Data);

    public Option<int?> Partitions { get; } = new Option<int?>("--partitions", "-p") { Description = "Number of partitions (default: 2 × the cluster's cores)" }.InGroup(OptionGroup.Data);

    public Option<ulong> Seed { get; } = new Option<ulong>("--seed") { Description = "Random seed; the same seed gives the same bits (default 42)", DefaultValueFactory = _ => 42 }.InGroup(OptionGroup.Algorithm, last: true);

    public Option<bool> Json { get; } = new Option<bool>("--json") { Description = "Print one JSON document on stdout; human output goes to stderr" }.InGroup(OptionGroup.Output);

    public Option<bool> Verbose { get; } = new Option<bool>("--verbose", "-v") { Description = "Log what the engine does to stderr" }.InGroup(OptionGroup.Output);

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

    /// <summary>Where the data is and how to read it, as the command line says; an algorithm then adds what it needs (its label's kind).</summary>
    public DatasetOptions DataOptions(ParseResult parse) => new()
    {
        Path = parse.GetRequiredValue(Data).FullName,
        Format = ParseFormat(parse.GetValue(Format)),
        Label = parse.GetValue(Label),
    };

    public static DataFormat? ParseFormat(string? value) =>
        value is null ? null : Choice.Parse(value, "--format", ("csv", DataFormat.Csv), ("libsvm", DataFormat.LibSvm), ("svmlight", DataFormat.LibSvm), ("shard", DataFormat.Shard));
}
