namespace ShardML.Core.Data;

/// <summary>
/// What partitions being loaded have read so far, added to by readers as they go (any thread) and read by whoever
/// reports progress: bytes of the sources (<see cref="PartitionSource.Bytes"/>, so a finished load reaches the plan's
/// total; for a compressed text file, bytes of the decompressed text its ranges own) and rows.
/// </summary>
public sealed class LoadMeter
{
    private long _bytes;
    private long _rows;

    public long Bytes => Interlocked.Read(ref _bytes);

    public long Rows => Interlocked.Read(ref _rows);

    public void Add(long bytes, long rows)
    {
        if (bytes != 0)
        {
            Interlocked.Add(ref _bytes, bytes);
        }

        if (rows != 0)
        {
            Interlocked.Add(ref _rows, rows);
        }
    }
}
