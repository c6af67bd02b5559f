using ShardML.Algorithms.LinearModels;
using ShardML.Algorithms.Tests.Support;
using ShardML.Algorithms.Tests.Svm;

namespace ShardML.Algorithms.Tests.LinearModels;

public sealed class LinearModelDeterminismTests : IDisposable
{
    private static readonly string[] Names = ["no", "yes"];
    private readonly DataDirectory _files = new();

    public static TheoryData<LinearSolver> Solvers => [LinearSolver.Sgd, LinearSolver.LocalSgd, LinearSolver.Lbfgs, LinearSolver.Cocoa];

    [Theory]
    [MemberData(nameof(Solvers))]
    public async Task A_fixed_seed_gives_bit_identical_models(LinearSolver solver)
    {
        var path = _files.WriteClassCsv("noisy.csv", ClassificationData.Noisy(rows: 600), Names);
        var options = For(solver);

        await using var first = await DataDirectory.LoadAsync(path, 3, categorical: true);
        var one = await ClassificationData.TrainAsync(first, options);
        await using var second = await DataDirectory.LoadAsync(path, 3, categorical: true);
        var two = await ClassificationData.TrainAsync(second, options);

        Approx.SameBits(one.Weights[0].Append(one.Intercepts[0]), two.Weights[0].Append(two.Intercepts[0]));
        Approx.SameBits(one.Summary.LossHistory, two.Summary.LossHistory);
    }

    [Theory]
    [InlineData(LinearSolver.Sgd)]
    [InlineData(LinearSolver.LocalSgd)]
    public async Task Another_seed_draws_other_batches(LinearSolver solver)
    {
        var path = _files.WriteClassCsv("noisy.csv", ClassificationData.Noisy(rows: 600), Names);
        await using var executor = await DataDirectory.LoadAsync(path, 3, categorical: true);

        var one = await ClassificationData.TrainAsync(executor, For(solver));
        var two = await ClassificationData.TrainAsync(executor, For(solver) with { Seed = 99 });

        Assert.NotEqual(one.Weights[0], two.Weights[0]);
    }

    [Fact]
    public async Task Lbfgs_on_one_three_and_eight_partitions_reaches_the_same_model()
    {
        var table = ClassificationData.Noisy();
        var path = _files.WriteClassCsv("noisy.csv", table, Names);

        var models = new List<LinearModel>();
        foreach (var partitions in new[] { 1, 3, 8 })
        {
            await using var executor = await DataDirectory.LoadAsync(path, partitions, categorical: true);
            Assert.Equal(partitions, executor.Dataset.PartitionCount);
            models.Add(await ClassificationData.TrainAsync(executor, LogisticRegressionTests.Lbfgs()));
        }

        foreach (var other in models.Skip(1))
        {
            Approx.Relative(models[0].Summary.FinalLoss, other.Summary.FinalLoss, 1e-10, $"objective with {other.Summary.Partitions} partitions");
            Approx.Relative(models[0].Weights[0], other.Weights[0], 1e-5, $"weights with {other.Summary.Partitions} partitions");
        }
    }

    [Fact]
    public async Task Cocoa_on_one_three_and_eight_partitions_reaches_the_same_primal_to_its_gap()
    {
        var table = ClassificationData.Noisy();
        var path = _files.WriteClassCsv("noisy.csv", table, Names);

        var primals = new List<double>();
        foreach (var partitions in new[] { 1, 3, 8 })
        {
            await using var executor = await DataDirectory.LoadAsync(path, partitions, categorical: true);
            var model = await ClassificationData.TrainAsync(executor, CocoaTests.Options());
            Assert.True(model.Summary.Converged, $"{partitions} partitions: gap {model.Summary.RelativeDualityGap}");
            primals.Add(model.Summary.FinalLoss);
        }

        Assert.All(primals.Skip(1), p => Approx.Relative(primals[0], p, 1e-4, "primal objective"));
    }

    public void Dispose() => _files.Dispose();

    private static LinearModelOptions For(LinearSolver solver) => solver switch
    {
        LinearSolver.Lbfgs => LogisticRegressionTests.Lbfgs(),
        LinearSolver.Cocoa => CocoaTests.Options() with { MaximumIterations = 50 },
        _ => LogisticRegressionTests.Sgd() with { Solver = solver, Epochs = 3, LocalSteps = 4 },
    };
}
