using System.Buffers;
using System.Numerics;
using Parquet;
using Parquet.Schema;

namespace ShardML.Core.Data.ParquetFiles;

/// <summary>
/// Loads a partition's row groups (<see cref="PartitionSource.Files"/>: groups of one or more files, in order) into a
/// dense matrix, reading only the chosen columns' chunks. A numeric column becomes floats (a boolean 0 or 1; a
/// decimal the float nearest its double); a text label is interned into the partition's <see cref="LabelVocabulary"/>
/// as CSV's is, a numeric one by value as LibSVM's. A null, a non-finite value or a missing label is a
/// <see cref="DataFormatException"/> at the file, the row (counted from 1 over the whole file), the column (its
/// 1-based position in the schema) and the row group.
/// </summary>
/// <remarks>
/// Memory: the partition's rows are known from the footers, so the matrix is allocated once (rows on cache lines,
/// as a <c>.shard</c> file's), and each column chunk is decoded into a pooled buffer of one group's values and
/// scattered into its column: the load's peak is the partition plus one chunk.
/// </remarks>
internal static class ParquetPartitionReader
{
    public static Partition Read(PartitionSource source, CancellationToken cancellationToken) =>
        ParquetDataset.Synchronously(() => ReadAsync(source, cancellationToken));

    private static async Task<Partition> ReadAsync(PartitionSource source, CancellationToken cancellationToken)
    {
        var schema = source.Schema;
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

                rows += GroupRows(reader).Skip((int)file.Start).Take((int)(file.End - file.Start)).Sum();
            }

            var d = schema.FeatureCount;
            if (rows * Math.Max(1, d) > Array.MaxLength)
            {
                throw new DataFormatException(source.Path, 0, 0, $"partition {source.Index} holds more values than one array can; use more partitions");
            }

            var (values, offset) = DenseMatrix.AllocateAligned((int)rows * d);
            var labels = schema.HasLabel ? GC.AllocateUninitializedArray<float>((int)rows) : null;
            var target = new Target(values, offset, d, labels, schema.CategoricalLabel ? new LabelVocabularyBuilder() : null, schema.OptionalClasses);
            for (var f = 0; f < files.Count; f++)
            {
                await ReadFileAsync(files[f], f, readers[f], schema, target, cancellationToken);
            }

            var matrix = new DenseMatrix(values, (int)rows, d, offset);
            return target.LabelsDropped
                ? Partition.FromDense(source, matrix, null, null)
                : Partition.FromDense(source, matrix, target.Labels, target.Vocabulary?.ToVocabulary());
        }
        finally
        {
            foreach (var reader in readers)
            {
                await reader.DisposeAsync();
            }
        }
    }

    private static async Task ReadFileAsync(PartitionFile file, int fileIndex, ParquetReader reader, DatasetSchema schema, Target target, CancellationToken cancellationToken)
    {
        var columns = ParquetDataset.ColumnsOf(reader);
        if (columns.Length != schema.ColumnCount)
        {
            throw new DataFormatException(file.Path, 0, 0, $"the file has {columns.Length} columns, not the {schema.ColumnCount} planned");
        }

        var groupRows = GroupRows(reader);
        var firstRow = groupRows.Take((int)file.Start).Sum(); // rows are counted over the whole file
        if (target.Vocabulary is { } vocabulary)
        {
            vocabulary.File = fileIndex;
        }

        for (var g = (int)file.Start; g < file.End; g++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var group = reader.OpenRowGroupReader(g);
            var rows = checked((int)group.RowCount);
            var site = new GroupSite(file.Path, g, firstRow);
            for (var j = 0; j < schema.FeatureCount; j++)
            {
                var column = Column(columns, schema.FeatureColumns[j], schema.FeatureNames[j], site);
                var output = target.Values.AsMemory(target.Offset + (target.Row * target.Features) + j);
                var missing = $"column '{column.Name}': a missing value (null); missing values are not imputed yet: drop or fill those rows";
                await ReadNumbersAsync(group, column, rows, site, output, target.Features, missing, cancellationToken);
            }

            if (target.Labels is { } labels && !target.LabelsDropped)
            {
                var column = Column(columns, schema.LabelColumn, schema.LabelName!, site);
                var missing = $"missing label '{schema.LabelName}'";
                if (column.Kind == ParquetColumnKind.Text)
                {
                    await ReadClassNamesAsync(group, column, rows, site, target, missing, cancellationToken);
                }
                else if (target.Vocabulary is null)
                {
                    await ReadNumbersAsync(group, column, rows, site, labels.AsMemory(target.Row), 1, missing, cancellationToken);
                }
                else
                {
                    await ReadClassNumbersAsync(group, column, rows, site, target, missing, cancellationToken);
                }
            }

            target.Row += rows;
            firstRow += rows;
        }
    }

    /// <summary>Decodes a numeric column chunk and writes each value, as a float, every <paramref name="stride"/> floats of <paramref name="output"/>.</summary>
    private static ValueTask ReadNumbersAsync(ParquetRowGroupReader group, ParquetColumn column, int rows, GroupSite site, Memory<float> output, int stride, string nullProblem, CancellationToken cancellationToken)
    {
        var type = column.Field!.ClrType;
        return type == typeof(float) ? ReadNumbersAsync<float>(group, column, rows, site, output, stride, nullProblem, cancellationToken)
            : type == typeof(double) ? ReadNumbersAsync<double>(group, column, rows, site, output, stride, nullProblem, cancellationToken)
            : type == typeof(int) ? ReadNumbersAsync<int>(group, column, rows, site, output, stride, nullProblem, cancellationToken)
            : type == typeof(long) ? ReadNumbersAsync<long>(group, column, rows, site, output, stride, nullProblem, cancellationToken)
            : type == typeof(decimal) ? ReadNumbersAsync<decimal>(group, column, rows, site, output, stride, nullProblem, cancellationToken)
            : type == typeof(short) ? ReadNumbersAsync<short>(group, column, rows, site, output, stride, nullProblem, cancellationToken)
            : type == typeof(sbyte) ? ReadNumbersAsync<sbyte>(group, column, rows, site, output, stride, nullProblem, cancellationToken)
            : type == typeof(byte) ? ReadNumbersAsync<byte>(group, column, rows, site, output, stride, nullProblem, cancellationToken)
            : type == typeof(ushort) ? ReadNumbersAsync<ushort>(group, column, rows, site, output, stride, nullProblem, cancellationToken)
            : type == typeof(uint) ? ReadNumbersAsync<uint>(group, column, rows, site, output, stride, nullProblem, cancellationToken)
            : type == typeof(ulong) ? ReadNumbersAsync<ulong>(group, column, rows, site, output, stride, nullProblem, cancellationToken)
            : type == typeof(Half) ? ReadNumbersAsync<Half>(group, column, rows, site, output, stride, nullProblem, cancellationToken)
            : type == typeof(bool) ? ReadBooleansAsync(group, column, rows, site, output, stride, nullProblem, cancellationToken)
            : throw site.Error(0, column.Index, $"column '{column.Name}' is a {column.TypeName}, not a number");
    }

    private static async ValueTask ReadNumbersAsync<T>(ParquetRowGroupReader group, ParquetColumn column, int rows, GroupSite site, Memory<float> output, int stride, string nullProblem, CancellationToken cancellationToken)
        where T : struct, INumberBase<T>
    {
        var buffer = ArrayPool<T>.Shared.Rent(Math.Max(1, rows));
        try
        {
            await ReadChunkAsync(group, column, buffer.AsMemory(0, rows), rows, site, nullProblem, cancellationToken);
            var values = buffer.AsSpan(0, rows);
            var target = output.Span;
            for (var i = 0; i < values.Length; i++)
            {
                var value = float.CreateTruncating(values[i]);
                if (!float.IsFinite(value))
                {
                    var text = values[i].ToString(null, System.Globalization.CultureInfo.InvariantCulture);
                    throw site.Error(i, column.Index, $"column '{column.Name}': {text} is not allowed; values must be finite (as floats)");
                }

                target[i * stride] = value;
            }
        }
        finally
        {
            ArrayPool<T>.Shared.Return(buffer);
        }
    }

    private static async ValueTask ReadBooleansAsync(ParquetRowGroupReader group, ParquetColumn column, int rows, GroupSite site, Memory<float> output, int stride, string nullProblem, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<bool>.Shared.Rent(Math.Max(1, rows));
        try
        {
            await ReadChunkAsync(group, column, buffer.AsMemory(0, rows), rows, site, nullProblem, cancellationToken);
            var target = output.Span;
            for (var i = 0; i < rows; i++)
            {
                target[i * stride] = buffer[i] ? 1f : 0f;
            }
        }
        finally
        {
            ArrayPool<bool>.Shared.Return(buffer);
        }
    }

    /// <summary>A numeric label naming classes: interned by value, as LibSVM's, so 1 and 1.0 are one class.</summary>
    private static async ValueTask ReadClassNumbersAsync(ParquetRowGroupReader group, ParquetColumn column, int rows, GroupSite site, Target target, string nullProblem, CancellationToken cancellationToken)
    {
        var numbers = ArrayPool<float>.Shared.Rent(Math.Max(1, rows));
        try
        {
            await ReadNumbersAsync(group, column, rows, site, numbers.AsMemory(0, rows), 1, nullProblem, cancellationToken);
            for (var i = 0; i < rows && !target.LabelsDropped; i++)
            {
                target.Intern(target.Vocabulary!.Intern(numbers[i], site.RowOf(i), column.Index + 1), i, site, column);
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(numbers);
        }
    }

    private static async ValueTask ReadClassNamesAsync(ParquetRowGroupReader group, ParquetColumn column, int rows, GroupSite site, Target target, string nullProblem, CancellationToken cancellationToken)
    {
        var names = ArrayPool<ReadOnlyMemory<char>>.Shared.Rent(Math.Max(1, rows));
        try
        {
            await ReadChunkAsync(group, column, names.AsMemory(0, rows), rows, site, nullProblem, cancellationToken);
            for (var i = 0; i < rows && !target.LabelsDropped; i++)
            {
                var name = names[i].Span;
                if (name.IsEmpty)
                {
                    throw site.Error(i, column.Index, nullProblem);
                }

                target.Intern(target.Vocabulary!.Intern(name, site.RowOf(i), column.Index + 1), i, site, column);
            }
        }
        finally
        {
            ArrayPool<ReadOnlyMemory<char>>.Shared.Return(names, clearArray: true);
        }
    }

    /// <summary>
    /// Decodes one column chunk into <paramref name="values"/>, one per row: a null is an error at its row (Parquet
    /// packs the values that are present, so a chunk without nulls is the column itself).
    /// </summary>
    private static async ValueTask ReadChunkAsync<T>(ParquetRowGroupReader group, ParquetColumn column, Memory<T> values, int rows, GroupSite site, string nullProblem, CancellationToken cancellationToken)
        where T : struct
    {
        var field = column.Field!;
        var levels = field.MaxDefinitionLevel > 0 ? ArrayPool<int>.Shared.Rent(Math.Max(1, rows)) : null;
        try
        {
            try
            {
                await group.ReadRawAsync(field, values, levels?.AsMemory(0, rows), null, cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException and not DataFormatException)
            {
                throw site.Error(0, column.Index, $"column '{column.Name}' cannot be read: {e.Message}");
            }

            if (levels is not null && levels.AsSpan(0, rows).IndexOfAnyExcept(field.MaxDefinitionLevel) is var missing and >= 0)
            {
                throw site.Error(missing, column.Index, nullProblem);
            }
        }
        finally
        {
            if (levels is not null)
            {
                ArrayPool<int>.Shared.Return(levels);
            }
        }
    }

    /// <summary>The planned column at <paramref name="index"/>, checked to be the one planned (its type was checked then).</summary>
    private static ParquetColumn Column(ParquetColumn[] columns, int index, string name, GroupSite site)
    {
        var column = columns[index];
        return column.Name == name && column.Kind != ParquetColumnKind.Other
            ? column
            : throw site.Error(0, index, $"column {index + 1} is {column}, not the '{name}' planned");
    }

    private static long[] GroupRows(ParquetReader reader) => reader.Metadata?.RowGroups.Select(g => g.NumRows).ToArray() ?? [];

    /// <summary>A row group of a file: turns a row within it into an error at the row counted over the whole file.</summary>
    private readonly record struct GroupSite(string Path, int Group, long FirstRow)
    {
        public long RowOf(int rowInGroup) => FirstRow + rowInGroup + 1;

        public DataFormatException Error(int rowInGroup, int column, string problem) =>
            new(Path, RowOf(rowInGroup), column + 1, $"row group {Group}: {problem}");
    }

    /// <summary>Where the partition's rows go as its groups are read.</summary>
    private sealed class Target(float[] values, int offset, int features, float[]? labels, LabelVocabularyBuilder? vocabulary, bool optionalClasses)
    {
        public float[] Values { get; } = values;

        public int Offset { get; } = offset;

        public int Features { get; } = features;

        public float[]? Labels { get; } = labels;

        public LabelVocabularyBuilder? Vocabulary { get; } = vocabulary;

        /// <summary>The partition's row the current group starts at.</summary>
        public int Row { get; set; }

        /// <summary>Optional classes past the vocabulary's limit: the partition keeps no labels.</summary>
        public bool LabelsDropped { get; private set; }

        public void Intern(int code, int rowInGroup, GroupSite site, ParquetColumn column)
        {
            if (code >= 0)
            {
                Labels![Row + rowInGroup] = code;
            }
            else if (optionalClasses)
            {
                LabelsDropped = true;
            }
            else
            {
                throw site.Error(rowInGroup, column.Index, $"more than {LabelVocabulary.MaximumCount} distinct labels in one partition; a class label takes few values (is this a regression target?)");
            }
        }
    }
}
