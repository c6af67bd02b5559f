using System.Globalization;
using System.Numerics;
using Parquet;

namespace ShardML.Core.Data.ParquetFiles;

/// <summary>
/// One column chunk of a row group decoded whole, one cell per row: a number (NaN and null are missing) or text (null
/// and the empty string are missing; a number column read as text is its value written in the invariant culture,
/// exactly, so an int64 id survives). What <see cref="ParquetRowReader"/> feeds a row sink from, row by row.
/// </summary>
internal sealed class ParquetCells
{
    private const byte Null = 1;
    private const byte NaN = 2;
    private const byte Empty = 3;

    /// <summary>Per row: 0 when present, else why it is missing.</summary>
    private readonly byte[] _missing;

    private ParquetCells(int rows, bool text)
    {
        _missing = new byte[rows];
        Numbers = text ? null : new float[rows];
        Texts = text ? new ReadOnlyMemory<char>[rows] : null;
    }

    public float[]? Numbers { get; }

    public ReadOnlyMemory<char>[]? Texts { get; }

    public bool IsMissing(int row) => _missing[row] != 0;

    /// <summary>How a missing value was written, for a message.</summary>
    public string MissingWord(int row) => _missing[row] switch
    {
        NaN => "NaN",
        Empty => "empty",
        _ => "null",
    };

    /// <summary>Decodes <paramref name="column"/>'s chunk; an infinite number is an error at its row.</summary>
    public static async ValueTask<ParquetCells> ReadAsync(
        ParquetRowGroupReader group, ParquetColumn column, int rows, ParquetPartitionReader.GroupSite site, bool asText, CancellationToken cancellationToken)
    {
        if (column.Kind == ParquetColumnKind.Text)
        {
            var cells = new ParquetCells(rows, text: true);
            var (packed, levels) = await RawAsync<ReadOnlyMemory<char>>(group, column, rows, site, cancellationToken);
            for (int r = 0, k = 0; r < rows; r++)
            {
                var present = Present(levels, column, r);
                var value = present ? packed[k++] : default;
                cells.Texts![r] = value;
                cells._missing[r] = !present ? Null : value.IsEmpty ? Empty : (byte)0;
            }

            return cells;
        }

        var type = column.Field!.ClrType;
        return type == typeof(float) ? await NumbersAsync<float>(group, column, rows, site, asText, cancellationToken)
            : type == typeof(double) ? await NumbersAsync<double>(group, column, rows, site, asText, cancellationToken)
            : type == typeof(int) ? await NumbersAsync<int>(group, column, rows, site, asText, cancellationToken)
            : type == typeof(long) ? await NumbersAsync<long>(group, column, rows, site, asText, cancellationToken)
            : type == typeof(decimal) ? await NumbersAsync<decimal>(group, column, rows, site, asText, cancellationToken)
            : type == typeof(short) ? await NumbersAsync<short>(group, column, rows, site, asText, cancellationToken)
            : type == typeof(sbyte) ? await NumbersAsync<sbyte>(group, column, rows, site, asText, cancellationToken)
            : type == typeof(byte) ? await NumbersAsync<byte>(group, column, rows, site, asText, cancellationToken)
            : type == typeof(ushort) ? await NumbersAsync<ushort>(group, column, rows, site, asText, cancellationToken)
            : type == typeof(uint) ? await NumbersAsync<uint>(group, column, rows, site, asText, cancellationToken)
            : type == typeof(ulong) ? await NumbersAsync<ulong>(group, column, rows, site, asText, cancellationToken)
            : type == typeof(Half) ? await NumbersAsync<Half>(group, column, rows, site, asText, cancellationToken)
            : type == typeof(bool) ? await BooleansAsync(group, column, rows, site, asText, cancellationToken)
            : throw site.Error(0, column.Index, $"column '{column.Name}' is a {column.TypeName}, not a number or text");
    }

    private static async ValueTask<ParquetCells> NumbersAsync<T>(
        ParquetRowGroupReader group, ParquetColumn column, int rows, ParquetPartitionReader.GroupSite site, bool asText, CancellationToken cancellationToken)
        where T : struct, INumberBase<T>
    {
        var cells = new ParquetCells(rows, asText);
        var (packed, levels) = await RawAsync<T>(group, column, rows, site, cancellationToken);
        for (int r = 0, k = 0; r < rows; r++)
        {
            if (!Present(levels, column, r))
            {
                cells._missing[r] = Null;
                continue;
            }

            if (T.IsNaN(packed[k]))
            {
                k++;
                cells._missing[r] = NaN;
                continue;
            }

            var value = packed[k++];
            if (asText)
            {
                cells.Texts![r] = value.ToString(null, CultureInfo.InvariantCulture).AsMemory();
                continue;
            }

            var number = float.CreateTruncating(value);
            cells.Numbers![r] = float.IsFinite(number) ? number : throw ParquetPartitionReader.NotFinite(site, r, column, value);
        }

        return cells;
    }

    private static async ValueTask<ParquetCells> BooleansAsync(
        ParquetRowGroupReader group, ParquetColumn column, int rows, ParquetPartitionReader.GroupSite site, bool asText, CancellationToken cancellationToken)
    {
        var cells = new ParquetCells(rows, asText);
        var (packed, levels) = await RawAsync<bool>(group, column, rows, site, cancellationToken);
        for (int r = 0, k = 0; r < rows; r++)
        {
            if (!Present(levels, column, r))
            {
                cells._missing[r] = Null;
            }
            else if (asText)
            {
                cells.Texts![r] = (packed[k++] ? "1" : "0").AsMemory();
            }
            else
            {
                cells.Numbers![r] = packed[k++] ? 1f : 0f;
            }
        }

        return cells;
    }

    /// <summary>The values present, packed (Parquet stores no value for a null), and the definition levels that place them.</summary>
    private static async ValueTask<(T[] Packed, int[]? Levels)> RawAsync<T>(
        ParquetRowGroupReader group, ParquetColumn column, int rows, ParquetPartitionReader.GroupSite site, CancellationToken cancellationToken)
        where T : struct
    {
        var field = column.Field!;
        var packed = new T[rows];
        var levels = field.MaxDefinitionLevel > 0 ? new int[rows] : null;
        try
        {
            await group.ReadRawAsync(field, packed.AsMemory(), levels?.AsMemory(), null, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException and not DataFormatException)
        {
            throw site.Error(0, column.Index, $"column '{column.Name}' cannot be read: {e.Message}");
        }

        return (packed, levels);
    }

    private static bool Present(int[]? levels, ParquetColumn column, int row) => levels is null || levels[row] == column.Field!.MaxDefinitionLevel;
}
