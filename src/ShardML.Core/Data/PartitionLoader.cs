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

        if (info.Length != source.FileLength || info.LastWriteTimeUtc.Ticks != source.LastWriteUtcTicks)
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
}
