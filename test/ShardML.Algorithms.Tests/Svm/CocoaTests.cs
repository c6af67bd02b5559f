using ShardML.Algorithms.LinearModels;
using ShardML.Algorithms.Tests.LinearModels;
using ShardML.Algorithms.Tests.Support;

namespace ShardML.Algorithms.Tests.Svm;

public sealed class CocoaTests : IDisposable
{
    private const double L2 = 1e-3;
    private static readonly string[] Names = ["-1", "+1"];
    private readonly DataDirectory _files = new();

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public async Task Reaches_a_relative_duality_gap_of_1e_4_and_the_primal_of_reference_dual_coordinate_descent(int partitions)
    {
        var table = ClassificationData.Noisy();
        await using var executor = await DataDirectory.LoadAsync(_files.WriteClassCsv("noisy.csv", table, Names), partitions, categorical: true);

        var model = await ClassificationData.TrainAsync(executor, Options());
        var (w, b) = ReferenceDualCoordinateDescent.Solve(table, L2);

        Assert.True(model.Summary.Converged, $"gap {model.Summary.RelativeDualityGap}");
        Assert.InRange(model.Summary.RelativeDualityGap!.Value, 0, 1e-4);
        var primal = ReferenceDualCoordinateDescent.Primal(table, model.Weights[0], model.Intercepts[0], L2);
        Approx.Relative(ReferenceDualCoordinateDescent.Primal(table, w, b, L2), primal, 1e-4, "primal objective");
        Approx.Relative(primal, model.Summary.FinalLoss, 1e-9, "the primal the trainer reports");
    }

    [Fact]
    public async Task A_partition_that_loses_its_dual_state_restarts_from_zero_and_the_job_still_reaches_the_optimum()
    {
        var table = ClassificationData.Noisy();
        await using var executor = PartitionsExecutor.Load(_files.WriteClassCsv("noisy.csv", table, Names), 3);
        executor.BeforePass = (pass, e) =>
        {
            if (pass is 6 or 7)
            {
                e.Partitions[pass - 5].State.Clear(); // as a reload would: partition 1 before round 5, partition 2 before round 6
            }
        };

        var model = await ClassificationData.TrainAsync(executor, Options());
        var (w, b) = ReferenceDualCoordinateDescent.Solve(table, L2);

        Assert.True(model.Summary.Converged);
        Assert.Equal(2, model.Summary.Notes.Count(n => n.Contains("restarted from α = 0", StringComparison.Ordinal)));
        Approx.Relative(
            ReferenceDualCoordinateDescent.Primal(table, w, b, L2),
            ReferenceDualCoordinateDescent.Primal(table, model.Weights[0], model.Intercepts[0], L2),
            1e-4,
            "primal objective");
    }

    [Fact]
    public async Task Leaves_no_working_state_on_the_partitions()
    {
        var table = ClassificationData.Noisy(rows: 300);
        await using var executor = PartitionsExecutor.Load(_files.WriteClassCsv("noisy.csv", table, Names), 3);

        await ClassificationData.TrainAsync(executor, Options() with { MaximumIterations = 5 });

        Assert.All(executor.Partitions, p => Assert.Empty(p.State));
    }

    [Fact]
    public async Task Separable_data_is_classified_with_at_least_99_percent_training_accuracy()
    {
        var table = ClassificationData.Separable();
        await using var executor = await DataDirectory.LoadAsync(_files.WriteClassCsv("separable.csv", table, Names), 3, categorical: true);

        var model = await ClassificationData.TrainAsync(executor, Options() with { L2 = 1e-4 });

        Assert.True(ReferenceLogistic.Accuracy(table, model.Weights[0], model.Intercepts[0]) >= 0.99);
    }

    public void Dispose() => _files.Dispose();

    internal static LinearModelOptions Options() => new()
    {
        Loss = LossKind.Hinge,
        Solver = LinearSolver.Cocoa,
        L2 = L2,
        MaximumIterations = 5000,
        Tolerance = 1e-4,
        Seed = 3,
    };
}
