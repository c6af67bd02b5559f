using Parquet;

namespace ShardML.Core.Data.ParquetFiles;

/// <summary>
/// The files of a Parquet dataset and their one schema, from their footers only. A dataset is a file, or a directory
/// of part files as Spark and Hive write them: every file not hidden (<c>.</c>, <c>_</c>: <c>_SUCCESS</c>,
/// <c>_metadata</c>, <c>.part-0.crc</c>) and not a <c>.crc</c> checksum, sorted by name, whose row groups are read in
/// that order. Their schemas must be the same (names and types, in order); a folder inside it (a Hive partition,
/// <c>year=2024/</c>) or a file that is not Parquet is refused rather than silently left out.
/// </summary>
/// <param name="Path">The file or directory.</param>
/// <param name="Parts">The files, in reading order.</param>
/// <param name="Columns">The schema's top-level columns.</param>
internal sealed record ParquetDataset(string Path, IReadOnlyList<ParquetPart> Parts, IReadOnlyList<ParquetColumn> Columns)
{
    private static ReadOnlySpan<byte> Magic => "PAR1"u8;

    public static ParquetDataset Open(string path) => Synchronously(() => OpenAsync(path));

    /// <summary>
    /// Runs Parquet.Net's asynchronous API to completion on the thread pool: its awaits must never queue behind a
    /// caller's own scheduler (an Orleans grain's turn, which would wait on itself).
    /// </summary>
    public static T Synchronously<T>(Func<Task<T>> run) => Task.Run(run).GetAwaiter().GetResult();

    /// <summary>Opens a Parquet file's footer; a file that is not Parquet is a <see cref="DataFormatException"/> naming it.</summary>
    public static async Task<ParquetReader> OpenReaderAsync(string path, CancellationToken cancellationToken)
    {
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.RandomAccess);
        try
        {
            var head = new byte[4];
            var tail = new byte[4];
            if (stream.Length < 12 || RandomAccess.Read(stream.SafeFileHandle, head, 0) != 4 || RandomAccess.Read(stream.SafeFileHandle, tail, stream.Length - 4) != 4
                || !head.AsSpan().SequenceEqual(Magic) || !tail.AsSpan().SequenceEqual(Magic))
            {
                throw new DataFormatException(path, 0, 0, stream.Length == 0 ? "file is empty" : "not a Parquet file: it does not begin and end with 'PAR1'");
            }

            return await ParquetReader.CreateAsync(stream, null, leaveStreamOpen: false, cancellationToken);
        }
        catch (Exception e)
        {
            await stream.DisposeAsync();
            throw e is DataFormatException or OperationCanceledException ? e : new DataFormatException(path, 0, 0, $"the Parquet footer cannot be read: {e.Message}");
        }
    }

    /// <summary>The top-level columns of an opened file.</summary>
    public static ParquetColumn[] ColumnsOf(ParquetReader reader) =>
        [.. reader.Schema.Fields.Select(ParquetColumn.From)];

    /// <summary>The part files of a directory, in reading order.</summary>
    public static string[] PartFiles(string directory)
    {
        var parts = new List<string>();
        foreach (var entry in new DirectoryInfo(directory).EnumerateFileSystemInfos().OrderBy(e => e.Name, StringComparer.Ordinal))
        {
            if (entry.Name.StartsWith('.') || entry.Name.StartsWith('_'))
            {
                continue;
            }

            if (entry is DirectoryInfo)
            {
                throw new DataFormatException(directory, 0, 0, $"holds the folder '{InputExcerpt.Of(entry.Name)}'; folders inside a dataset (Hive partitions such as year=2024/) are not read: give a folder of part files only");
            }

            if (!entry.Name.EndsWith(".crc", StringComparison.OrdinalIgnoreCase))
            {
                parts.Add(entry.FullName);
            }
        }

        // A folder of other files (a scratch folder, CSV parts) is not a Parquet dataset; one with a stray file among
        // its Parquet parts is, and the stray file is named when it is opened.
        return parts.Exists(IsParquet)
            ? [.. parts]
            : throw new DataFormatException(directory, 0, 0, "is a directory with no Parquet part files; give a data file, or a directory of Parquet files");
    }

    /// <summary>True when the file begins with Parquet's magic number.</summary>
    private static bool IsParquet(string path)
    {
        Span<byte> head = stackalloc byte[4];
        using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        return RandomAccess.Read(handle, head, 0) == 4 && head.SequenceEqual(Magic);
    }

    private static async Task<ParquetDataset> OpenAsync(string path)
    {
        var files = Directory.Exists(path) ? PartFiles(path) : [path];
        var parts = new List<ParquetPart>(files.Length);
        ParquetColumn[]? columns = null;
        foreach (var file in files)
        {
            var info = new FileInfo(file);
            await using var reader = await OpenReaderAsync(file, CancellationToken.None);
            var mine = ColumnsOf(reader);
            if (columns is null)
            {
                CheckNames(file, mine);
                columns = mine;
            }
            else
            {
                CheckSame(file, mine, parts[0].Path, columns);
            }

            var groups = reader.Metadata?.RowGroups.Select(g => g.NumRows).ToArray() ?? [];
            var bytes = reader.Metadata?.RowGroups.Select(GroupBytes).ToArray() ?? [];
            parts.Add(new ParquetPart(info.FullName, info.Length, info.LastWriteTimeUtc.Ticks, groups, bytes));
        }

        return new ParquetDataset(path, parts, columns!);
    }

    /// <summary>A row group's compressed size (its uncompressed one when a writer left that out).</summary>
    public static long GroupBytes(Parquet.Meta.RowGroup group) => group.TotalCompressedSize is > 0 and var compressed ? compressed : group.TotalByteSize;

    private static void CheckNames(string path, ParquetColumn[] columns)
    {
        if (columns.Length == 0)
        {
            throw new DataFormatException(path, 0, 0, "the Parquet schema has no columns");
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        if (columns.FirstOrDefault(c => !seen.Add(c.Name)) is { } twice)
        {
            throw new DataFormatException(path, 0, twice.Index + 1, $"column '{InputExcerpt.Of(twice.Name)}' appears twice in the schema");
        }
    }

    /// <summary>A part file must hold the columns of the first, by name and type, in the same order.</summary>
    private static void CheckSame(string path, ParquetColumn[] mine, string firstPath, ParquetColumn[] first)
    {
        var name = System.IO.Path.GetFileName(firstPath);
        if (mine.Length != first.Length)
        {
            throw new DataFormatException(path, 0, 0, $"its schema differs from that of {name}: {mine.Length} columns here, {first.Length} there; the files of a dataset share one schema");
        }

        for (var i = 0; i < mine.Length; i++)
        {
            if (!mine[i].SameAs(first[i]))
            {
                throw new DataFormatException(path, 0, i + 1, $"its schema differs from that of {name}: column {i + 1} is {mine[i]} here and {first[i]} there; the files of a dataset share one schema");
            }
        }
    }
}
