using System.Diagnostics;
using ShardML.Core.Execution;

namespace ShardML.Core.Data.Shard;

/// <summary>What a conversion wrote.</summary>
/// <param name="Path">The <c>.shard</c> file.</param>
/// <param name="Rows">Rows written.</param>
/// <param name="Features">Features per row.</param>
/// <param name="HasLabels">Whether a label was written.</param>
/// <param name="LabelVocabulary">The file-wide class names when the label was written as classes; null for a numeric label.</param>
/// <param name="Bytes">The file's size.</param>
/// <param name="Seconds">Wall time.</param>
public sealed record ShardConversion(string Path, long Rows, int Features, bool HasLabels, long Bytes, double Seconds, IReadOnlyList<string>? LabelVocabulary = null);

/// <summary>
/// Converts a CSV or Parquet dataset to a <c>.shard</c> file: it is planned into partitions, read a few partitions at
/// a time in parallel by the same partition readers training uses (every value checked, with the same errors), and
/// appended in order, so memory holds only the partitions in flight, never the whole dataset.
/// <para>
/// Labels: a numeric label is written as numbers. A label that names classes — asked for with
/// <see cref="DatasetOptions.CategoricalLabel"/>, or found when a CSV label does not parse as a number or a Parquet label is text — is written as
/// class codes with one file-wide vocabulary in the metadata: each partition's local codes are mapped to file codes
/// in order of first appearance in the file, so a partition of the <c>.shard</c> file gets the classes a CSV
/// partition would (see <see cref="ShardPartitionReader"/>).
/// </para>
/// </summary>
public static class ShardFileConverter
{
    public static async Task<ShardConversion> ConvertAsync(DatasetOptions options, string output, int partitions, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        if (!options.CategoricalLabel && options.HasLabel && DatasetPlanner.FormatOf(options) == DataFormat.Parquet
            && ParquetFiles.ParquetPlanner.LabelIsText(Path.GetFullPath(options.Path), options))
        {
            options = options with { CategoricalLabel = true }; // a text label names classes: a regression plan would refuse it
        }

        var plan = DatasetPlanner.Plan(options, partitions);
        if (plan.Schema.Format is not (DataFormat.Csv or DataFormat.Parquet))
        {
            throw new DataFormatException(plan.Path, 0, 0, plan.Schema.Format == DataFormat.Shard
                ? "this is already a .shard file; only CSV and Parquet convert to it"
                : "only CSV and Parquet convert to the binary partition format, which holds dense rows; LibSVM data stays sparse");
        }

        if (plan.Schema.Preparation is { } preparation)
        {
            var texts = plan.Schema.FeatureNames.Where((_, j) => preparation.Kinds[j] == Preprocessing.ColumnKind.Text).ToArray();
            throw new DataFormatException(plan.Path, 0, 0, $"{(texts.Length == 1 ? "column" : "columns")} {ColumnSelection.Quote(texts)} {(texts.Length == 1 ? "holds" : "hold")} text (categories), and a .shard file holds numbers: leave {(texts.Length == 1 ? "it" : "them")} out (`Ignore`), or train from this data, which encodes them");
        }

        if (!plan.Schema.CategoricalLabel && plan.Schema.HasLabel)
        {
            try
            {
                return await ConvertAsync(plan, output, clock, cancellationToken);
            }
            catch (DataFormatException error) when (error.Column == plan.Schema.LabelColumn + 1 && error.Problem.Contains("not a number", StringComparison.Ordinal))
            {
                // A label that is not a number names a class: convert again keeping the labels as classes.
                plan = DatasetPlanner.Plan(options with { CategoricalLabel = true }, partitions);
            }
        }

        return await ConvertAsync(plan, output, clock, cancellationToken);
    }

    private static async Task<ShardConversion> ConvertAsync(DatasetPlan plan, string output, Stopwatch clock, CancellationToken cancellationToken)
    {
        var categorical = plan.Schema.CategoricalLabel;
        var metadata = new ShardMetadata(plan.Schema.FeatureNames, plan.Schema.LabelName, categorical ? [] : null);
        var vocabulary = new List<string>();
        var fileCodes = new Dictionary<string, int>(StringComparer.Ordinal);
        using var writer = new ShardFileWriter(output, metadata, plan.Schema.HasLabel);
        var window = Math.Max(1, Environment.ProcessorCount);
        var pending = new Queue<Task<Partition>>();
        var next = 0;
        while (next < plan.Partitions.Count || pending.Count > 0)
        {
            while (next < plan.Partitions.Count && pending.Count < window)
            {
                var source = plan.Partitions[next++];
                pending.Enqueue(Task.Run(() => PartitionLoader.Load(source, cancellationToken), cancellationToken));
            }

            var partition = await pending.Dequeue();
            if (categorical)
            {
                ToFileCodes(partition, vocabulary, fileCodes);
            }

            writer.Append(partition.Dense!.AllRows, partition.Labels ?? []);
        }

        if (writer.Rows == 0)
        {
            throw new DataFormatException(plan.Path, 0, 0, "the file has no data rows");
        }

        writer.Complete(categorical ? [.. vocabulary] : null);
        return new ShardConversion(
            Path.GetFullPath(output), writer.Rows, plan.Schema.FeatureCount, plan.Schema.HasLabel, new FileInfo(output).Length, clock.Elapsed.TotalSeconds, categorical ? vocabulary : null);
    }

    /// <summary>Rewrites a partition's local label codes as file codes, adding its new classes to the file's vocabulary. O(rows + local classes).</summary>
    private static void ToFileCodes(Partition partition, List<string> vocabulary, Dictionary<string, int> fileCodes)
    {
        var names = partition.LabelVocabulary!.Names;
        var map = new float[names.Length];
        for (var code = 0; code < names.Length; code++)
        {
            if (!fileCodes.TryGetValue(names[code], out var fileCode))
            {
                fileCode = vocabulary.Count;
                fileCodes.Add(names[code], fileCode);
                vocabulary.Add(names[code]);
            }

            map[code] = fileCode;
        }

        var labels = partition.Labels!;
        for (var i = 0; i < labels.Length; i++)
        {
            labels[i] = map[(int)labels[i]];
        }
    }
}
