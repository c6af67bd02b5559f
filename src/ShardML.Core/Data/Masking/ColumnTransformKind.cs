namespace ShardML.Core.Data.Masking;

/// <summary>What masking does to one column.</summary>
public enum ColumnTransformKind
{
    /// <summary>Replaced by a keyed pseudonym: HMAC-SHA256 under the mask key, so one key gives one pseudonym per value.</summary>
    Hash = 0,

    /// <summary>Left out of the copy.</summary>
    Drop = 1,

    /// <summary>Rounded to the nearest multiple of a step.</summary>
    Round = 2,

    /// <summary>Replaced by the bucket between two edges it falls in, written "[low, high)".</summary>
    Bucket = 3,

    /// <summary>Laplace noise of a scale added.</summary>
    Noise = 4,
}
