namespace ShardML.Core.Execution;

/// <summary>
/// Which steps may run when only totals may leave a node (<see cref="AggregationPrivacy.TotalsOnly"/>), decided from
/// the summary type alone, before anything runs: sums are aggregated securely, disclosed summaries travel in the
/// clear, and anything else is refused with a message naming the step. Every executor asks here, so the in-memory
/// reference and the cluster refuse alike.
/// </summary>
public static class TotalsOnlyPasses
{
    /// <summary>How a step whose summaries are <paramref name="summaryType"/> runs under <see cref="AggregationPrivacy.TotalsOnly"/>.</summary>
    public static TotalsOnlyKind KindOf(Type summaryType) =>
        typeof(IAdditiveSummary).IsAssignableFrom(summaryType) ? TotalsOnlyKind.Sum
        : typeof(IDisclosedSummary).IsAssignableFrom(summaryType) ? TotalsOnlyKind.Disclosed
        : TotalsOnlyKind.Refused;

    /// <summary>Throws <see cref="TotalsOnlyRefusedException"/> unless <paramref name="step"/>'s summaries are sums or disclosed.</summary>
    public static TotalsOnlyKind Require(IPartitionStep step)
    {
        var summary = SummaryTypeOf(step.GetType());
        var kind = KindOf(summary);
        return kind == TotalsOnlyKind.Refused ? throw new TotalsOnlyRefusedException(step.GetType().Name, summary.Name) : kind;
    }

    /// <summary>
    /// The most derived summary type a step declares (a step typed as <c>IPartitionStep&lt;ISummary&gt;</c>, as a model's
    /// evaluation step is, still declares its own).
    /// </summary>
    public static Type SummaryTypeOf(Type stepType)
    {
        var declared = stepType.GetInterfaces()
            .Where(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IPartitionStep<>))
            .Select(i => i.GetGenericArguments()[0])
            .ToArray();
        return declared.FirstOrDefault(t => declared.All(other => other.IsAssignableFrom(t))) ?? typeof(ISummary);
    }
}
