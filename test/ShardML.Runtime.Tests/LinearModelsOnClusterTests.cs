using System.Globalization;
using System.Text;
using ShardML.Algorithms.LinearModels;
using ShardML.Core.Data;
using ShardML.Core.Execution;

namespace ShardML.Runtime.Tests;

public sealed class LinearModelsOnClusterTests(ThreeSiloClusterFixture fixture) : IClassFixture<ThreeSiloClusterFixture>, IDisposable
{
    private readonly SampleFiles _files = new();

    public static TheoryData<LinearSolver> Solvers => [LinearSolver.Cocoa, LinearSolver.LocalSgd, LinearSolver.Lbfgs];

    [Theory]
    [MemberData(nameof(Solvers))]
    public async Task Classification_on_three_silos_has_the_same_bits_as_in_memory(LinearSolver solver)
    {
        var plan = DatasetPlanner.Plan(new DatasetOptions { Path = TwoClasses(), CategoricalLabel = true }, 6);
        var options = Options(solver);

        await using var local = await InMemoryExecutor.LoadAsync(plan, CancellationToken.None);
        var expected = await new LinearModelTrainer().TrainAsync(local, options, null, CancellationToken.None);
        await using var cluster = await fixture.Shard.LoadAsync(plan, CancellationToken.None);
        var actual = await new LinearModelTrainer().TrainAsync(cluster, options, null, CancellationToken.None);

        Assert.Equal(["east", "west"], Assert.IsType<LinearClassifierModel>(actual).Classes);
        Assert.Equal(expected.Weights[0], actual.Weights[0]);
        Assert.Equal(expected.Intercepts[0], actual.Intercepts[0]);
        Assert.Equal(expected.Summary.LossHistory, actual.Summary.LossHistory);
    }

    [Theory]
    [InlineData(LinearSolver.Lbfgs)]
    [InlineData(LinearSolver.LocalSgd)]
    public async Task A_multinomial_model_on_three_silos_has_the_same_bits_as_in_memory(LinearSolver solver)
    {
        var plan = DatasetPlanner.Plan(new DatasetOptions { Path = ThreeClasses(), CategoricalLabel = true }, 6);
        var options = Options(solver);

        await using var local = await InMemoryExecutor.LoadAsync(plan, CancellationToken.None);
        var expected = await new LinearModelTrainer().TrainAsync(local, options, null, CancellationToken.None);
        await using var cluster = await fixture.Shard.LoadAsync(plan, CancellationToken.None);
        var actual = Assert.IsType<LinearClassifierModel>(await new LinearModelTrainer().TrainAsync(cluster, options, null, CancellationToken.None));

        Assert.True(actual.Multinomial);
        Assert.Equal(["east", "north", "west"], actual.Classes);
        Assert.Equal(expected.PackCoefficients(), actual.PackCoefficients());
        Assert.Equal(expected.Summary.LossHistory, actual.Summary.LossHistory);
    }

    [Fact]
    public async Task A_partition_lost_mid_job_restarts_its_duals_and_cocoa_still_reaches_the_same_gap()
    {
        var plan = DatasetPlanner.Plan(new DatasetOptions { Path = TwoClasses(), CategoricalLabel = true }, 6);
        var options = Options(LinearSolver.Cocoa) with { MaximumIterations = 2000, Tolerance = 1e-4 };
        await using var local = await InMemoryExecutor.LoadAsync(plan, CancellationToken.None);
        var expected = await new LinearModelTrainer().TrainAsync(local, options, null, CancellationToken.None);
        await using var cluster = await fixture.Shard.LoadAsync(plan, CancellationToken.None);
        var interrupted = new InterruptingExecutor(cluster, pass => pass == 8
            ? fixture.Cluster.Client.GetGrain<Grains.ISiloAggregatorGrain>(cluster.Placement[4]).ReleaseAsync(cluster.DatasetId, [4])
            : Task.CompletedTask);

        var actual = await new LinearModelTrainer().TrainAsync(interrupted, options, null, CancellationToken.None);

        Assert.Equal(1, cluster.Statistics.ReloadedPartitions);
        Assert.Contains(actual.Summary.Notes, n => n.Contains("restarted from α = 0", StringComparison.Ordinal));
        Assert.True(actual.Summary.Converged);
        Assert.True(Math.Abs(expected.Summary.FinalLoss - actual.Summary.FinalLoss) <= 1e-4 * expected.Summary.FinalLoss);
    }

    [Fact]
    public async Task Cocoa_saves_the_checkpoints_of_in_memory_on_three_silos_and_resumed_on_a_fresh_load_gives_its_bits()
    {
        var plan = DatasetPlanner.Plan(new DatasetOptions { Path = TwoClasses(), CategoricalLabel = true }, 6);
        var options = Options(LinearSolver.Cocoa);
        var expectedCheckpoints = new List<byte[]>();
        await using var local = await InMemoryExecutor.LoadAsync(plan, CancellationToken.None);
        var expected = await new LinearModelTrainer().TrainAsync(local, options, null, Checkpoints(null, expectedCheckpoints), CancellationToken.None);

        // The duals are collected from partitions on three silos, merged on each silo and then on the driver.
        var clusterCheckpoints = new List<byte[]>();
        await using (var cluster = await fixture.Shard.LoadAsync(plan, CancellationToken.None))
        {
            await new LinearModelTrainer().TrainAsync(cluster, options, null, Checkpoints(null, clusterCheckpoints), CancellationToken.None);
        }

        // A new job run loads the dataset afresh, under a new id: its partitions hold no duals until the checkpoint's are given back.
        await using var fresh = await fixture.Shard.LoadAsync(plan, CancellationToken.None);
        var resumed = await new LinearModelTrainer().TrainAsync(fresh, options, null, Checkpoints(expectedCheckpoints[0], []), CancellationToken.None);

        Assert.Equal(2, expectedCheckpoints.Count);
        Assert.Equal(expectedCheckpoints, clusterCheckpoints);
        Assert.Equal(expected.Weights[0], resumed.Weights[0]);
        Assert.Equal(expected.Intercepts[0], resumed.Intercepts[0]);
        Assert.Equal(expected.Summary.LossHistory, resumed.Summary.LossHistory);
        Assert.Equal(expected.Summary.Notes, resumed.Summary.Notes);
    }

    [Fact]
    public async Task Dp_sgd_with_a_partition_lost_mid_job_draws_each_steps_noise_once_and_gives_the_bits_of_in_memory()
    {
        var plan = DatasetPlanner.Plan(new DatasetOptions { Path = TwoClasses(), CategoricalLabel = true }, 6);
        var options = new LinearModelOptions
        {
            Loss = LossKind.Logistic, Solver = LinearSolver.Sgd, BatchSize = 120, Epochs = 2, LearningRate = 0.5, Seed = 4,
            Privacy = new Algorithms.Privacy.DifferentialPrivacyOptions { Epsilon = 2, TestSeed = 21 },
        };
        await using var local = await InMemoryExecutor.LoadAsync(plan, CancellationToken.None);
        var expected = await new LinearModelTrainer().TrainAsync(local, options, null, CancellationToken.None);
        await using var cluster = await fixture.Shard.LoadAsync(plan, CancellationToken.None);
        var interrupted = new InterruptingExecutor(cluster, pass => pass == 6
            ? fixture.Cluster.Client.GetGrain<Grains.ISiloAggregatorGrain>(cluster.Placement[2]).ReleaseAsync(cluster.DatasetId, [2])
            : Task.CompletedTask);

        var actual = await new LinearModelTrainer().TrainAsync(interrupted, options, null, CancellationToken.None);

        Assert.Equal(1, cluster.Statistics.ReloadedPartitions);
        Assert.Equal(expected.Weights[0], actual.Weights[0]);
        Assert.Equal(expected.Intercepts[0], actual.Intercepts[0]);
        Assert.Equal(expected.Summary.Privacy, actual.Summary.Privacy);
    }

    [Fact]
    public async Task A_label_the_model_never_saw_on_a_silo_reports_file_line_and_column_to_the_client()
    {
        var training = DatasetPlanner.Plan(new DatasetOptions { Path = TwoClasses(), CategoricalLabel = true }, 3);
        await using var local = await InMemoryExecutor.LoadAsync(training, CancellationToken.None);
        var model = await new LinearModelTrainer().TrainAsync(local, Options(LinearSolver.Lbfgs), null, CancellationToken.None);
        var lines = File.ReadAllLines(TwoClasses()).ToList();
        lines[401] = lines[401].Replace("west", "north", StringComparison.Ordinal).Replace("east", "north", StringComparison.Ordinal);
        var path = _files.Write("north.csv", string.Join('\n', lines) + "\n");
        var plan = DatasetPlanner.Plan(new DatasetOptions { Path = path, CategoricalLabel = true, Features = model.FeatureNames, Label = "side" }, 5);
        await using var cluster = await fixture.Shard.LoadAsync(plan, CancellationToken.None);

        var error = await Assert.ThrowsAsync<DataFormatException>(() => cluster.RunAsync(model.CreateEvaluateStep(cluster.Dataset.Schema), CancellationToken.None));

        Assert.Contains("north.csv:402:3: label 'north' is not one of the model's classes", error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => _files.Dispose();

    /// <summary>Checkpoints every 10 rounds into <paramref name="saved"/>, resuming from <paramref name="resumeFrom"/> when given.</summary>
    private static Algorithms.Common.TrainerCheckpoints Checkpoints(byte[]? resumeFrom, List<byte[]> saved) =>
        new(new JobContext(resumeFrom, 10, (_, bytes, _) => { saved.Add(bytes); return Task.CompletedTask; }, null));

    private static LinearModelOptions Options(LinearSolver solver) => solver switch
    {
        LinearSolver.Cocoa => new LinearModelOptions { Solver = solver, Loss = LossKind.Hinge, L2 = 1e-3, MaximumIterations = 25, Tolerance = 0, Seed = 4 },
        LinearSolver.LocalSgd => new LinearModelOptions { Solver = solver, Loss = LossKind.Logistic, LearningRate = 0.5, BatchSize = 60, LocalSteps = 4, Epochs = 3, Standardize = true, Seed = 4 },
        _ => new LinearModelOptions { Solver = solver, Loss = LossKind.Logistic, L2 = 1e-3, Seed = 4 },
    };

    /// <summary>Two overlapping Gaussian classes in 2-D with string labels; line i + 2 holds row i.</summary>
    private string TwoClasses()
    {
        var random = new Random(8);
        var text = new StringBuilder("x1,x2,side\n");
        for (var i = 0; i < 1200; i++)
        {
            var west = i % 2 == 0;
            var x1 = (west ? -1 : 1) + Gaussian(random);
            var x2 = (0.5 * x1) + Gaussian(random);
            text.Append(x1.ToString("F5", CultureInfo.InvariantCulture)).Append(',').Append(x2.ToString("F5", CultureInfo.InvariantCulture))
                .Append(',').Append(west ? "west" : "east").Append('\n');
        }

        return _files.Write("sides.csv", text.ToString());
    }

    /// <summary>Three overlapping Gaussian classes in 2-D with string labels.</summary>
    private string ThreeClasses()
    {
        var random = new Random(9);
        string[] names = ["west", "east", "north"];
        double[][] centers = [[-1, 0], [1, 0], [0, 1.5]];
        var text = new StringBuilder("x1,x2,side\n");
        for (var i = 0; i < 1200; i++)
        {
            var c = i % 3;
            var x1 = centers[c][0] + Gaussian(random);
            var x2 = centers[c][1] + Gaussian(random);
            text.Append(x1.ToString("F5", CultureInfo.InvariantCulture)).Append(',').Append(x2.ToString("F5", CultureInfo.InvariantCulture))
                .Append(',').Append(names[c]).Append('\n');
        }

        return _files.Write("three-sides.csv", text.ToString());
    }

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    /// <summary>Runs an action before each pass of a real executor: how a test makes a silo lose a partition mid-job.</summary>
    private sealed class InterruptingExecutor(IPartitionExecutor inner, Func<int, Task> beforePass) : IPartitionExecutor
    {
        private int _passes;

        public LoadedDataset Dataset => inner.Dataset;

        public async Task<TSummary> RunAsync<TSummary>(IPartitionStep<TSummary> step, CancellationToken cancellationToken)
            where TSummary : class, ISummary
        {
            await beforePass(++_passes);
            return await inner.RunAsync(step, cancellationToken);
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
