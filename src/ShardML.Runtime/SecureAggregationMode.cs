namespace ShardML.Runtime;

/// <summary>How a job's sums travel from the silos to its driver (docs/SECURITY.md).</summary>
public enum SecureAggregationMode
{
    /// <summary>In the clear: each silo's merged summaries, as floating point.</summary>
    None = 0,

    /// <summary>
    /// Fixed point in ℤ/2⁶⁴ masked by pairwise masks between the silos (Bonawitz et al. 2017): each silo sends one
    /// vector that looks uniformly random, and the driver learns only the total. Needs the cluster's mutual TLS.
    /// </summary>
    Masking = 1,

    /// <summary>
    /// Fixed point encrypted under the driver's Paillier key: silos send ciphertexts, the driver adds them and decrypts
    /// only the total. Far slower than masking; suited to small summaries.
    /// </summary>
    Paillier = 2,
}
