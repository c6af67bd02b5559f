namespace ShardML.Runtime.Security;

/// <summary>
/// The client a grain call is made for, while the call runs: set by <see cref="AccessFilter"/> on silos that enforce
/// access, null on silos that do not (no TLS, the embedded silo) and for calls between silos.
/// </summary>
internal static class Caller
{
    private static readonly AsyncLocal<ClientCall?> CurrentCall = new();

    public static ClientCall? Current
    {
        get => CurrentCall.Value;
        set => CurrentCall.Value = value;
    }
}
