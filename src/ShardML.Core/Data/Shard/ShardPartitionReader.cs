using System.Buffers;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace ShardML.Core.Data.Shard;

/// <summary>
/// Loads rows <c>[Start, End)</c> of a <c>.shard</c> file (a partition's <see cref="PartitionSource"/> counts rows, not
/// bytes, for this format): the features straight into the partition's array — pinned, rows starting on a cache
/// line (<see cref="DenseMatrix.AllocateAligned"/>) — with positioned reads (one copy, from the
/// page cache, at memory speed), then the checksum of every block read. Blocks cut by the range's ends are read
/// whole into a scratch buffer to be checked. A corrupt block is a <see cref="DataFormatException"/> naming the file
/// and the rows.
/// <para>
/// A categorical label gets a partition vocabulary as the CSV reader builds it, the classes in order of first
/// appearance within the partition and each row's local code as its label: from the file-wide vocabulary when the
/// converter wrote one, else by the label's number (as LibSVM's, so 1 and 1.0 are one class). A site is the row.
/// </para>
/// </summary>
internal static class ShardPartitionReader
{
    public static Partition Read(PartitionSource source, LoadMeter? meter, CancellationToken cancellationToken)
    {
        using var handle = File.OpenHandle(source.Path, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.SequentialScan);
        var file = ShardFile.Open(handle, source.Path);
        var header = file.Header;
        if (source.Start < 0 || source.End > header.Rows || source.Start > source.End)
        {
            throw new DataFormatException(source.Path, 0, 0, $"rows [{source.Start}, {source.End}) are outside the file's {header.Rows} rows");
        }

        var schema = source.Schema;
        var d = header.Columns;
        if ((source.End - source.Start) * d > Array.MaxLength - 64)
        {
            throw new DataFormatException(source.Path, 0, 0, $"partition {source.Index} holds more values than one array can; use more partitions");
        }

        var rows = (int)(source.End - source.Start);
        var identity = schema.FeatureColumns.Length == d && schema.FeatureColumns.Select((c, i) => c == i).All(x => x);
        var (raw, offset) = DenseMatrix.AllocateAligned(rows * d);
        var features = raw.AsSpan(offset, rows * d);
        ShardFile.ReadExactly(handle, MemoryMarshal.AsBytes(features), header.FeaturesOffset + (source.Start * d * sizeof(float)), source.Path);
        cancellationToken.ThrowIfCancellationRequested();
        Verify(handle, file, source, MemoryMarshal.AsBytes(features), d * sizeof(float), header.FeaturesOffset, 0, "features");
        // The checksum only proves the bytes are as written: a writer other than ours can write a NaN or an infinity.
        // With preprocessing, the row reader treats NaN as a missing value and refuses infinities itself.
        var preprocessed = Preprocessing.RowSinks.Apply(schema);
        if (!preprocessed && Numerics.FiniteValues.IndexOfNonFinite(features) is >= 0 and var bad)
        {
            var name = InputExcerpt.Of(file.Metadata.Features[bad % d]);
            throw new DataFormatException(source.Path, 0, 0, float.IsNaN(features[bad])
                ? $"row {source.Start + (bad / d)}: {Preprocessing.MissingProblems.Of(name, "NaN", schema.TrainedWith)}"
                : $"row {source.Start + (bad / d)} feature '{name}' is {features[bad].ToString(System.Globalization.CultureInfo.InvariantCulture)}; values must be finite");
        }

        float[]? labels = null;
        if (schema.HasLabel || (schema.KeepColumns?.Contains(d) == true && header.HasLabels))
        {
            labels = GC.AllocateUninitializedArray<float>(rows);
            ShardFile.ReadExactly(handle, MemoryMarshal.AsBytes(labels.AsSpan()), header.LabelsOffset + (source.Start * sizeof(float)), source.Path);
            Verify(handle, file, source, MemoryMarshal.AsBytes(labels.AsSpan()), sizeof(float), header.LabelsOffset, 1, "labels");
            if (Numerics.FiniteValues.IndexOfNonFinite(labels) is >= 0 and var badLabel && !(preprocessed && float.IsNaN(labels[badLabel])))
            {
                throw new DataFormatException(source.Path, 0, 0, $"row {source.Start + badLabel} label is {labels[badLabel].ToString(System.Globalization.CultureInfo.InvariantCulture)}; values must be finite");
            }
        }

        meter?.Add(source.Bytes, rows); // read in one go from the page cache: there is no "as it goes" to show
        if (preprocessed)
        {
            return ShardRowReader.Read(source, features, d, labels, file.Metadata.LabelVocabulary, cancellationToken);
        }

        var (values, start) = identity ? (raw, offset) : (Select(features, rows, d, schema.FeatureColumns), 0);
        var vocabulary = labels is not null && schema.CategoricalLabel ? LocalVocabulary(labels, file.Metadata.LabelVocabulary, source.Path, schema.OptionalClasses) : null;
        if (labels is not null && schema.CategoricalLabel && vocabulary is null)
        {
            labels = null; // optional classes past the vocabulary's limit: the partition keeps no labels
        }

        return Partition.FromDense(source, new DenseMatrix(values, rows, schema.FeatureCount, start), labels, vocabulary);
    }

    /// <summary>
    /// Rewrites <paramref name="labels"/> as local codes and returns their vocabulary, or null past the vocabulary's
    /// limit when the classes are <paramref name="optional"/>. O(rows).
    /// </summary>
    internal static LabelVocabulary? LocalVocabulary(float[] labels, string[]? fileClasses, string path, bool optional)
    {
        if (fileClasses is null)
        {
            var builder = new LabelVocabularyBuilder();
            for (var i = 0; i < labels.Length; i++)
            {
                var code = builder.Intern(labels[i], i + 1, 0);
                if (code < 0 && optional)
                {
                    return null;
                }

                labels[i] = code >= 0
                    ? code
                    : throw new DataFormatException(path, 0, 0, $"more than {LabelVocabulary.MaximumCount} distinct labels in one partition; a class label takes few values (is this a regression target?)");
            }

            return builder.ToVocabulary();
        }

        var local = new int[fileClasses.Length];
        Array.Fill(local, -1);
        var names = new List<string>();
        var lines = new List<long>();
        for (var i = 0; i < labels.Length; i++)
        {
            var fileCode = (int)labels[i];
            if ((uint)fileCode >= (uint)fileClasses.Length || fileCode != labels[i])
            {
                throw new DataFormatException(path, 0, 0, $"row {i + 1} of a partition has class code {labels[i]}, outside the file's {fileClasses.Length} classes");
            }

            if (local[fileCode] < 0)
            {
                local[fileCode] = names.Count;
                names.Add(fileClasses[fileCode]);
                lines.Add(i + 1);
            }

            labels[i] = local[fileCode];
        }

        return new LabelVocabulary([.. names], [.. lines], new int[names.Count]);
    }

    /// <summary>Checks every checksum block that rows [Start, End) touch; <paramref name="which"/> is 0 for features, 1 for labels.</summary>
    private static void Verify(SafeFileHandle handle, ShardFile file, PartitionSource source, ReadOnlySpan<byte> read, int rowBytes, long sectionOffset, int which, string what)
    {
        var header = file.Header;
        var blockRows = header.BlockRows;
        if (source.Start == source.End)
        {
            return;
        }

        for (var block = source.Start / blockRows; block * blockRows < source.End; block++)
        {
            var first = block * blockRows;
            var last = Math.Min(header.Rows, first + blockRows);
            ulong hash;
            if (first >= source.Start && last <= source.End)
            {
                hash = ShardFileLayout.Hash(read.Slice((int)((first - source.Start) * rowBytes), (int)((last - first) * rowBytes)));
            }
            else
            {
                var length = (int)((last - first) * rowBytes);
                var scratch = ArrayPool<byte>.Shared.Rent(length);
                try
                {
                    ShardFile.ReadExactly(handle, scratch.AsSpan(0, length), sectionOffset + (first * rowBytes), source.Path);
                    hash = ShardFileLayout.Hash(scratch.AsSpan(0, length));
                }
                finally
                {
                    ArrayPool<byte>.Shared.Return(scratch);
                }
            }

            if (hash != file.Checksums[(block * 2) + which])
            {
                throw new DataFormatException(source.Path, 0, 0, $"the {what} of rows [{first}, {last}) are corrupt (checksum mismatch)");
            }
        }
    }

    /// <summary>The model's features in the model's order, when the file holds them in another order.</summary>
    private static float[] Select(ReadOnlySpan<float> raw, int rows, int d, int[] columns)
    {
        var values = new float[rows * columns.Length];
        for (var r = 0; r < rows; r++)
        {
            for (var j = 0; j < columns.Length; j++)
            {
                values[(r * columns.Length) + j] = raw[(r * d) + columns[j]];
            }
        }

        return values;
    }
}
