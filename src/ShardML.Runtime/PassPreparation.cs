using System.Reflection;
using ShardML.Core.Execution;
using ShardML.Runtime.Grains;
using ShardML.Runtime.Messages;

namespace ShardML.Runtime;

/// <summary>
/// The runtime's code that every pass runs whatever the algorithm — the executor's pass, the silo aggregator and the step
/// runner with its partition steps, the merge tree, the messages and the generated grain-call glue — for a job to compile while its
/// data loads (<see cref="KernelPreparation.MethodsOf"/>), not in its first pass.
/// </summary>
internal static class PassPreparation
{
    private static readonly Lazy<IReadOnlyList<MethodBase>> All = new(List);

    /// <summary>The list, made once a process: the same for every job.</summary>
    public static IReadOnlyList<MethodBase> Methods() => All.Value;

    private static IReadOnlyList<MethodBase> List() => KernelPreparation.MethodsOf(
    [
        typeof(ClusterExecutor), typeof(PassRunner), typeof(PassOutcome), typeof(ExecutionStatistics), typeof(PassStatistics),
        typeof(SiloAggregatorGrain), typeof(SiloStepRunner), typeof(DecodedSteps), typeof(StepExecution), typeof(ChunkedTransfer), typeof(MergeTree), typeof(SubtreeSummary),
        typeof(StepBatch), typeof(SiloReply), typeof(SubtreePayload), typeof(PartitionTask),
        .. GrainCallGlue(),
    ]);

    /// <summary>The proxy and invokables Orleans generates for the aggregator grain's methods.</summary>
    private static IEnumerable<Type> GrainCallGlue() =>
        typeof(ISiloAggregatorGrain).Assembly.GetTypes().Where(t =>
            t.Namespace?.StartsWith("OrleansCodeGen", StringComparison.Ordinal) == true && t.Name.Contains(nameof(ISiloAggregatorGrain), StringComparison.Ordinal));
}
