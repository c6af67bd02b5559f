namespace ShardML.Runtime.Messages;

/// <summary>
/// Leave to move one staged payload over a silo's data plane (<c>Transfer/BulkEndpoint</c>): where to connect, the
/// one-time token that opens it, and — under the cluster's TLS — the SHA-256 of the silo's certificate, which the
/// connection must present. It travels in a grain call, so it is as authentic and private as the cluster's messages.
/// </summary>
/// <param name="Host">The silo's advertised address.</param>
/// <param name="Port">The data plane's port there.</param>
/// <param name="Token">32 random bytes, good for one connection within a couple of minutes.</param>
/// <param name="CertificateHash">SHA-256 of the silo's certificate (DER); null for plain TCP (a cluster without TLS).</param>
/// <param name="Checksum">For a download, the XxHash3 of the payload, checked on arrival; 0 for an upload.</param>
[GenerateSerializer, Immutable, Alias("shardml.bulk-ticket")]
public sealed record BulkTicket(
    [property: Id(0)] string Host,
    [property: Id(1)] int Port,
    [property: Id(2)] byte[] Token,
    [property: Id(3)] byte[]? CertificateHash,
    [property: Id(4)] ulong Checksum);
