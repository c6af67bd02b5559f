namespace ShardML.Core.Execution;

/// <summary>How a pass runs when only totals may leave a node.</summary>
public enum TotalsOnlyKind
{
    /// <summary>Aggregated in fixed point: the driver learns the total only.</summary>
    Sum,

    /// <summary>Sent in the clear, as its algorithm declared (<see cref="IDisclosedSummary"/>).</summary>
    Disclosed,

    /// <summary>Not allowed.</summary>
    Refused,
}
