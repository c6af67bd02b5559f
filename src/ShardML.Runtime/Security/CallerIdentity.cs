namespace ShardML.Runtime.Security;

/// <summary>Who made a call, as its verified token says: a certificate's name, and whether it is a silo's.</summary>
/// <param name="Name">The certificate's name (its CN): a client's identity.</param>
/// <param name="IsSilo">True for a silo of the cluster, whose calls are the runtime's own.</param>
/// <param name="Expires">When the token stops being valid.</param>
public sealed record CallerIdentity(string Name, bool IsSilo, DateTimeOffset Expires);
