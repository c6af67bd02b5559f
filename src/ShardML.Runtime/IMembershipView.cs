namespace ShardML.Runtime;

/// <summary>Which silos are active, as the driver sees them; sorted parsable silo addresses.</summary>
public interface IMembershipView
{
    Task<IReadOnlyList<string>> ActiveSilosAsync(CancellationToken cancellationToken);
}
