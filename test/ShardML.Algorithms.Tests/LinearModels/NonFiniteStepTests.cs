using ShardML.Algorithms.LinearModels;
using ShardML.Algorithms.Tests.Support;
using ShardML.Core.Execution;

namespace ShardML.Algorithms.Tests.LinearModels;

/// <summary>
/// A step too long or a rate too large can overflow: the loss or its gradient comes back NaN or ∞. Every comparison
/// that accepts such a trial must be false for NaN, so the model returned is finite and, for the line searches, the
/// objective never goes up.
/// </summary>
public sealed class NonFiniteStepTests : IDisposable
{
    private static readonly string[] Names = ["no", "yes"];
    private readonly DataDirectory _files = new();

    [Theory]
    [InlineData(double.NaN, 0)]
    [InlineData(double.PositiveInfinity, 0)]
    [InlineData(double.NaN, 0.01)]
    [InlineData(double.PositiveInfinity, 0.01)]
    [InlineData(0.0, 0)] // a finite, tempting loss with a NaN gradient
    [InlineData(0.0, 0.01)]
    public async Task Lbfgs_and_owlqn_never_take_a_step_whose_objective_or_gradient_is_not_finite(double overflow, double l1)
    {
        // The optimum has weights up to ~2; beyond 1 every evaluation "overflows", so the line searches keep meeting
        // non-finite trials near the boundary and have to step back from them.
        var path = _files.WriteClassCsv("noisy.csv", ClassificationData.Noisy(), Names);
        await using var executor = new NonFiniteBeyond(await DataDirectory.LoadAsync(path, 3, categorical: true), 1, overflow);

        var model = await ClassificationData.TrainAsync(executor, LogisticRegressionTests.Lbfgs() with { L1 = l1 });

        Assert.True(executor.NonFiniteEvaluations > 0, "no trial went beyond the bound: the test tests nothing");
        Assert.All(model.Weights.SelectMany(w => w).Concat(model.Intercepts), v => Assert.True(double.IsFinite(v), $"coefficient {v}"));
        Assert.True(double.IsFinite(model.Summary.FinalLoss), $"final objective {model.Summary.FinalLoss}");
        var history = model.Summary.LossHistory;
        for (var i = 1; i < history.Length; i++)
        {
            Assert.True(history[i] <= history[i - 1], $"the objective went up at iteration {i}: {history[i - 1]:G17} → {history[i]:G17}");
        }

        Assert.True(model.Summary.FinalLoss < history[0], "no progress from the zero model");
    }

    [Theory]
    [InlineData(LinearSolver.Sgd)]
    [InlineData(LinearSolver.LocalSgd)]
    public async Task Sgd_at_a_learning_rate_that_overflows_fails_saying_what_to_change(LinearSolver solver)
    {
        // Least squares on unit-variance features: each step at η = 10 multiplies the error by ~10, so θ overflows
        // within a few hundred steps. The last finite θ is no model (its scores overflow a float): no model at all.
        await using var executor = await DataDirectory.LoadAsync(_files.WriteCsv("standard.csv", RegressionData.Standard()), 3);
        var options = new LinearModelOptions
        {
            Loss = LossKind.Squared, Solver = solver, LearningRate = 10, Schedule = LearningRateSchedule.Constant, BatchSize = 64, Epochs = 50,
        };

        var failure = await Assert.ThrowsAsync<Core.Execution.TrainingDivergedException>(
            () => new LinearModelTrainer().TrainAsync(executor, options, null, CancellationToken.None));

        Assert.Contains("would have made the model non-finite", failure.Message, StringComparison.Ordinal);
        Assert.Contains("`LearningRate`, now 10", failure.Message, StringComparison.Ordinal);
        Assert.Contains("`Standardize`", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sgd_that_runs_away_without_overflowing_fails_against_the_zero_model()
    {
        // One row: every step at η = 0.5 on a feature near 100 overshoots, and 20 epochs leave θ huge but finite in double.
        await using var executor = await DataDirectory.LoadAsync(_files.Write("one.csv", "x,y\n100,3\n"), 1);
        var options = new LinearModelOptions { Loss = LossKind.Squared, Solver = LinearSolver.Sgd, LearningRate = 0.5, Schedule = LearningRateSchedule.Constant, Epochs = 20 };

        var failure = await Assert.ThrowsAsync<Core.Execution.TrainingDivergedException>(
            () => new LinearModelTrainer().TrainAsync(executor, options, null, CancellationToken.None));

        Assert.Contains("of all-zero weights", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sgd_at_a_sound_learning_rate_still_trains()
    {
        await using var executor = await DataDirectory.LoadAsync(_files.WriteCsv("standard.csv", RegressionData.Standard()), 3);
        var options = new LinearModelOptions { Loss = LossKind.Squared, Solver = LinearSolver.Sgd, LearningRate = 0.05, Schedule = LearningRateSchedule.Constant, Epochs = 5 };

        var model = await new LinearModelTrainer().TrainAsync(executor, options, null, CancellationToken.None);

        Assert.All(model.Weights.SelectMany(w => w).Concat(model.Intercepts), v => Assert.True(double.IsFinite(v), $"coefficient {v}"));
    }

    public void Dispose() => _files.Dispose();

    /// <summary>
    /// Evaluates the loss as <paramref name="inner"/> does where every coefficient is within ±<paramref name="bound"/>,
    /// and as an overflow would beyond: the loss <paramref name="overflow"/> and a NaN gradient.
    /// </summary>
    private sealed class NonFiniteBeyond(IPartitionExecutor inner, double bound, double overflow) : IPartitionExecutor
    {
        public LoadedDataset Dataset => inner.Dataset;

        public int NonFiniteEvaluations { get; private set; }

        public async Task<TSummary> RunAsync<TSummary>(IPartitionStep<TSummary> step, CancellationToken cancellationToken)
            where TSummary : class, ISummary
        {
            var summary = await inner.RunAsync(step, cancellationToken);
            if (step is LossGradientStep evaluation && summary is LossGradient sums && evaluation.Coefficients.Any(c => Math.Abs(c) > bound))
            {
                NonFiniteEvaluations++;
                Array.Fill(sums.Losses, overflow);
                Array.Fill(sums.Gradient, double.NaN);
            }

            return summary;
        }

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}
