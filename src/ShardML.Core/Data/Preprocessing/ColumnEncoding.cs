namespace ShardML.Core.Data.Preprocessing;

/// <summary>How a learned <see cref="ColumnTransform"/> turns its column into features.</summary>
public enum ColumnEncoding
{
    /// <summary>One feature, the number (a missing one filled when the pipeline fills).</summary>
    Number = 0,

    /// <summary>One feature per category of a sorted vocabulary, and one for every other value.</summary>
    OneHot = 1,

    /// <summary>A fixed number of buckets, a value's bucket from a hash of its text (<see cref="CategoryHash"/>).</summary>
    Hashed = 2,
}
