using ShardML.Runtime.Hosting;

namespace ShardML.Runtime.Audit;

/// <inheritdoc cref="IAuditIndexGrain"/>
internal sealed class AuditIndexGrain([PersistentState("audit-index", StateStore.Name)] IPersistentState<AuditIndexState> index) : Grain, IAuditIndexGrain
{
    public async Task AddAsync(string day)
    {
        if (index.State.Days.Add(day))
        {
            await index.WriteStateAsync();
        }
    }

    public Task<string[]> DaysAsync() => Task.FromResult(index.State.Days.ToArray());
}
