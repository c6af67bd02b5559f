using ShardML.Core.Data.Readers;

namespace ShardML.Core.Data;

/// <summary>Loads a partition from its <see cref="PartitionSource"/>: the one entry point every node uses, first load or reload.</summary>
public static class PartitionLoader
{
    public static Partition Load(PartitionSource source, CancellationToken cancellationToken = default)
    {
        var info = new FileInfo(source.Path);
        if (!info.Exists)
        {
            throw new DataFormatException(source.Path, 0, 0, "file not found on this node; every node must see the dataset at the same path");
        }

        if (info.Length != source.FileLength || info.LastWriteTimeUtc.Ticks != source.LastWriteUtcTicks)
        {
            throw new DataFormatException(source.Path, 0, 0, "the file changed after the dataset was planned; a partition cannot be reloaded from different data");
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
