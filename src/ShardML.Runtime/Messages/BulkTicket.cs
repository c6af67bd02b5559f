namespace ShardML.Runtime.Messages;

/// <summary>
/// Leave to move one staged payload over a silo's data plane (<c>Transfer/BulkEndpoint</c>): where to connect, the
/// one-time token that opens it, and — under the cluster's TLS — the SHA-256 of the silo's certificate, which the
/// connection must present. It travels in a grain call (the call that asks for it, or the reply of a pass whose summary
/// it fetches), so it is as authentic and private as the cluster's messages. The payload's checksum travels with the
/// bytes (<c>Transfer/PayloadChecksum</c>): the sender hashes as it sends, so nothing is hashed before the ticket exists.
/// </summary>
/// <param name="Host">The silo's advertised address.</param>
/// <param name="Port">The data plane's port there.</param>
/// <param name="Token">32 random bytes, good for one connection within a couple of minutes.</param>
/// <param name="CertificateHash">SHA-256 of the silo's certificate (DER); null for plain TCP (a cluster without TLS).</param>
[GenerateSerializer, Immutable, Alias("shardml.bulk-ticket")]
public sealed record BulkTicket(
    [property: Id(0)] string Host,
    [property: Id(1)] int Port,
    [property: Id(2)] byte[] Token,
    [property: Id(3)] byte[]? CertificateHash);
