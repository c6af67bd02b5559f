namespace ShardML.Core.Data.ParquetFiles;

/// <summary>What ShardML can make of a Parquet column.</summary>
internal enum ParquetColumnKind
{
    /// <summary>Integers, floating point, decimal, boolean: read as float.</summary>
    Number = 0,

    /// <summary>UTF-8 strings: a class label only, for now.</summary>
    Text = 1,

    /// <summary>Timestamps, binary, nested data: neither a feature nor a label.</summary>
    Other = 2,
}
