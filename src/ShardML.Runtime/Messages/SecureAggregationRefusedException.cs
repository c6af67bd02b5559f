namespace ShardML.Runtime.Messages;

/// <summary>
/// A silo refused to take part in secure aggregation — it has no TLS certificate to sign its masking key with, a peer's
/// key or certificate did not verify, or it was asked to mask twice under the same masks. Deterministic: the driver
/// fails the job with this message instead of retrying elsewhere.
/// </summary>
[GenerateSerializer, Alias("shardml.secure-aggregation-refused")]
public sealed class SecureAggregationRefusedException : Exception
{
    public SecureAggregationRefusedException()
    {
    }

    public SecureAggregationRefusedException(string message)
        : base(message)
    {
    }

    public SecureAggregationRefusedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
