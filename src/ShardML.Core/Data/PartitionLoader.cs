using ShardML.Core.Data.Readers;

namespace ShardML.Core.Data;

/// <summary>
/// Loads a partition from its <see cref="PartitionSource"/>: the one entry point every node uses, first load or reload.
/// A source this node cannot read is a <see cref="PartitionSourceUnavailableException"/>; malformed data is a
/// <see cref="DataFormatException"/> naming the line and column, the same on every node.
/// </summary>
public static class PartitionLoader
{
    public static Partition Load(PartitionSource source, CancellationToken cancellationToken = default)
    {
        var info = new FileInfo(source.Path);
        if (!info.Exists)
        {
            throw new PartitionSourceUnavailableException($"{source.Path}: file not found on this node; every node must see the dataset at the same path");
        }

        if (Differs(info, source))
        {
            throw new PartitionSourceUnavailableException($"{source.Path}: the file here differs from the one planned (length or time); a partition cannot be loaded from different data");
        }

        return source.Schema.Format switch
        {
            DataFormat.Csv => CsvPartitionReader.Read(source, cancellationToken),
            DataFormat.LibSvm => LibSvmPartitionReader.Read(source, cancellationToken),
            DataFormat.Shard => Shard.ShardPartitionReader.Read(source, cancellationToken),
            _ => throw new ArgumentOutOfRangeException(nameof(source), source.Schema.Format, "unknown data format"),
        };
    }

    /// <summary>
    /// True when the file at the source's path is on this node and is not the file that was planned. A driver asks
    /// before loading: data that changed under a resumed job is an error of the data, not of the nodes, and retrying it
    /// on other nodes would only spend the recovery timeout.
    /// </summary>
    public static bool ChangedHere(PartitionSource source)
    {
        var info = new FileInfo(source.Path);
        return info.Exists && Differs(info, source);
    }

    private static bool Differs(FileInfo info, PartitionSource source) =>
        info.Length != source.FileLength || info.LastWriteTimeUtc.Ticks != source.LastWriteUtcTicks;
}
