namespace ShardML.Core.Execution;

/// <summary>How far a dataset's load is: bytes of its sources read of all of them, and rows read.</summary>
/// <param name="Bytes">Bytes read so far (a Parquet row group counts its compressed size when read).</param>
/// <param name="TotalBytes">Bytes the plan reads in all (<see cref="Data.DatasetPlan.Bytes"/>).</param>
/// <param name="Rows">Rows read so far.</param>
public sealed record LoadProgress(long Bytes, long TotalBytes, long Rows)
{
    /// <summary>The share read, 0 to 1.</summary>
    public double Fraction => TotalBytes <= 0 ? 0 : Math.Clamp((double)Bytes / TotalBytes, 0, 1);
}
