namespace ShardML.Algorithms.LinearModels;

/// <summary>How local SGD picks each step's rows on a partition.</summary>
public enum RowOrder
{
    /// <summary>
    /// Each step draws its rows uniformly at random (without replacement within the step), as the synchronous
    /// mini-batch step would: the textbook i.i.d. sampling, and the default. Rows come from all over the partition,
    /// so each one is a trip to DRAM.
    /// </summary>
    Uniform,

    /// <summary>
    /// Each partition walks its rows epoch after epoch, visiting blocks of <see cref="BlockOrderSampler.BlockRows"/>
    /// consecutive rows in an order shuffled anew each epoch, and each block's rows in order (like a shuffle buffer
    /// over a stream): every row once per epoch, memory read mostly in sequence. Rows that sit in the file sorted by
    /// label stay correlated within a block; shuffle such a file, or use <see cref="Uniform"/>.
    /// </summary>
    ShuffledBlocks,
}
