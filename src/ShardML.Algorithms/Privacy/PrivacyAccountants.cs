namespace ShardML.Algorithms.Privacy;

/// <summary>Makes an accountant of a kind, new or continuing a history (a checkpoint's <see cref="AccountantState"/>).</summary>
public static class PrivacyAccountants
{
    public static IPrivacyAccountant Create(AccountantKind kind, PrivacyHistory? history = null) => kind switch
    {
        AccountantKind.Rdp => new RdpAccountant(history),
        AccountantKind.Prv => new PrvAccountant(history),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown accountant"),
    };

    /// <summary>The accountant a checkpoint saved: same kind, same history; the next step recorded adds to it.</summary>
    public static IPrivacyAccountant Restore(AccountantState state) => Create(state.Kind, state.History);
}
