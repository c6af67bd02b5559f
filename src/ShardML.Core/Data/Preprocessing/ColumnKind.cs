namespace ShardML.Core.Data.Preprocessing;

/// <summary>What a feature column holds, as planning found it or the user declared it.</summary>
public enum ColumnKind
{
    /// <summary>Numbers: a feature as it is.</summary>
    Number = 0,

    /// <summary>Names of categories: one-hot encoded, or hashed into buckets.</summary>
    Text = 1,
}
