using ShardML.Core.Execution;

namespace ShardML.Runtime.Tests;

/// <summary>The runtime's per-pass code that a job compiles while its data loads.</summary>
public sealed class PassPreparationTests
{
    [Fact]
    public async Task The_pass_plumbing_names_the_executor_pass_the_aggregator_and_the_merge_and_all_of_it_compiles()
    {
        var methods = PassPreparation.Methods();

        Assert.Contains(methods, m => m.DeclaringType!.FullName!.Contains("ClusterExecutor+<RunAsync>", StringComparison.Ordinal) && m.Name == "MoveNext");
        Assert.Contains(methods, m => m.DeclaringType!.FullName!.Contains("SiloStepRunner+<RunPartitionsAsync>", StringComparison.Ordinal) && m.Name == "MoveNext");
        Assert.Contains(methods, m => m.DeclaringType == typeof(MergeTree) && m.Name == nameof(MergeTree.Complete));
        Assert.Contains(methods, m => m.DeclaringType!.Namespace!.StartsWith("OrleansCodeGen", StringComparison.Ordinal));

        var result = await KernelPreparation.PrepareAsync(methods, CancellationToken.None);
        Assert.Empty(result.Failures);
        Assert.Equal(methods.Count, result.Prepared);
    }
}
