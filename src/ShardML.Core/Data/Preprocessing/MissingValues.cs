namespace ShardML.Core.Data.Preprocessing;

/// <summary>What a missing value (an empty CSV field, <c>NA</c>, <c>NaN</c>, a Parquet null) does to its row.</summary>
public enum MissingValues
{
    /// <summary>It is an error at its file, line and column: nothing is guessed unless asked.</summary>
    Error = 0,

    /// <summary>Its row is not loaded (in training and evaluation); how many were dropped is reported.</summary>
    Drop = 1,

    /// <summary>A number is the column's mean; text is the column's most frequent value.</summary>
    Mean = 2,

    /// <summary>A number is the column's median (from a <see cref="QuantileSketch"/>); text is the most frequent value.</summary>
    Median = 3,

    /// <summary>The column's most frequent value, number or text.</summary>
    MostFrequent = 4,
}
