using ShardML.Algorithms.LinearModels;
using ShardML.Algorithms.Tests.Support;

namespace ShardML.Algorithms.Tests.LinearModels;

public sealed class LinearRegressionDeterminismTests : IDisposable
{
    private readonly DataDirectory _files = new();

    [Theory]
    [InlineData(LinearSolver.GradientDescent)]
    [InlineData(LinearSolver.NormalEquations)]
    public async Task Two_runs_give_the_same_bits(LinearSolver solver)
    {
        var path = _files.WriteCsv("skewed.csv", RegressionData.Skewed());
        var options = solver == LinearSolver.NormalEquations ? RegressionData.Normal() : RegressionData.Descent(l2: 0.01);

        await using var first = await DataDirectory.LoadAsync(path, 5);
        var one = await RegressionData.TrainAsync(first, options);
        await using var second = await DataDirectory.LoadAsync(path, 5);
        var two = await RegressionData.TrainAsync(second, options);

        Approx.SameBits(one.Weights[0].Append(one.Intercept), two.Weights[0].Append(two.Intercept));
        Approx.SameBits(one.Summary.LossHistory, two.Summary.LossHistory);
    }

    [Theory]
    [InlineData(LinearSolver.GradientDescent)]
    [InlineData(LinearSolver.NormalEquations)]
    public async Task One_three_and_eight_partitions_give_the_same_weights(LinearSolver solver)
    {
        var path = _files.WriteCsv("skewed.csv", RegressionData.Skewed());
        var options = solver == LinearSolver.NormalEquations ? RegressionData.Normal() : RegressionData.Descent();

        var models = new List<LinearRegressionModel>();
        foreach (var partitions in new[] { 1, 3, 8 })
        {
            await using var executor = await DataDirectory.LoadAsync(path, partitions);
            Assert.Equal(partitions, executor.Dataset.PartitionCount);
            models.Add(await RegressionData.TrainAsync(executor, options));
        }

        foreach (var other in models.Skip(1))
        {
            Assert.Equal(models[0].Summary.Iterations, other.Summary.Iterations);
            Approx.Relative(models[0].Weights[0], other.Weights[0], 1e-9, $"weights with {other.Summary.Partitions} partitions");
            Approx.Relative(models[0].Intercept, other.Intercept, 1e-9, $"intercept with {other.Summary.Partitions} partitions");
        }
    }

    public void Dispose() => _files.Dispose();
}
