using ShardML.Runtime.Hosting;

namespace ShardML.Runtime.Audit;

/// <inheritdoc cref="IAuditDayGrain"/>
internal sealed class AuditDayGrain([PersistentState("audit", StateStore.Name)] IPersistentState<AuditDayState> day) : Grain, IAuditDayGrain
{
    public async Task AppendAsync(AuditEntry entry)
    {
        day.State.Entries.Add(entry);
        await day.WriteStateAsync();
    }

    public Task<AuditEntry[]> ReadAsync() => Task.FromResult(day.State.Entries.ToArray());
}
