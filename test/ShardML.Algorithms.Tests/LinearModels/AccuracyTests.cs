using ShardML.Algorithms.LinearModels;
using ShardML.Algorithms.Tests.Support;
using ShardML.Algorithms.Tests.Svm;

namespace ShardML.Algorithms.Tests.LinearModels;

public sealed class AccuracyTests : IDisposable
{
    private static readonly string[] Names = ["negative", "positive"];
    private readonly DataDirectory _files = new();

    public static TheoryData<LinearSolver, LossKind> Solvers => new()
    {
        { LinearSolver.Lbfgs, LossKind.Logistic },
        { LinearSolver.Sgd, LossKind.Logistic },
        { LinearSolver.Sgd, LossKind.Hinge },
        { LinearSolver.LocalSgd, LossKind.Hinge },
        { LinearSolver.Cocoa, LossKind.Hinge },
    };

    [Theory]
    [MemberData(nameof(Solvers))]
    public async Task Separable_data_is_fit_with_at_least_99_percent_training_accuracy(LinearSolver solver, LossKind loss)
    {
        var table = ClassificationData.Separable();
        await using var executor = await DataDirectory.LoadAsync(_files.WriteClassCsv("separable.csv", table, Names), 3, categorical: true);

        var model = await ClassificationData.TrainAsync(executor, Options(solver, loss) with { L2 = 1e-4 });
        var metrics = model.Metrics(await executor.RunAsync(model.CreateEvaluateStep(executor.Dataset.Schema), CancellationToken.None));

        Assert.True(metrics["accuracy"] >= 0.99, $"accuracy {metrics["accuracy"]}");
        Assert.Equal(ReferenceLogistic.Accuracy(table, model.Weights[0], model.Intercepts[0]), metrics["accuracy"], 12);
    }

    [Theory]
    [MemberData(nameof(Solvers))]
    public async Task On_noisy_data_accuracy_is_within_half_a_point_of_the_exact_optimum(LinearSolver solver, LossKind loss)
    {
        var table = ClassificationData.Noisy();
        await using var executor = await DataDirectory.LoadAsync(_files.WriteClassCsv("noisy.csv", table, Names), 3, categorical: true);

        var model = await ClassificationData.TrainAsync(executor, Options(solver, loss));
        var (w, b) = loss == LossKind.Logistic
            ? ReferenceLogistic.Newton(table, 1e-3)
            : ReferenceDualCoordinateDescent.Solve(table, 1e-3);

        var optimum = ReferenceLogistic.Accuracy(table, w, b);
        var reached = ReferenceLogistic.Accuracy(table, model.Weights[0], model.Intercepts[0]);
        Assert.True(Math.Abs(optimum - reached) <= 0.005, $"accuracy {reached:P2} against the optimum's {optimum:P2}");
    }

    [Fact]
    public async Task Sgd_with_steps_too_large_for_unscaled_features_says_so_in_a_note()
    {
        var noisy = ClassificationData.Noisy(rows: 600);
        var table = noisy with { Rows = noisy.Rows.Select(r => r.Select(v => (v * 300) + 1000).ToArray()).ToArray() };
        await using var executor = await DataDirectory.LoadAsync(_files.WriteClassCsv("unscaled.csv", table, Names), 2, categorical: true);

        var model = await ClassificationData.TrainAsync(executor, Options(LinearSolver.Sgd, LossKind.Hinge) with { Averaged = false, Epochs = 2 });
        var scaled = await ClassificationData.TrainAsync(executor, Options(LinearSolver.Sgd, LossKind.Hinge) with { Averaged = false, Epochs = 2, Standardize = true });

        Assert.Contains(model.Summary.Notes, n => n.Contains("worse than that of all-zero weights", StringComparison.Ordinal));
        Assert.Empty(scaled.Summary.Notes);
    }

    public void Dispose() => _files.Dispose();

    private static LinearModelOptions Options(LinearSolver solver, LossKind loss) => solver switch
    {
        LinearSolver.Lbfgs => LogisticRegressionTests.Lbfgs(),
        LinearSolver.Cocoa => CocoaTests.Options(),
        _ => LogisticRegressionTests.Sgd() with { Solver = solver, Loss = loss, LocalSteps = 4 },
    };
}
