using System.CommandLine;
using ShardML.Cli.Engine;
using ShardML.Cli.Help;
using ShardML.Core.Data;
using ShardML.Core.Data.Preprocessing;

namespace ShardML.Cli.Commands;

/// <summary>The options every data command shares, defined once.</summary>
internal sealed class CommonOptions
{
    public Option<FileInfo> Data { get; } = new Option<FileInfo>("--data", "-d")
    {
        Description = "The dataset: a CSV or TSV file, a LibSVM file (either may be gzip-compressed: data.csv.gz), a .shard file from shardml convert, a Parquet file, or a directory of Parquet part files",
        Required = true,
    }.InGroup(OptionGroup.Data);

    public Option<string?> Format { get; } = new Option<string?>("--format") { Description = "csv, libsvm, shard or parquet (default: from the file extension, the one before .gz for a compressed file; a directory is parquet)" }.InGroup(OptionGroup.Data);

    public Option<string?> Label { get; } = new Option<string?>("--label")
    {
        Description = "Name of the label column (default: the last column not ignored when training, none for K-means, the model's label when evaluating)",
    }.InGroup(OptionGroup.Data);

    public Option<string?> Separator { get; } = new Option<string?>("--separator")
    {
        Description = "CSV field separator: ',', ';', '|' or tab ('tab' or '\\t') (default: tab for .tsv, else comma)",
    }.InGroup(OptionGroup.Data);

    public Option<bool> NoHeader { get; } = new Option<bool>("--no-header")
    {
        Description = "CSV: the first line is data; columns are named by position c0, c1, … (use those names with --label, --features, --ignore)",
    }.InGroup(OptionGroup.Data);

    public Option<int> SkipLines { get; } = new Option<int>("--skip-lines")
    {
        Description = "CSV: lines to pass over before the header (or the data, with --no-header): a title, a row count, a licence",
    }.InGroup(OptionGroup.Data);

    public Option<string?> Features { get; } = new Option<string?>("--features")
    {
        Description = "Comma-separated columns to train on, in this order (CSV, Parquet, .shard); every other column but the label is not read",
    }.InGroup(OptionGroup.Data);

    public Option<string?> Ignore { get; } = new Option<string?>("--ignore")
    {
        Description = "Comma-separated columns not to read, such as an id or a date (CSV, Parquet, .shard)",
    }.InGroup(OptionGroup.Data);

    public Option<string?> Missing { get; } = new Option<string?>("--missing")
    {
        Description = "What a missing value (empty, NA, NaN, null) does: error (the default), drop its row, or fill it with its column's mean, median or most-frequent value, learned from the training data and kept in the model",
    }.InGroup(OptionGroup.Data);

    public Option<int?> MaxCategories { get; } = new Option<int?>("--max-categories")
    {
        Description = $"A text column is one-hot encoded with at most this many of its most frequent values; the others share one 'column=<other>' feature (default {DatasetOptions.DefaultMaximumCategories:N0})",
    }.InGroup(OptionGroup.Data);

    public Option<int?> HashBuckets { get; } = new Option<int?>("--hash-buckets")
    {
        Description = "Hash a text column with more than --max-categories values into this many buckets instead (XxHash32 of its UTF-8 text)",
    }.InGroup(OptionGroup.Data);

    public Option<string?> Categorical { get; } = new Option<string?>("--categorical")
    {
        Description = "Comma-separated columns of numbers to one-hot encode as categories (a zip code); a column of text is encoded without asking",
    }.InGroup(OptionGroup.Data);

    public Option<string?> Classes { get; } = new Option<string?>("--classes")
    {
        Description = "Comma-separated classes to expect: the label must be one of them, and a numeric label with many values is accepted as classes",
    }.InGroup(OptionGroup.Data);

    public Option<int?> Partitions { get; } = new Option<int?>("--partitions", "-p")
    {
        Description = "Number of partitions (default: 2 × the cluster's cores; Parquet: at most one per row group)",
    }.InGroup(OptionGroup.Data);

    public Option<ulong> Seed { get; } = new Option<ulong>("--seed") { Description = "Random seed; the same seed gives the same bits (default 42)", DefaultValueFactory = _ => 42 }.InGroup(OptionGroup.Algorithm, last: true);

    public Option<bool> Json { get; } = new Option<bool>("--json") { Description = "Print one JSON document on stdout; human output goes to stderr" }.InGroup(OptionGroup.Output);

    public Option<bool> Verbose { get; } = new Option<bool>("--verbose", "-v") { Description = "Log what ShardML does (jobs, passes, partitions) to stderr" }.InGroup(OptionGroup.Output);

    public Option<bool> VeryVerbose { get; } = new Option<bool>("-vv") { Description = "Log Orleans' details too (its configuration, membership, messaging)" }.InGroup(OptionGroup.Output);

    public Option<string?> LogLevel { get; } = new Option<string?>("--log-level")
    {
        Description = "One level for every log source, Orleans' included: trace, debug, information, warning, error, critical or none",
    }.InGroup(OptionGroup.Output);

    /// <summary>Where the command runs: the embedded silo, or a cluster.</summary>
    public Cluster.ConnectionOptions Connection { get; } = new();

    public void AddTo(Command command, bool withSeed = true)
    {
        AddDataTo(command);
        command.Options.Add(Partitions);
        if (withSeed)
        {
            command.Options.Add(Seed);
        }

        command.Options.Add(Json);
        AddLoggingTo(command);
        Connection.AddTo(command, withCluster: true);
    }

    /// <summary>The options that say how much to log: --verbose, -vv and --log-level.</summary>
    public void AddLoggingTo(Command command)
    {
        command.Options.Add(Verbose);
        command.Options.Add(VeryVerbose);
        command.Options.Add(LogLevel);
    }

    /// <summary>The options of training data's preprocessing: missing values and categories.</summary>
    public void AddPreprocessingTo(Command command)
    {
        command.Options.Add(Missing);
        command.Options.Add(MaxCategories);
        command.Options.Add(HashBuckets);
        command.Options.Add(Categorical);
    }

    /// <summary>How much the command logs, as --verbose, -vv and --log-level say.</summary>
    public LogVerbosity Verbosity(ParseResult parse) => new(
        parse.GetValue(VeryVerbose) ? 2 : parse.GetValue(Verbose) ? 1 : 0,
        parse.GetValue(LogLevel) is { } level
            ? Choice.Parse(
                level, "--log-level", ("trace", Microsoft.Extensions.Logging.LogLevel.Trace), ("debug", Microsoft.Extensions.Logging.LogLevel.Debug),
                ("information", Microsoft.Extensions.Logging.LogLevel.Information), ("info", Microsoft.Extensions.Logging.LogLevel.Information),
                ("warning", Microsoft.Extensions.Logging.LogLevel.Warning), ("error", Microsoft.Extensions.Logging.LogLevel.Error),
                ("critical", Microsoft.Extensions.Logging.LogLevel.Critical), ("none", Microsoft.Extensions.Logging.LogLevel.None))
            : null);

    /// <summary><paramref name="data"/> with the training command's choices about missing values and categories.</summary>
    public DatasetOptions WithPreprocessing(ParseResult parse, DatasetOptions data) => data with
    {
        Missing = parse.GetValue(Missing) is { } missing ? ParseMissing(missing) : MissingValues.Error,
        MaximumCategories = parse.GetValue(MaxCategories) ?? DatasetOptions.DefaultMaximumCategories,
        HashBuckets = parse.GetValue(HashBuckets) is { } buckets
            ? buckets >= 1 ? buckets : throw new UsageException($"--hash-buckets must be at least 1, not {buckets}")
            : 0,
        Categorical = ParseNames(parse.GetValue(Categorical), "--categorical"),
    };

    /// <summary><paramref name="data"/> with the classes --classes declares, for a classifier.</summary>
    public DatasetOptions WithClasses(ParseResult parse, DatasetOptions data) => data with { Classes = ParseNames(parse.GetValue(Classes), "--classes") };

    public static MissingValues ParseMissing(string value) => Choice.Parse(
        value, "--missing", ("error", MissingValues.Error), ("drop", MissingValues.Drop), ("mean", MissingValues.Mean), ("median", MissingValues.Median), ("most-frequent", MissingValues.MostFrequent));

    /// <summary>The options that say what the data is and which of its columns to read.</summary>
    public void AddDataTo(Command command)
    {
        command.Options.Add(Data);
        command.Options.Add(Format);
        command.Options.Add(Label);
        command.Options.Add(Separator);
        command.Options.Add(NoHeader);
        command.Options.Add(SkipLines);
        command.Options.Add(Features);
        command.Options.Add(Ignore);
    }

    /// <summary>
    /// Where the data is and how to read it, as the command line says (path, format, label, CSV dialect, columns); an
    /// algorithm then adds what it needs (its label's kind).
    /// </summary>
    public DatasetOptions DataOptions(ParseResult parse)
    {
        var features = ParseNames(parse.GetValue(Features), "--features");
        return new()
        {
            Path = parse.GetRequiredValue(Data).FullName,
            Format = ParseFormat(parse.GetValue(Format)),
            Label = parse.GetValue(Label),
            Separator = ParseSeparator(parse.GetValue(Separator)),
            HasHeader = !parse.GetValue(NoHeader),
            SkipLines = parse.GetValue(SkipLines),
            Features = features,
            FeatureOrigin = features is null ? FeatureOrigin.Model : FeatureOrigin.Choice,
            Ignore = ParseNames(parse.GetValue(Ignore), "--ignore"),
        };
    }

    /// <summary>
    /// <see cref="DataOptions"/> for a model's data, which the model completes with its features
    /// (<see cref="FeatureOrigin.Model"/>); <c>--features</c> would contradict them.
    /// </summary>
    public DatasetOptions ModelDataOptions(ParseResult parse) =>
        parse.GetValue(Features) is null
            ? DataOptions(parse)
            : throw new UsageException("--features applies to training; a model reads the features it was trained on");

    public static DataFormat? ParseFormat(string? value) =>
        value is null
            ? null
            : Choice.Parse(value, "--format", ("csv", DataFormat.Csv), ("libsvm", DataFormat.LibSvm), ("svmlight", DataFormat.LibSvm), ("shard", DataFormat.Shard), ("parquet", DataFormat.Parquet));

    public static char? ParseSeparator(string? value) =>
        value is null ? null : Choice.Parse(value, "--separator", (",", ','), (";", ';'), ("|", '|'), ("tab", '\t'), ("\\t", '\t'), ("\t", '\t'));

    internal static string[]? ParseNames(string? value, string option)
    {
        if (value is null)
        {
            return null;
        }

        var names = value.Split(',', StringSplitOptions.TrimEntries);
        return names.All(n => n.Length > 0)
            ? names
            : throw new UsageException($"{option} takes comma-separated column names, with no empty name: '{value}'");
    }
}
