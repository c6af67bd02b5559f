namespace ShardML.Core.Data.Masking;

/// <summary>The format of a masked copy's parts.</summary>
public enum MaskOutputFormat
{
    Csv = 0,
    Parquet = 1,
}
