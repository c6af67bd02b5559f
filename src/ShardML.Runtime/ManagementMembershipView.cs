namespace ShardML.Runtime;

/// <summary>The active silos as Orleans' membership reports them, through the management grain.</summary>
internal sealed class ManagementMembershipView(IGrainFactory grains) : IMembershipView
{
    public async Task<IReadOnlyList<string>> ActiveSilosAsync(CancellationToken cancellationToken)
    {
        var hosts = await grains.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true, CancellationToken.None).WaitAsync(cancellationToken);
        return [.. hosts.Keys.Select(s => s.ToParsableString()).Order(StringComparer.Ordinal)];
    }
}
