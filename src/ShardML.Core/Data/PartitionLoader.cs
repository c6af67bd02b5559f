using ShardML.Core.Data.Readers;

namespace ShardML.Core.Data;

/// <summary>
/// Loads a partition from its <see cref="PartitionSource"/>: the one entry point every node uses, first load or reload.
/// A source this node cannot read is a <see cref="PartitionSourceUnavailableException"/>; malformed data is a
/// <see cref="DataFormatException"/> naming the line and column, the same on every node.
/// </summary>
public static class PartitionLoader
{
    public static Partition Load(PartitionSource source, CancellationToken cancellationToken = default) => Load(source, null, cancellationToken);

    /// <param name="source">The partition's lineage.</param>
    /// <param name="cancellationToken">Cancels the load.</param>
    /// <param name="meter">Counts the bytes and rows read as they are, for progress; null for none.</param>
    public static Partition Load(PartitionSource source, LoadMeter? meter, CancellationToken cancellationToken)
    {
        if (source.Schema.NeedsPreparation)
        {
            throw new InvalidOperationException("the dataset's preprocessing is not learned yet: prepare the plan first (DatasetPreparation.PrepareAsync)");
        }

        foreach (var (path, length, ticks) in FilesOf(source))
        {
            var info = new FileInfo(path);
            if (!info.Exists)
            {
                throw new PartitionSourceUnavailableException($"{path}: file not found on this node; every node must see the dataset at the same path");
            }

            if (Differs(info, length, ticks))
            {
                throw new PartitionSourceUnavailableException($"{path}: the file here differs from the one planned (length or time); a partition cannot be loaded from different data");
            }
        }

        return source.Schema.Format switch
        {
            DataFormat.Csv => CsvPartitionReader.Read(source, meter, cancellationToken),
            DataFormat.LibSvm => LibSvmPartitionReader.Read(source, meter, cancellationToken),
            DataFormat.Shard => Shard.ShardPartitionReader.Read(source, meter, cancellationToken),
            DataFormat.Parquet => ParquetFiles.ParquetPartitionReader.Read(source, meter, cancellationToken),
            _ => throw new ArgumentOutOfRangeException(nameof(source), source.Schema.Format, "unknown data format"),
        };
    }

    /// <summary>
    /// True when a file the plan reads is on this node and is not the file that was planned. A driver asks before
    /// loading: data that changed under a resumed job is an error of the data, not of the nodes, and retrying it on
    /// other nodes would only spend the recovery timeout. Each file is looked at once, whatever the partitions.
    /// </summary>
    public static bool ChangedHere(DatasetPlan plan) =>
        plan.Partitions.SelectMany(FilesOf).Distinct().Any(file => new FileInfo(file.Path) is { Exists: true } info && Differs(info, file.Length, file.Ticks));

    /// <summary>The files a source reads, with their identity when planned.</summary>
    private static IEnumerable<(string Path, long Length, long Ticks)> FilesOf(PartitionSource source) =>
        source.Files is { } files
            ? files.Select(f => (f.Path, f.Length, f.LastWriteUtcTicks))
            : [(source.Path, source.FileLength, source.LastWriteUtcTicks)];

    private static bool Differs(FileInfo info, long length, long ticks) =>
        info.Length != length || info.LastWriteTimeUtc.Ticks != ticks;
}
