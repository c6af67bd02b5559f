using ShardML.Algorithms.Common;
using ShardML.Algorithms.LinearModels;
using ShardML.Algorithms.Svm;
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
    public async Task Cancelled_it_stops_without_a_pass_to_drop_its_state()
    {
        await using var executor = TwoSiloExecutor.Load(_files.WriteClassCsv("noisy.csv", ClassificationData.Noisy(rows: 300), Names), 3);
        using var cancellation = new CancellationTokenSource();
        var steps = new List<object>();
        executor.Route = (step, _) =>
        {
            steps.Add(step);
            if (step is CocoaStep { Round: 3 })
            {
                cancellation.Cancel(); // as Ctrl-C would, mid-round
            }

            return [TwoSiloExecutor.Silo.A];
        };

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            new LinearModelTrainer().TrainAsync(executor, Options(), null, cancellation.Token));

        Assert.DoesNotContain(steps, s => s is DropStateStep);
    }

    [Fact]
    public async Task A_failure_to_drop_its_state_is_logged_not_thrown()
    {
        var table = ClassificationData.Noisy(rows: 300);
        await using var executor = TwoSiloExecutor.Load(_files.WriteClassCsv("noisy.csv", table, Names), 3);
        executor.Route = (step, _) => step is DropStateStep ? throw new InvalidOperationException("the silos went away") : [TwoSiloExecutor.Silo.A];

        var model = await ClassificationData.TrainAsync(executor, Options() with { MaximumIterations = 5 });

        Assert.Equal(5, model.Summary.Iterations);
    }

    [Fact]
    public async Task Separable_data_is_classified_with_at_least_99_percent_training_accuracy()
    {
        var table = ClassificationData.Separable();
        await using var executor = await DataDirectory.LoadAsync(_files.WriteClassCsv("separable.csv", table, Names), 3, categorical: true);

        var model = await ClassificationData.TrainAsync(executor, Options() with { L2 = 1e-4 });

        Assert.True(ReferenceLogistic.Accuracy(table, model.Weights[0], model.Intercepts[0]) >= 0.99);
    }

    [Fact]
    public async Task With_standardization_it_solves_the_svm_of_the_standardized_features()
    {
        // Features on scales from 0.01 to 1000 and far from zero: on raw features the dual steps would be tiny.
        double[] scales = [1, 100, 0.01, 1000, 10];
        var noisy = ClassificationData.Noisy(rows: 1000);
        var table = noisy with { Rows = noisy.Rows.Select(r => r.Select((v, j) => (float)((v + 30) * scales[j])).ToArray()).ToArray() };
        await using var executor = await DataDirectory.LoadAsync(_files.WriteClassCsv("scaled.csv", table, Names), 3, categorical: true);

        var model = await ClassificationData.TrainAsync(executor, Options() with { Standardize = true });

        // The reference solves the documented objective on (x − μ)/σ; the model's raw weights map back to it.
        var d = table.Dimension;
        var mean = Enumerable.Range(0, d).Select(j => table.Rows.Average(r => (double)r[j])).ToArray();
        var deviation = Enumerable.Range(0, d).Select(j => LinearModels.ReferenceLeastSquares.StandardDeviation(table, j)).ToArray();
        var standardized = table with { Rows = table.Rows.Select(r => r.Select((v, j) => (float)((v - mean[j]) / deviation[j])).ToArray()).ToArray() };
        var (w, b) = ReferenceDualCoordinateDescent.Solve(standardized, L2);
        var weights = model.Weights[0].Select((v, j) => v * deviation[j]).ToArray();
        var bias = model.Intercepts[0] + model.Weights[0].Select((v, j) => v * mean[j]).Sum();
        Assert.True(model.Summary.Converged, $"gap {model.Summary.RelativeDualityGap}");
        Approx.Relative(
            ReferenceDualCoordinateDescent.Primal(standardized, w, b, L2),
            ReferenceDualCoordinateDescent.Primal(standardized, weights, bias, L2),
            1e-4,
            "primal objective on standardized features");
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
