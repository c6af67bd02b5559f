namespace ShardML.Runtime.Hosting;

/// <summary>Raised inside a silo's host when the silo must leave and join again as a new member (<see cref="ShardSilo.RunAsync"/>).</summary>
public sealed class SiloRestartSignal
{
    private readonly TaskCompletionSource<string> _requested = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes with the reason when a restart is asked for.</summary>
    public Task<string> Requested => _requested.Task;

    public void Request(string reason) => _requested.TrySetResult(reason);
}
