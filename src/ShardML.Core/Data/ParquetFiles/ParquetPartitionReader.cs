using System.Buffers;
using System.Numerics;
using System.Runtime.InteropServices;
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
/// as a <c>.shard</c> file's); a group's columns are decoded into a pooled scratch of at most 16 MiB and written
/// into the rows a block at a time: the load's peak is the partition plus the scratch and Parquet.Net's page buffers.
/// </remarks>
internal static class ParquetPartitionReader
{
    /// <summary>The most floats a group's decoded columns take before they are written into the rows: 16 MiB.</summary>
    private const int ScratchFloats = 4 << 20;

    public static Partition Read(PartitionSource source, LoadMeter? meter, CancellationToken cancellationToken) =>
        ParquetDataset.Synchronously(() => Preprocessing.RowSinks.Apply(source.Schema)
            ? ParquetRowReader.ReadAsync(source, meter, cancellationToken)
            : ReadAsync(source, meter, cancellationToken));

    private static async Task<Partition> ReadAsync(PartitionSource source, LoadMeter? meter, CancellationToken cancellationToken)
    {
        var schema = source.Schema;
        await using var opened = await OpenedPartitionFiles.OpenAsync(source, cancellationToken);
        var (files, readers, rows) = (opened.Files, opened.Readers, opened.Rows);
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
            await ReadFileAsync(files[f], f, readers[f], schema, target, meter, cancellationToken);
        }

        var matrix = new DenseMatrix(values, (int)rows, d, offset);
        return target.LabelsDropped
            ? Partition.FromDense(source, matrix, null, null)
            : Partition.FromDense(source, matrix, target.Labels, target.Vocabulary?.ToVocabulary());
    }

    private static async Task ReadFileAsync(PartitionFile file, int fileIndex, ParquetReader reader, DatasetSchema schema, Target target, LoadMeter? meter, CancellationToken cancellationToken)
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
            if (rows == 0)
            {
                meter?.Add(ParquetDataset.GroupBytes(reader.Metadata!.RowGroups[g]), 0);
                continue; // an empty group (a writer's last, or a filtered Spark task's) holds nothing to read
            }

            var site = new GroupSite(file.Path, g, firstRow);
            await ReadFeaturesAsync(group, columns, schema, rows, site, target, cancellationToken);

            if (target.Labels is { } labels && !target.LabelsDropped)
            {
                var column = Column(columns, schema.LabelColumn, schema.LabelName!, site);
                Func<string, string> missing = what => $"missing label '{InputExcerpt.Of(schema.LabelName)}' ({what})";
                if (column.Kind == ParquetColumnKind.Text)
                {
                    await ReadClassNamesAsync(group, column, rows, site, target, missing, cancellationToken);
                }
                else if (target.Vocabulary is null)
                {
                    await ReadNumbersAsync(group, column, rows, site, labels.AsMemory(target.Row, rows), missing, cancellationToken);
                }
                else
                {
                    await ReadClassNumbersAsync(group, column, rows, site, target, missing, cancellationToken);
                }
            }

            target.Row += rows;
            firstRow += rows;
            meter?.Add(ParquetDataset.GroupBytes(reader.Metadata!.RowGroups[g]), rows);
        }
    }

    /// <summary>
    /// A group's features: its columns are decoded a batch at a time into a column-major scratch (at most
    /// <see cref="ScratchFloats"/>, so a group of a million rows does not double the partition's memory), then
    /// written into the row-major matrix a block of rows at a time (<see cref="Transpose"/>). Writing each column
    /// straight into its place in the rows instead touched every row's cache lines once per column, and cost twice
    /// the decoding itself.
    /// </summary>
    private static async ValueTask ReadFeaturesAsync(ParquetRowGroupReader group, ParquetColumn[] columns, DatasetSchema schema, int rows, GroupSite site, Target target, CancellationToken cancellationToken)
    {
        var d = schema.FeatureCount;
        var batch = Math.Clamp(ScratchFloats / Math.Max(1, rows), 1, Math.Max(1, d));
        var scratch = ArrayPool<float>.Shared.Rent(Math.Max(1, rows * batch));
        try
        {
            for (var first = 0; first < d; first += batch)
            {
                var count = Math.Min(batch, d - first);
                for (var j = 0; j < count; j++)
                {
                    var column = Column(columns, schema.FeatureColumns[first + j], schema.FeatureNames[first + j], site);
                    Func<string, string> missing = what => Preprocessing.MissingProblems.Of(InputExcerpt.Of(column.Name), what, schema.TrainedWith);
                    await ReadNumbersAsync(group, column, rows, site, scratch.AsMemory(j * rows, rows), missing, cancellationToken);
                }

                Transpose(scratch.AsSpan(0, rows * count), rows, count, target.Values.AsSpan(target.Offset + (target.Row * d) + first), d);
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(scratch);
        }
    }

    /// <summary>
    /// Writes <paramref name="count"/> columns of <paramref name="rows"/> values each (column-major) into rows of
    /// <paramref name="stride"/> floats, 256 rows at a time: the block's rows stay in L1/L2 while every column of the
    /// batch is written into them, so each row's lines are written once per batch. O(rows · count).
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static void Transpose(ReadOnlySpan<float> columns, int rows, int count, Span<float> target, int stride)
    {
        const int Block = 256;
        for (var start = 0; start < rows; start += Block)
        {
            var n = Math.Min(Block, rows - start);
            for (var j = 0; j < count; j++)
            {
                var source = columns.Slice((j * rows) + start, n);
                var at = (start * stride) + j;
                for (var r = 0; r < source.Length; r++, at += stride)
                {
                    target[at] = source[r];
                }
            }
        }
    }

    /// <summary>Decodes a numeric column chunk into <paramref name="output"/> (one float per row), checking every value is finite.</summary>
    private static ValueTask ReadNumbersAsync(ParquetRowGroupReader group, ParquetColumn column, int rows, GroupSite site, Memory<float> output, Func<string, string> nullProblem, CancellationToken cancellationToken)
    {
        var type = column.Field!.ClrType;
        return type == typeof(float) ? ReadFloatsAsync(group, column, rows, site, output, nullProblem, cancellationToken)
            : type == typeof(double) ? ReadNumbersAsync<double>(group, column, rows, site, output, nullProblem, cancellationToken)
            : type == typeof(int) ? ReadNumbersAsync<int>(group, column, rows, site, output, nullProblem, cancellationToken)
            : type == typeof(long) ? ReadNumbersAsync<long>(group, column, rows, site, output, nullProblem, cancellationToken)
            : type == typeof(decimal) ? ReadNumbersAsync<decimal>(group, column, rows, site, output, nullProblem, cancellationToken)
            : type == typeof(short) ? ReadNumbersAsync<short>(group, column, rows, site, output, nullProblem, cancellationToken)
            : type == typeof(sbyte) ? ReadNumbersAsync<sbyte>(group, column, rows, site, output, nullProblem, cancellationToken)
            : type == typeof(byte) ? ReadNumbersAsync<byte>(group, column, rows, site, output, nullProblem, cancellationToken)
            : type == typeof(ushort) ? ReadNumbersAsync<ushort>(group, column, rows, site, output, nullProblem, cancellationToken)
            : type == typeof(uint) ? ReadNumbersAsync<uint>(group, column, rows, site, output, nullProblem, cancellationToken)
            : type == typeof(ulong) ? ReadNumbersAsync<ulong>(group, column, rows, site, output, nullProblem, cancellationToken)
            : type == typeof(Half) ? ReadNumbersAsync<Half>(group, column, rows, site, output, nullProblem, cancellationToken)
            : type == typeof(bool) ? ReadBooleansAsync(group, column, rows, site, output, nullProblem, cancellationToken)
            : throw site.Error(0, column.Index, $"column '{InputExcerpt.Of(column.Name)}' is a {column.TypeName}, not a number");
    }

    /// <summary>Floats decode straight into their place: no conversion, one vectorized check.</summary>
    private static async ValueTask ReadFloatsAsync(ParquetRowGroupReader group, ParquetColumn column, int rows, GroupSite site, Memory<float> output, Func<string, string> nullProblem, CancellationToken cancellationToken)
    {
        await ReadChunkAsync(group, column, output[..rows], rows, site, nullProblem, cancellationToken);
        var bad = IndexOfNonFinite(output.Span[..rows]);
        if (bad >= 0)
        {
            throw float.IsNaN(output.Span[bad]) ? site.Error(bad, column.Index, nullProblem("NaN")) : NotFinite(site, bad, column, output.Span[bad]);
        }
    }

    private static async ValueTask ReadNumbersAsync<T>(ParquetRowGroupReader group, ParquetColumn column, int rows, GroupSite site, Memory<float> output, Func<string, string> nullProblem, CancellationToken cancellationToken)
        where T : struct, INumberBase<T>
    {
        var buffer = ArrayPool<T>.Shared.Rent(Math.Max(1, rows));
        try
        {
            await ReadChunkAsync(group, column, buffer.AsMemory(0, rows), rows, site, nullProblem, cancellationToken);
            var values = buffer.AsSpan(0, rows);
            var target = output.Span[..rows];
            for (var i = 0; i < values.Length; i++)
            {
                target[i] = float.CreateTruncating(values[i]);
            }

            var bad = IndexOfNonFinite(target);
            if (bad >= 0)
            {
                throw float.IsNaN(target[bad]) ? site.Error(bad, column.Index, nullProblem("NaN")) : NotFinite(site, bad, column, values[bad]);
            }
        }
        finally
        {
            ArrayPool<T>.Shared.Return(buffer);
        }
    }

    private static async ValueTask ReadBooleansAsync(ParquetRowGroupReader group, ParquetColumn column, int rows, GroupSite site, Memory<float> output, Func<string, string> nullProblem, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<bool>.Shared.Rent(Math.Max(1, rows));
        try
        {
            await ReadChunkAsync(group, column, buffer.AsMemory(0, rows), rows, site, nullProblem, cancellationToken);
            var target = output.Span;
            for (var i = 0; i < rows; i++)
            {
                target[i] = buffer[i] ? 1f : 0f;
            }
        }
        finally
        {
            ArrayPool<bool>.Shared.Return(buffer);
        }
    }

    /// <summary>The first value that is NaN or infinite (all exponent bits set), or −1; a vector of floats at a time.</summary>
    private static int IndexOfNonFinite(ReadOnlySpan<float> values)
    {
        const int Exponent = 0x7F80_0000;
        var bits = MemoryMarshal.Cast<float, int>(values);
        var mask = new Vector<int>(Exponent);
        var i = 0;
        for (; i <= bits.Length - Vector<int>.Count; i += Vector<int>.Count)
        {
            if (Vector.EqualsAny(new Vector<int>(bits[i..]) & mask, mask))
            {
                break;
            }
        }

        for (; i < bits.Length; i++)
        {
            if ((bits[i] & Exponent) == Exponent)
            {
                return i;
            }
        }

        return -1;
    }

    internal static DataFormatException NotFinite<T>(GroupSite site, int row, ParquetColumn column, T value)
        where T : IFormattable =>
        site.Error(row, column.Index, $"column '{InputExcerpt.Of(column.Name)}': {value.ToString(null, System.Globalization.CultureInfo.InvariantCulture)} is not allowed; values must be finite (as floats)");

    /// <summary>A numeric label naming classes: interned by value, as LibSVM's, so 1 and 1.0 are one class.</summary>
    private static async ValueTask ReadClassNumbersAsync(ParquetRowGroupReader group, ParquetColumn column, int rows, GroupSite site, Target target, Func<string, string> nullProblem, CancellationToken cancellationToken)
    {
        var numbers = ArrayPool<float>.Shared.Rent(Math.Max(1, rows));
        try
        {
            await ReadNumbersAsync(group, column, rows, site, numbers.AsMemory(0, rows), nullProblem, cancellationToken);
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

    private static async ValueTask ReadClassNamesAsync(ParquetRowGroupReader group, ParquetColumn column, int rows, GroupSite site, Target target, Func<string, string> nullProblem, CancellationToken cancellationToken)
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
                    throw site.Error(i, column.Index, nullProblem("empty"));
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
    private static async ValueTask ReadChunkAsync<T>(ParquetRowGroupReader group, ParquetColumn column, Memory<T> values, int rows, GroupSite site, Func<string, string> nullProblem, CancellationToken cancellationToken)
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
                throw site.Error(0, column.Index, $"column '{InputExcerpt.Of(column.Name)}' cannot be read: {e.Message}");
            }

            if (levels is not null && levels.AsSpan(0, rows).IndexOfAnyExcept(field.MaxDefinitionLevel) is var missing and >= 0)
            {
                throw site.Error(missing, column.Index, nullProblem("null"));
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
    internal static ParquetColumn Column(ParquetColumn[] columns, int index, string name, GroupSite site)
    {
        var column = columns[index];
        return column.Name == name && column.Kind != ParquetColumnKind.Other
            ? column
            : throw site.Error(0, index, $"column {index + 1} is {column}, not the '{InputExcerpt.Of(name)}' planned");
    }

    internal static long[] GroupRows(ParquetReader reader) => reader.Metadata?.RowGroups.Select(g => g.NumRows).ToArray() ?? [];

    /// <summary>A row group of a file: turns a row within it into an error at the row counted over the whole file.</summary>
    internal readonly record struct GroupSite(string Path, int Group, long FirstRow)
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
