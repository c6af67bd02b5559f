namespace ShardML.Runtime.Security;

/// <summary>
/// What a certificate lets its holder be in a cluster. A silo's certificate carries both TLS usages (silos serve
/// clients and each other, and connect to each other); a client's carries client authentication only, so a
/// client's key — the one most often copied to laptops and CI — cannot join the cluster as a silo.
/// </summary>
public enum CertificateRole
{
    Silo,
    Client,
}
