namespace ShardML.Core.Execution;

/// <summary>What the driver of a job may learn from a pass.</summary>
public enum AggregationPrivacy
{
    /// <summary>Every partition's or silo's summary reaches the driver, merged in the clear.</summary>
    Clear = 0,

    /// <summary>
    /// Only totals: every summary must be a sum (<see cref="IAdditiveSummary"/>), aggregated in fixed point so that no
    /// node sees another's share (secure aggregation); a step whose summary is not a sum is refused, unless its
    /// algorithm declared it disclosed (<see cref="IDisclosedSummary"/>).
    /// </summary>
    TotalsOnly = 1,
}
