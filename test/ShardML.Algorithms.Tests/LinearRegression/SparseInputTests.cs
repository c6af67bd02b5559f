using ShardML.Algorithms.LinearRegression;
using ShardML.Algorithms.Tests.Support;

namespace ShardML.Algorithms.Tests.LinearRegression;

public sealed class SparseInputTests : IDisposable
{
    private readonly DataDirectory _files = new();

    [Theory]
    [InlineData(LinearRegressionSolver.Normal, 0.0)]
    [InlineData(LinearRegressionSolver.GradientDescent, 0.0)]
    [InlineData(LinearRegressionSolver.GradientDescent, 0.1)]
    public async Task The_same_rows_as_csv_and_as_libsvm_give_the_same_model(LinearRegressionSolver solver, double l2)
    {
        var table = RegressionData.HalfZero();
        var csv = _files.WriteCsv("data.csv", table);
        var libsvm = _files.WriteLibSvm("data.svm", table);
        var options = solver == LinearRegressionSolver.Normal ? RegressionData.Normal(l2) : RegressionData.Descent(l2);

        await using var dense = await DataDirectory.LoadAsync(csv, 3);
        await using var sparse = await DataDirectory.LoadAsync(libsvm, 3);
        Assert.Equal(table.Dimension, sparse.Dataset.Schema.FeatureCount);
        var fromDense = await RegressionData.TrainAsync(dense, options);
        var fromSparse = await RegressionData.TrainAsync(sparse, options);

        Assert.True(fromSparse.Summary.Converged);
        Approx.Relative(fromDense.Weights, fromSparse.Weights, 1e-6, "weights");
        Approx.Relative(fromDense.Intercept, fromSparse.Intercept, 1e-6, "intercept");
    }

    public void Dispose() => _files.Dispose();
}
