namespace ShardML.Runtime.Hosting;

/// <summary>
/// Whether this silo obeys fault injection (a delayed partition, an order to kill itself). Off unless the silo was
/// started with chaos enabled, so a stray or hostile request cannot slow or stop a production node.
/// </summary>
public sealed record ChaosSwitch(bool Enabled)
{
    public static InvalidOperationException Refusal(string what) =>
        new($"{what} was asked for, but chaos is not enabled on this silo (start it with --enable-chaos)");
}
