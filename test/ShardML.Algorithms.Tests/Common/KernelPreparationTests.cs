using System.Runtime.CompilerServices;
using ShardML.Algorithms.Classification;
using ShardML.Algorithms.Evaluation;
using ShardML.Algorithms.KMeans;
using ShardML.Algorithms.LinearModels;
using ShardML.Core.Execution;
using ShardML.Core.Numerics;
using ShardML.Core.Numerics.Losses;

namespace ShardML.Algorithms.Tests.Common;

/// <summary>The kernels a job names for compiling while its data loads, and their compiling.</summary>
public sealed class KernelPreparationTests
{
    [Fact]
    public void The_optimized_methods_of_a_type_are_those_marked_AggressiveOptimization_and_no_generic_definition()
    {
        var methods = KernelPreparation.OptimizedMethodsOf(typeof(Sample));

        Assert.Equal(new[] { nameof(Sample.Hot) }, methods.Select(m => m.Name));
    }

    [Fact]
    public void K_means_names_its_assignment_sums_and_pass_loop_and_the_bounded_step_only_when_it_runs()
    {
        var lloyd = new KMeansJob(new KMeansOptions { NumberOfClusters = 4, Algorithm = KMeansAlgorithm.Lloyd }).Kernels();
        var bounded = new KMeansJob(new KMeansOptions { NumberOfClusters = 4, Algorithm = KMeansAlgorithm.Bounded }).Kernels();
        var auto = new KMeansJob(new KMeansOptions { NumberOfClusters = 4 }).Kernels(); // Auto may bound at any k

        var names = lloyd.Select(m => $"{m.DeclaringType!.Name}.{m.Name}").ToHashSet();
        Assert.Contains("BlockedAssignment.Assign", names);
        Assert.Contains("BlockedAssignment.Decide", names);
        Assert.Contains("ClusterSums.Add", names);
        Assert.Contains("LloydStep.RunDense", names);
        Assert.Equal(2, lloyd.Count(m => m.Name == "FinishTile256" && m.IsGenericMethod && !m.ContainsGenericParameters)); // the 256-bit finish, k ≤ 16 and any k
        Assert.DoesNotContain(lloyd, m => m.DeclaringType == typeof(BoundedLloydStep));
        Assert.Contains("SegmentSums.Add", names);
        Assert.Contains(bounded, m => m.DeclaringType == typeof(BoundedLloydStep));
        Assert.Contains(auto, m => m.DeclaringType == typeof(BoundedLloydStep));
        Assert.DoesNotContain(auto, m => m.DeclaringType == typeof(YinyangStep)); // k < 128
    }

    [Theory]
    [InlineData(LossKind.Squared, 4)]
    [InlineData(LossKind.Logistic, 9)]
    [InlineData(LossKind.Hinge, 1)]
    public void A_linear_model_names_the_loss_gradient_kernel_of_its_loss(LossKind loss, int expected)
    {
        var kernels = new LinearModelJob(new LinearModelOptions { Loss = loss }).Kernels();

        Assert.Equal(expected, kernels.Count);
        Assert.All(kernels, m => Assert.False(m.ContainsGenericParameters));
        if (loss == LossKind.Logistic)
        {
            // Binary and one-vs-rest models take the block loop, its targets, the dense and sparse block kernels (with
            // their helpers) and the vector loss; more than two classes the softmax branch.
            Assert.Contains(kernels, m => m.DeclaringType == typeof(LossGradientKernel) && m.Name == "Logistic");
            Assert.Contains(kernels, m => m.DeclaringType == typeof(BoundLabels) && m.Name == "Targets");
            Assert.Contains(kernels, m => m.DeclaringType == typeof(LogisticLossBlock) && m.Name == "EvaluateSums");
            Assert.Contains(kernels, m => m.DeclaringType == typeof(LogisticGradientKernel) && m.Name == "Scores");
            Assert.Contains(kernels, m => m.DeclaringType == typeof(LogisticGradientKernel) && m.Name == "AddRows");
            Assert.Contains(kernels, m => m.DeclaringType == typeof(SparseLogisticGradientKernel));
        }
        else
        {
            Assert.Contains(kernels, m => m.DeclaringType == typeof(LossGradientKernel) && m.IsGenericMethod && m.GetGenericArguments().Single().Name == loss + "Loss");
        }

        Assert.Equal(loss == LossKind.Logistic, kernels.Any(m => m.Name == "Softmax"));
    }

    [Fact]
    public async Task A_validated_job_names_its_inner_jobs_kernels_and_they_compile()
    {
        var inner = new KMeansJob(new KMeansOptions { NumberOfClusters = 4 });
        var validated = new ValidatedJob(inner, 0.2, 7);

        var kernels = validated.Kernels();
        var result = await KernelPreparation.PrepareAsync(kernels, CancellationToken.None);

        Assert.Equal(inner.Kernels(), kernels);
        Assert.Equal(kernels.Count, result.Prepared);
        Assert.Empty(result.Failures);
        Assert.Equal(0, (await KernelPreparation.PrepareAsync([], CancellationToken.None)).Prepared);
    }

    [Fact]
    public async Task The_plumbing_of_a_type_is_its_methods_closures_and_async_state_machines_with_their_builder_instantiations()
    {
        var methods = KernelPreparation.MethodsOf(typeof(Plumbing));
        var names = methods.Select(m => $"{m.DeclaringType!.Name}.{m.Name}").ToList();

        Assert.Contains("Plumbing.Twice", names);
        Assert.Contains(methods, m => m.DeclaringType!.Name.StartsWith("<TwiceAsync>", StringComparison.Ordinal) && m.Name == "MoveNext");
        Assert.Contains(methods, m => m.Name.Contains("<Count>", StringComparison.Ordinal)); // the lambda
        Assert.Contains(methods, m => m.Name == "Start" && m.IsGenericMethod && m.GetGenericArguments().Single().Name.StartsWith("<TwiceAsync>", StringComparison.Ordinal));
        Assert.Contains(methods, m => m.Name == "AwaitUnsafeOnCompleted" && m.GetGenericArguments()[0] == typeof(System.Runtime.CompilerServices.TaskAwaiter<int>));
        Assert.Contains(methods, m => m.Name == nameof(Plumbing.First) && m.IsGenericMethod && m.GetGenericArguments().Single() == typeof(ICollection<int>)); // closed over its constraint
        Assert.DoesNotContain(methods, m => m.ContainsGenericParameters);

        var result = await KernelPreparation.PrepareAsync(methods, CancellationToken.None);
        Assert.Empty(result.Failures);
        Assert.Equal(methods.Count, result.Prepared);
    }

    [Fact]
    public void K_means_names_the_code_around_its_passes_the_driver_loop_the_update_and_the_merge()
    {
        var kernels = new KMeansJob(new KMeansOptions { NumberOfClusters = 4 }).Kernels();

        Assert.Contains(kernels, m => m.DeclaringType!.Name.StartsWith("<TrainAsync>", StringComparison.Ordinal) && m.Name == "MoveNext");
        Assert.Contains(kernels, m => m.DeclaringType == typeof(KMeansTrainer) && m.Name == "Update");
        Assert.Contains(kernels, m => m.DeclaringType == typeof(LloydSummary) && m.Name == "Merge");
    }

    private static class Plumbing
    {
        public static int Twice(int x) => 2 * x;

        public static async Task<int> TwiceAsync(int x) => Twice(await Task.Run(() => x));

        public static int Count(IEnumerable<int> values) => values.Count(v => v > 0);

        public static T First<T>(T values)
            where T : ICollection<int> => values;
    }

    private static class Sample
    {
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public static int Hot(int x) => x + 1;

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public static T Generic<T>(T x) => x;

        public static int Cold(int x) => x - 1;
    }
}
