namespace ShardML.Runtime.Tests;

/// <summary>A membership view the test changes as it goes; <see cref="OnRead"/> runs before each answer.</summary>
internal sealed class MutableMembership : IMembershipView
{
    public IReadOnlyList<string> Silos { get; set; } = [];

    public Action? OnRead { get; set; }

    public Task<IReadOnlyList<string>> ActiveSilosAsync(CancellationToken cancellationToken)
    {
        OnRead?.Invoke();
        return Task.FromResult(Silos);
    }
}
