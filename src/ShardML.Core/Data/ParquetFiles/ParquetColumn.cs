using Parquet.Schema;

namespace ShardML.Core.Data.ParquetFiles;

/// <summary>
/// A top-level column of a Parquet schema as ShardML sees it: a number (a feature or a label), text (a class label)
/// or something it does not read (a timestamp, binary, a list, a struct), with the type's name for messages.
/// </summary>
/// <param name="Name">The column's name.</param>
/// <param name="Index">Its 0-based position among the schema's top-level fields.</param>
/// <param name="Kind">What ShardML can make of it.</param>
/// <param name="TypeName">Its type, as Parquet tools spell it (<c>int32</c>, <c>double</c>, <c>string</c>, <c>timestamp</c>, <c>list</c>).</param>
/// <param name="Field">The field to read, when <see cref="Kind"/> is not <see cref="ParquetColumnKind.Other"/>.</param>
internal sealed record ParquetColumn(string Name, int Index, ParquetColumnKind Kind, string TypeName, DataField? Field)
{
    private static readonly Dictionary<Type, string> NumberTypes = new()
    {
        [typeof(bool)] = "boolean",
        [typeof(sbyte)] = "int8",
        [typeof(byte)] = "uint8",
        [typeof(short)] = "int16",
        [typeof(ushort)] = "uint16",
        [typeof(int)] = "int32",
        [typeof(uint)] = "uint32",
        [typeof(long)] = "int64",
        [typeof(ulong)] = "uint64",
        [typeof(Half)] = "float16",
        [typeof(float)] = "float",
        [typeof(double)] = "double",
        [typeof(decimal)] = "decimal",
    };

    private static readonly Dictionary<Type, string> OtherTypes = new()
    {
        [typeof(DateTime)] = "timestamp",
        [typeof(DateOnly)] = "date",
        [typeof(TimeSpan)] = "time",
        [typeof(TimeOnly)] = "time",
        [typeof(byte[])] = "binary",
        [typeof(ReadOnlyMemory<byte>)] = "binary",
        [typeof(Guid)] = "uuid",
        [typeof(System.Numerics.BigInteger)] = "int96",
    };

    /// <summary>True when two files' columns hold the same data: name and type (nullability aside: nulls are checked by value).</summary>
    public bool SameAs(ParquetColumn other) => Name == other.Name && TypeName == other.TypeName;

    public static ParquetColumn From(Field field, int index)
    {
        if (field is DataField { MaxRepetitionLevel: 0 } data)
        {
            if (NumberTypes.TryGetValue(data.ClrType, out var number))
            {
                return new(field.Name, index, ParquetColumnKind.Number, number, data);
            }

            if (data.ClrType == typeof(string) || data.ClrType == typeof(ReadOnlyMemory<char>))
            {
                return new(field.Name, index, ParquetColumnKind.Text, "string", data);
            }

            return new(field.Name, index, ParquetColumnKind.Other, OtherTypes.GetValueOrDefault(data.ClrType, data.ClrType.Name.ToLowerInvariant()), null);
        }

        var shape = field.SchemaType switch
        {
            SchemaType.Struct => "struct",
            SchemaType.Map => "map",
            _ => "list",
        };
        return new(field.Name, index, ParquetColumnKind.Other, shape, null);
    }

    public override string ToString() => $"'{InputExcerpt.Of(Name)}' ({TypeName})";
}
