using ShardML.Algorithms.LinearModels;
using ShardML.Algorithms.Tests.Support;

namespace ShardML.Algorithms.Tests.LinearModels;

public sealed class GradientDescentTests : IDisposable
{
    private readonly DataDirectory _files = new();

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.1)]
    public async Task Gradient_descent_converges_to_the_normal_equations(double l2)
    {
        var path = _files.WriteCsv("skewed.csv", RegressionData.Skewed());
        await using var executor = await DataDirectory.LoadAsync(path, 4);

        // Both minimize 1/(2n) Σ r² + λ/2 Σ (sⱼ wⱼ)², sⱼ the standard deviation, so with λ > 0 the normal solver standardizes too.
        var exact = await RegressionData.TrainAsync(executor, RegressionData.Normal(l2, standardize: l2 > 0));
        var descended = await RegressionData.TrainAsync(executor, RegressionData.Descent(l2));

        Assert.True(descended.Summary.Converged, $"not converged after {descended.Summary.Iterations} iterations");
        Approx.Relative(exact.Weights[0], descended.Weights[0], 1e-4, "weights");
        Approx.Relative(exact.Intercept, descended.Intercept, 1e-4, "intercept");
        Approx.Relative(exact.Summary.FinalLoss, descended.Summary.FinalLoss, 1e-6, "objective at the solution");
    }

    [Fact]
    public async Task A_penalty_shrinks_the_weights_towards_zero()
    {
        var path = _files.WriteCsv("skewed.csv", RegressionData.Skewed());
        await using var executor = await DataDirectory.LoadAsync(path, 2);

        var free = await RegressionData.TrainAsync(executor, RegressionData.Descent());
        var penalized = await RegressionData.TrainAsync(executor, RegressionData.Descent(l2: 0.1));

        var scaling = penalized.Standardization!;
        double Norm(double[] w) => w.Select((v, j) => v * v * scaling.Scale[j] * scaling.Scale[j]).Sum();
        Assert.True(Norm(penalized.Weights[0]) < Norm(free.Weights[0]), "the standardized weights did not shrink");
    }

    [Fact]
    public async Task A_too_large_learning_rate_is_halved_until_descent_converges_and_a_note_says_so()
    {
        var path = _files.WriteCsv("standard.csv", RegressionData.Standard());
        await using var executor = await DataDirectory.LoadAsync(path, 3);

        var exact = await RegressionData.TrainAsync(executor, RegressionData.Normal());
        var model = await RegressionData.TrainAsync(
            executor, RegressionData.Descent() with { Standardize = false, LearningRate = 50 });

        Assert.True(model.Summary.Converged, $"not converged after {model.Summary.Iterations} iterations");
        Assert.Contains(model.Summary.Notes, note => note.Contains("halved", StringComparison.Ordinal));
        Approx.Relative(exact.Weights[0], model.Weights[0], 1e-6, "weights");
        Approx.Relative(exact.Intercept, model.Intercept, 1e-6, "intercept");
        // Accepted steps never raise the loss beyond the trainer's rounding allowance (1e-10 relative).
        Assert.All(model.Summary.LossHistory.Zip(model.Summary.LossHistory.Skip(1)), pair => Assert.True(pair.Second <= pair.First * (1 + 1e-10)));
    }

    [Fact]
    public async Task A_suitable_learning_rate_leaves_no_note()
    {
        var path = _files.WriteCsv("standard.csv", RegressionData.Standard());
        await using var executor = await DataDirectory.LoadAsync(path, 1);

        var model = await RegressionData.TrainAsync(executor, RegressionData.Descent());

        Assert.True(model.Summary.Converged);
        Assert.Empty(model.Summary.Notes);
    }

    [Fact]
    public async Task Gradient_descent_fits_three_points_on_a_line_exactly()
    {
        var path = _files.Write("line.csv", "x,y\n0,1\n1,3\n2,5\n");
        await using var executor = await DataDirectory.LoadAsync(path, 1);

        var model = await RegressionData.TrainAsync(executor, RegressionData.Descent() with { Tolerance = 1e-12 });

        Approx.Absolute(2, model.Weights[0][0], 1e-9, "slope");
        Approx.Absolute(1, model.Intercept, 1e-9, "intercept");
        Approx.Absolute(0, model.Summary.FinalLoss, 1e-15, "loss");
    }

    public void Dispose() => _files.Dispose();
}
