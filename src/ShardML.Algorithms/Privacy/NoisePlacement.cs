namespace ShardML.Algorithms.Privacy;

/// <summary>Where a private training's Gaussian noise is added.</summary>
public enum NoisePlacement
{
    /// <summary>Once, on the driver, to the total of a pass: the driver holds the noise-free total for a moment.</summary>
    Driver,

    /// <summary>
    /// In shares, where the rows are: each of the P partitions adds N(0, σ²C²/P) to its own sums before secure aggregation
    /// encodes and masks them, so the total carries N(0, σ²C²) and no node ever holds a noise-free aggregate. Needs secure
    /// aggregation; DP-SGD only. Nodes that pool their shares can subtract them: the guarantee is then that of the
    /// other partitions' noise (docs/PRIVACY.md, "Distributed noise").
    /// </summary>
    Distributed,
}
