using Parquet;

namespace ShardML.Core.Data.ParquetFiles;

/// <summary>
/// The Parquet files of one partition, open, each checked to hold the row groups the source names, and the rows those
/// groups hold in all: what both partition readers (plain and preprocessing) start from.
/// </summary>
internal sealed class OpenedPartitionFiles : IAsyncDisposable
{
    private readonly List<ParquetReader> _readers;

    private OpenedPartitionFiles(IReadOnlyList<PartitionFile> files, List<ParquetReader> readers, long rows)
    {
        Files = files;
        _readers = readers;
        Rows = rows;
    }

    public IReadOnlyList<PartitionFile> Files { get; }

    /// <summary>The reader of each of <see cref="Files"/>, in order.</summary>
    public IReadOnlyList<ParquetReader> Readers => _readers;

    /// <summary>Rows in the partition's row groups of all its files.</summary>
    public long Rows { get; }

    public static async Task<OpenedPartitionFiles> OpenAsync(PartitionSource source, CancellationToken cancellationToken)
    {
        var files = source.Files ?? throw new DataFormatException(source.Path, 0, 0, "a Parquet partition's source names no files");
        var readers = new List<ParquetReader>(files.Count);
        try
        {
            long rows = 0;
            foreach (var file in files)
            {
                var reader = await ParquetDataset.OpenReaderAsync(file.Path, cancellationToken);
                readers.Add(reader);
                if (file.Start < 0 || file.End > reader.RowGroupCount || file.Start > file.End)
                {
                    throw new DataFormatException(file.Path, 0, 0, $"row groups [{file.Start}, {file.End}) are outside the file's {reader.RowGroupCount}");
                }

                rows += ParquetPartitionReader.GroupRows(reader).Skip((int)file.Start).Take((int)(file.End - file.Start)).Sum();
            }

            return new OpenedPartitionFiles(files, readers, rows);
        }
        catch
        {
            await DisposeAllAsync(readers);
            throw;
        }
    }

    public ValueTask DisposeAsync() => DisposeAllAsync(_readers);

    private static async ValueTask DisposeAllAsync(List<ParquetReader> readers)
    {
        foreach (var reader in readers)
        {
            await reader.DisposeAsync();
        }
    }
}
