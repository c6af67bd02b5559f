namespace ShardML.Runtime.Security;

/// <summary>A client's call: its identity and what the access policy grants it.</summary>
internal sealed record ClientCall(string Identity, AccessLevel Granted)
{
    /// <summary>True when the client may act on a job owned by <paramref name="owner"/>: its own, or anyone's as an admin.</summary>
    public bool MayActOn(string? owner) => Granted >= AccessLevel.Admin || (Granted >= AccessLevel.Train && string.Equals(owner, Identity, StringComparison.Ordinal));
}
