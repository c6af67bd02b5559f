using ShardML.Algorithms.LinearModels;
using ShardML.Algorithms.Tests.Support;

namespace ShardML.Algorithms.Tests.LinearModels;

public sealed class NormalEquationsSolverTests : IDisposable
{
    private readonly DataDirectory _files = new();

    [Fact]
    public async Task Normal_solver_matches_gaussian_elimination_on_the_normal_equations_with_an_intercept_column()
    {
        var table = RegressionData.Skewed();
        var path = _files.WriteCsv("skewed.csv", table);
        await using var executor = await DataDirectory.LoadAsync(path, 3);

        var model = await RegressionData.TrainAsync(executor, RegressionData.Normal());
        var (weights, intercept) = ReferenceLeastSquares.Solve(table);

        Approx.Relative(weights, model.Weights[0], 1e-8, "weights");
        Approx.Relative(intercept, model.Intercept, 1e-8, "intercept");
        Approx.Relative(RegressionData.TrueWeights, model.Weights[0], 0.05, "weights against the generating ones");
    }

    [Fact]
    public async Task Normal_solver_with_a_penalty_matches_the_closed_form_of_the_documented_objective()
    {
        var table = RegressionData.Skewed();
        var path = _files.WriteCsv("skewed.csv", table);
        await using var executor = await DataDirectory.LoadAsync(path, 3);

        var model = await RegressionData.TrainAsync(executor, RegressionData.Normal(l2: 0.1, standardize: true));
        var (weights, intercept) = ReferenceLeastSquares.Solve(table, l2: 0.1);
        var (unpenalized, _) = ReferenceLeastSquares.Solve(table);

        Approx.Relative(weights, model.Weights[0], 1e-8, "weights");
        Approx.Relative(intercept, model.Intercept, 1e-8, "intercept");
        Assert.True(Math.Abs(model.Weights[0][1] - unpenalized[1]) > 1e-3 * Math.Abs(unpenalized[1]), "the penalty changed nothing");
    }

    [Fact]
    public async Task Normal_solver_keeps_its_digits_when_a_feature_mean_dwarfs_its_spread()
    {
        // A year-like feature (mean 10⁵, spread 1): raw XᵀX/n − x̄x̄ᵀ cancels ten digits of the sums and was off by
        // ~10⁻³ in the intercept; centered moments are not.
        var table = FarFromOrigin();
        var path = _files.WriteCsv("far.csv", table);
        await using var executor = await DataDirectory.LoadAsync(path, 3);

        var model = await RegressionData.TrainAsync(executor, RegressionData.Normal());
        var (weights, intercept) = ReferenceLeastSquares.SolveByQr(table);

        Approx.Relative(weights, model.Weights[0], 1e-8, "weights");
        Approx.Relative(intercept, model.Intercept, 1e-8, "intercept");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Normal_solver_gives_the_same_model_on_1_3_and_8_partitions_when_a_feature_mean_dwarfs_its_spread(bool standardize)
    {
        var path = _files.WriteCsv("far.csv", FarFromOrigin());
        var models = new List<LinearRegressionModel>();
        foreach (var partitions in new[] { 1, 3, 8 })
        {
            await using var executor = await DataDirectory.LoadAsync(path, partitions);
            models.Add(await RegressionData.TrainAsync(executor, RegressionData.Normal(l2: standardize ? 0.01 : 0, standardize)));
        }

        foreach (var model in models.Skip(1))
        {
            Approx.Relative(models[0].Weights[0], model.Weights[0], 1e-10, "weights");
            Approx.Relative(models[0].Intercept, model.Intercept, 1e-10, "intercept");
            Approx.Relative(models[0].Summary.FinalLoss, model.Summary.FinalLoss, 1e-10, "loss");
        }
    }

    /// <summary>d = 3, n = 5000: means 10⁵, 10⁴ and 0 with spreads 1, 0.5 and 2, noise 0.1.</summary>
    private static Table FarFromOrigin() =>
        Generate.Regression(5000, [1e5, 1e4, 0], [1, 0.5, 2], [0.5, -2, 3], -800, 0.1, seed: 21);

    [Fact]
    public async Task Normal_solver_recovers_a_line_through_three_points()
    {
        var path = _files.Write("line.csv", "x,y\n0,1\n1,3\n2,5\n");
        await using var executor = await DataDirectory.LoadAsync(path, 1);

        var model = await RegressionData.TrainAsync(executor, RegressionData.Normal());

        Approx.Absolute(2, model.Weights[0][0], 1e-12, "slope");
        Approx.Absolute(1, model.Intercept, 1e-12, "intercept");
    }

    [Fact]
    public async Task A_constant_feature_without_a_penalty_is_refused_by_name()
    {
        var random = new Random(3);
        var lines = new List<string> { "a,constant,b,y" };
        for (var i = 0; i < 500; i++)
        {
            var a = random.NextDouble();
            var b = random.NextDouble();
            lines.Add(FormattableString.Invariant($"{a:R},0.3,{b:R},{(2 * a) - b:R}"));
        }

        var path = _files.Write("constant.csv", string.Join('\n', lines) + "\n");
        await using var executor = await DataDirectory.LoadAsync(path, 2);

        var error = await Assert.ThrowsAsync<ArgumentException>(() => RegressionData.TrainAsync(executor, RegressionData.Normal())); // a usage error to the CLI: the remedy is an option

        Assert.Contains("'constant'", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("'a'", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("'b'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_constant_feature_with_a_penalty_gets_zero_weight()
    {
        var random = new Random(4);
        var lines = new List<string> { "a,constant,y" };
        for (var i = 0; i < 500; i++)
        {
            var a = random.NextDouble();
            lines.Add(FormattableString.Invariant($"{a:R},0.3,{(2 * a) + 1:R}"));
        }

        var path = _files.Write("constant.csv", string.Join('\n', lines) + "\n");
        await using var executor = await DataDirectory.LoadAsync(path, 2);

        var model = await RegressionData.TrainAsync(executor, RegressionData.Normal(l2: 1e-3));

        Approx.Absolute(0, model.Weights[0][1], 1e-9, "weight of the constant feature");
        Assert.True(double.IsFinite(model.Intercept));
    }

    public void Dispose() => _files.Dispose();
}
