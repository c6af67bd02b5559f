namespace ShardML.Core.Data;

/// <summary>The text formats a dataset can be read from.</summary>
public enum DataFormat
{
    /// <summary>Comma-separated values with a header row; every column but the label is a numeric feature.</summary>
    Csv = 0,

    /// <summary>LibSVM / SVMlight: <c>label index:value ...</c> with 1-based, strictly increasing indices.</summary>
    LibSvm = 1,
}
