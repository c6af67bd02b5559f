using ShardML.Algorithms.LinearModels;
using ShardML.Algorithms.Tests.Support;

namespace ShardML.Algorithms.Tests.LinearModels;

public sealed class RegressionSparseInputTests : IDisposable
{
    private readonly DataDirectory _files = new();

    [Theory]
    [InlineData(LinearSolver.NormalEquations, 0.0)]
    [InlineData(LinearSolver.GradientDescent, 0.0)]
    [InlineData(LinearSolver.GradientDescent, 0.1)]
    public async Task The_same_rows_as_csv_and_as_libsvm_give_the_same_model(LinearSolver solver, double l2)
    {
        var table = RegressionData.HalfZero();
        var csv = _files.WriteCsv("data.csv", table);
        var libsvm = _files.WriteLibSvm("data.svm", table);
        var options = solver == LinearSolver.NormalEquations ? RegressionData.Normal(l2) : RegressionData.Descent(l2);

        await using var dense = await DataDirectory.LoadAsync(csv, 3);
        await using var sparse = await DataDirectory.LoadAsync(libsvm, 3);
        Assert.Equal(table.Dimension, sparse.Dataset.Schema.FeatureCount);
        var fromDense = await RegressionData.TrainAsync(dense, options);
        var fromSparse = await RegressionData.TrainAsync(sparse, options);

        Assert.True(fromSparse.Summary.Converged);
        Approx.Relative(fromDense.Weights[0], fromSparse.Weights[0], 1e-6, "weights");
        Approx.Relative(fromDense.Intercept, fromSparse.Intercept, 1e-6, "intercept");
    }

    public void Dispose() => _files.Dispose();
}
