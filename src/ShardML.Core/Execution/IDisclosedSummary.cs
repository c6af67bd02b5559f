namespace ShardML.Core.Execution;

/// <summary>
/// A summary that is not a sum but that its algorithm lets travel in the clear when the executor otherwise reveals only
/// totals (<see cref="AggregationPrivacy.TotalsOnly"/>), because the job cannot start without it and no sum can stand in
/// for it. <see cref="Disclosure"/> says what it gives away; docs/SECURITY.md lists every such type.
/// </summary>
public interface IDisclosedSummary : ISummary
{
    /// <summary>What a driver learns from this summary, in a sentence, for the logs.</summary>
    string Disclosure { get; }
}
