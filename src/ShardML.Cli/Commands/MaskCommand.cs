using System.CommandLine;
using System.Globalization;
using ShardML.Cli.Engine;
using ShardML.Cli.Help;
using ShardML.Cli.Output;
using ShardML.Core.Data.Masking;
using Spectre.Console;

namespace ShardML.Cli.Commands;

/// <summary>
/// <c>shardml mask</c>: a masked copy of a CSV dataset for sharing — keyed pseudonyms, dropped columns, rounding,
/// buckets and Laplace noise — written by a partitioned job, a part per partition, as a directory of CSV or Parquet
/// parts with a manifest. The key file is read by the silos that write the parts and never printed or logged.
/// </summary>
internal sealed class MaskCommand : ShardCommand
{
    private readonly Option<FileInfo> _data = new Option<FileInfo>("--data", "-d") { Description = "The CSV (or TSV) file to copy", Required = true }.InGroup(OptionGroup.Data);

    private readonly Option<string?> _separator = new Option<string?>("--separator") { Description = "CSV field separator: ',', ';', '|' or tab (default: tab for .tsv, else comma)" }.InGroup(OptionGroup.Data);

    private readonly Option<bool> _noHeader = new Option<bool>("--no-header") { Description = "The first line is data; columns are named c0, c1, …" }.InGroup(OptionGroup.Data);

    private readonly Option<int?> _partitions = new Option<int?>("--partitions", "-p") { Description = "Number of partitions, and so of parts (default: 2 × the cluster's cores)" }.InGroup(OptionGroup.Data);

    private readonly Option<DirectoryInfo> _out = new Option<DirectoryInfo>("--out", "-o") { Description = "The directory to write the parts and manifest.json to (new or empty)", Required = true }.InGroup(OptionGroup.Output);

    private readonly Option<string> _outFormat = new Option<string>("--out-format") { Description = "csv (default) or parquet", DefaultValueFactory = _ => "csv" }.InGroup(OptionGroup.Output);

    private readonly Option<FileInfo?> _key = new Option<FileInfo?>("--key")
    {
        Description = "Key file for --hash and --noise: at least 16 random bytes (head -c 32 /dev/urandom > mask.key); the same key gives the same pseudonyms",
    }.InGroup(OptionGroup.Algorithm);

    private readonly Option<string[]> _hash = new Option<string[]>("--hash") { Description = "Replace column COL by keyed pseudonyms (HMAC-SHA256; repeatable)" }.InGroup(OptionGroup.Algorithm);

    private readonly Option<string[]> _drop = new Option<string[]>("--drop") { Description = "Leave column COL out (repeatable)" }.InGroup(OptionGroup.Algorithm);

    private readonly Option<string[]> _round = new Option<string[]>("--round") { Description = "COL=STEP: round column COL to a multiple of STEP (repeatable)" }.InGroup(OptionGroup.Algorithm);

    private readonly Option<string[]> _bucket = new Option<string[]>("--bucket") { Description = "COL=E1,E2,…: replace column COL by the bucket between ascending edges it falls in (repeatable)" }.InGroup(OptionGroup.Algorithm);

    private readonly Option<string[]> _noise = new Option<string[]>("--noise") { Description = "COL=SCALE: add Laplace noise of scale SCALE to column COL (repeatable; keyed)" }.InGroup(OptionGroup.Algorithm);

    private readonly CommonOptions _common;

    public MaskCommand(CommonOptions common)
        : base("mask", "Write a masked copy of a CSV dataset for sharing: pseudonyms, dropped columns, rounding, buckets, noise.", common.Json)
    {
        _common = common;
        foreach (var option in new Option[] { _data, _separator, _noHeader, _partitions, _out, _outFormat, _key, _hash, _drop, _round, _bucket, _noise, common.Json, common.Verbose })
        {
            Options.Add(option);
        }

        common.Connection.AddTo(this, withCluster: true);
    }

    protected override async Task<int> ExecuteAsync(ParseResult parse, Reporter reporter, CancellationToken cancellationToken)
    {
        var options = new MaskOptions
        {
            Path = parse.GetRequiredValue(_data).FullName,
            OutputDirectory = parse.GetRequiredValue(_out).FullName,
            OutputFormat = Choice.Parse(parse.GetRequiredValue(_outFormat), "--out-format", ("csv", MaskOutputFormat.Csv), ("parquet", MaskOutputFormat.Parquet)),
            Separator = CommonOptions.ParseSeparator(parse.GetValue(_separator)),
            HasHeader = !parse.GetValue(_noHeader),
            KeyPath = parse.GetValue(_key)?.FullName,
            Transforms =
            [
                .. (parse.GetValue(_hash) ?? []).Select(c => new ColumnTransform(c, ColumnTransformKind.Hash)),
                .. (parse.GetValue(_drop) ?? []).Select(c => new ColumnTransform(c, ColumnTransformKind.Drop)),
                .. (parse.GetValue(_round) ?? []).Select(a => Assignment(a, "--round", (c, v) => new ColumnTransform(c, ColumnTransformKind.Round, Step: Number(v, "--round")))),
                .. (parse.GetValue(_bucket) ?? []).Select(a => Assignment(a, "--bucket", (c, v) => new ColumnTransform(c, ColumnTransformKind.Bucket, Edges: [.. v.Split(',').Select(e => Number(e, "--bucket"))]))),
                .. (parse.GetValue(_noise) ?? []).Select(a => Assignment(a, "--noise", (c, v) => new ColumnTransform(c, ColumnTransformKind.Noise, Scale: Number(v, "--noise")))),
            ],
        };
        if (options.Transforms.Count == 0)
        {
            throw new UsageException("nothing to mask: give --hash, --drop, --round, --bucket or --noise");
        }

        var connection = _common.Connection.Connection(parse, "client");
        await using var session = await EngineSession.OpenAsync(connection, _common.Verbosity(parse), cancellationToken);
        var partitions = parse.GetValue(_partitions) ?? await session.Cluster.DefaultPartitionCountAsync(cancellationToken);
        var manifest = await session.Cluster.MaskAsync(options, partitions, cancellationToken);
        if (reporter.Json)
        {
            reporter.Document(new { command = "mask", output = options.OutputDirectory, rows = manifest.Rows, manifest });
        }

        reporter.Line($"wrote {manifest.Rows:N0} rows in {manifest.Parts.Count} {manifest.Format} parts to [green]{Markup.Escape(options.OutputDirectory)}[/] with {MaskManifest.FileName}");
        return ExitCodes.Success;
    }

    private static ColumnTransform Assignment(string text, string option, Func<string, string, ColumnTransform> make)
    {
        var equals = text.IndexOf('=', StringComparison.Ordinal);
        return equals > 0 && equals < text.Length - 1
            ? make(text[..equals], text[(equals + 1)..])
            : throw new UsageException($"{option} '{text}': write COL=VALUE");
    }

    private static double Number(string text, string option) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value)
            ? value
            : throw new UsageException($"{option}: '{text}' is not a number");
}
