using ShardML.Core.SecureAggregation;

namespace ShardML.Runtime.Messages;

/// <summary>
/// A silo's masking key for a secure session, signed with its TLS certificate's key, with that certificate (public part,
/// DER) so that every peer can check it chains to the cluster's CA, belongs to a silo, and signed this key.
/// </summary>
[GenerateSerializer, Immutable, Alias("shardml.masking-announcement")]
public sealed record MaskingAnnouncement(
    [property: Id(0)] string Silo,
    [property: Id(1)] byte[] PublicKey,
    [property: Id(2)] byte[] Signature,
    [property: Id(3)] byte[] Certificate)
{
    /// <summary>The signed key as <see cref="MaskingParty.AcceptPeer"/> takes it.</summary>
    public SignedMaskingKey SignedKey(string session) => new(session, Silo, PublicKey, Signature);
}
