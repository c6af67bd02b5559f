using ShardML.Algorithms.LinearModels;
using ShardML.Algorithms.Tests.Support;

namespace ShardML.Algorithms.Tests.LinearModels;

public sealed class LogisticRegressionTests : IDisposable
{
    private const double L2 = 1e-3;
    private static readonly string[] Names = ["no", "yes"];
    private readonly DataDirectory _files = new();

    [Fact]
    public async Task Lbfgs_reaches_the_objective_of_newtons_method_within_1e_6_relative()
    {
        var table = ClassificationData.Noisy();
        await using var executor = await DataDirectory.LoadAsync(_files.WriteClassCsv("noisy.csv", table, Names), 3, categorical: true);

        var model = await ClassificationData.TrainAsync(executor, Lbfgs());
        var (w, b) = ReferenceLogistic.Newton(table, L2);

        var optimum = ReferenceLogistic.Objective(table, w, b, L2);
        var reached = ReferenceLogistic.Objective(table, model.Weights[0], model.Intercepts[0], L2);
        Assert.True(model.Summary.Converged);
        Assert.Equal(["no", "yes"], model.Classes!);
        Assert.Equal(1, model.PositiveClass);
        Approx.Relative(optimum, reached, 1e-6, "objective");
        Approx.Relative(reached, model.Summary.FinalLoss, 1e-9, "the objective the trainer reports");
        Approx.Relative(w, model.Weights[0], 1e-3, "weights");
    }

    [Fact]
    public async Task Lbfgs_with_standardization_penalizes_the_standardized_weights()
    {
        var table = ClassificationData.Noisy() is var t ? t with { Rows = t.Rows.Select(r => r.Select((v, j) => (float)((v * (j + 1) * 3) + j - 2)).ToArray()).ToArray() } : null!;
        await using var executor = await DataDirectory.LoadAsync(_files.WriteClassCsv("skewed.csv", table, Names), 2, categorical: true);

        var model = await ClassificationData.TrainAsync(executor, Lbfgs() with { Standardize = true, L2 = 0.01 });

        // Newton on the standardized features solves the documented objective; map its weights back to raw features.
        var d = table.Dimension;
        var mean = Enumerable.Range(0, d).Select(j => table.Rows.Average(r => (double)r[j])).ToArray();
        var deviation = Enumerable.Range(0, d).Select(j => ReferenceLeastSquares.StandardDeviation(table, j)).ToArray();
        var standardized = table with { Rows = table.Rows.Select(r => r.Select((v, j) => (float)((v - mean[j]) / deviation[j])).ToArray()).ToArray() };
        var (ws, bs) = ReferenceLogistic.Newton(standardized, 0.01);
        var reached = ReferenceLogistic.Objective(standardized, model.Weights[0].Select((w, j) => w * deviation[j]).ToArray(), model.Intercepts[0] + model.Weights[0].Select((w, j) => w * mean[j]).Sum(), 0.01);
        Assert.NotNull(model.Standardization);
        Approx.Relative(ReferenceLogistic.Objective(standardized, ws, bs, 0.01), reached, 1e-5, "standardized objective");
    }

    [Fact]
    public async Task Lbfgs_stopped_by_its_cap_says_how_far_from_the_tolerance_it_was()
    {
        var table = ClassificationData.Noisy();
        await using var executor = await DataDirectory.LoadAsync(_files.WriteClassCsv("noisy.csv", table, Names), 3, categorical: true);

        var capped = await ClassificationData.TrainAsync(executor, Lbfgs() with { MaximumIterations = 2 });
        var converged = await ClassificationData.TrainAsync(executor, Lbfgs());

        Assert.False(capped.Summary.Converged);
        var note = Assert.Single(capped.Summary.Notes);
        Assert.StartsWith("stopped at the iteration cap `MaximumIterations` = 2 with the gradient norm at ", note, StringComparison.Ordinal);
        Assert.EndsWith("of its start, above `Tolerance` = 1E-08: raise the cap to go on", note, StringComparison.Ordinal);
        Assert.True(converged.Summary.Converged);
        Assert.Empty(converged.Summary.Notes);
    }

    [Fact]
    public async Task Averaged_sgd_gets_within_1e_3_of_the_optimal_objective()
    {
        var table = ClassificationData.Noisy();
        await using var executor = await DataDirectory.LoadAsync(_files.WriteClassCsv("noisy.csv", table, Names), 3, categorical: true);

        var model = await ClassificationData.TrainAsync(executor, Sgd());
        var (w, b) = ReferenceLogistic.Newton(table, L2);

        var optimum = ReferenceLogistic.Objective(table, w, b, L2);
        var reached = ReferenceLogistic.Objective(table, model.Weights[0], model.Intercepts[0], L2);
        Assert.True(reached >= optimum * (1 - 1e-12), "below the optimum: the reference is wrong");
        Approx.Relative(optimum, reached, 1e-3, "objective");
    }

    [Fact]
    public async Task Owlqn_satisfies_the_l1_optimality_conditions_and_zeroes_the_irrelevant_feature()
    {
        const double l1 = 0.02;
        var table = ClassificationData.Noisy();
        await using var executor = await DataDirectory.LoadAsync(_files.WriteClassCsv("noisy.csv", table, Names), 3, categorical: true);

        var model = await ClassificationData.TrainAsync(executor, Lbfgs() with { L1 = l1, Tolerance = 1e-9 });

        // Subgradient optimality of 1/n Σ ℓ + λ₁‖w‖₁ + λ₂/2‖w‖²: ∂ⱼ = 0 where wⱼ ≠ 0, |gⱼ| ≤ λ₁ where wⱼ = 0.
        var w = model.Weights[0];
        var g = ReferenceLogistic.LossGradient(table, w, model.Intercepts[0]);
        for (var j = 0; j < w.Length; j++)
        {
            var smooth = g[j] + (L2 * w[j]);
            if (w[j] != 0)
            {
                Approx.Absolute(0, smooth + (l1 * Math.Sign(w[j])), 1e-6, $"optimality of weight {j}");
            }
            else
            {
                Assert.True(Math.Abs(smooth) <= l1 + 1e-6, $"weight {j} is zero but |∂| = {Math.Abs(smooth)} > λ₁");
            }
        }

        Approx.Absolute(0, g[^1], 1e-6, "intercept optimality");
        Assert.Equal(0, w[3]); // its true weight is 0
        Assert.All(new[] { 0, 1, 4 }, j => Assert.NotEqual(0, w[j]));
    }

    public void Dispose() => _files.Dispose();

    internal static LinearModelOptions Lbfgs() => new() { Loss = LossKind.Logistic, Solver = LinearSolver.Lbfgs, L2 = L2, Tolerance = 1e-8 };

    internal static LinearModelOptions Sgd() => new()
    {
        Loss = LossKind.Logistic,
        Solver = LinearSolver.Sgd,
        L2 = L2,
        LearningRate = 1,
        Schedule = LearningRateSchedule.Pegasos,
        BatchSize = 64,
        Epochs = 30,
        Averaged = true,
        Tolerance = 0,
        Seed = 7,
    };
}
