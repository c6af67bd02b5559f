using ShardML.Algorithms.Classification;
using ShardML.Algorithms.LinearModels;
using ShardML.Algorithms.Tests.LinearModels;
using ShardML.Algorithms.Tests.Support;
using ShardML.Algorithms.Tests.Svm;

namespace ShardML.Algorithms.Tests.Classification;

public sealed class MultiClassTests : IDisposable
{
    private static readonly string[] Species = ["virginica", "setosa", "versicolor"];
    private readonly DataDirectory _files = new();

    public static TheoryData<LinearSolver> FixedPassSolvers => [LinearSolver.Sgd, LinearSolver.LocalSgd, LinearSolver.Cocoa];

    [Theory]
    [MemberData(nameof(FixedPassSolvers))]
    public async Task Three_string_classes_are_one_job_with_the_passes_of_one_binary_job(LinearSolver solver)
    {
        var table = ClassificationData.ThreeBlobs();
        var options = Options(solver);
        await using var three = PartitionsExecutor.Load(_files.WriteClassCsv("three.csv", table, Species), 3);
        var binaryTable = table with { Labels = table.Labels!.Select(l => l == 0 ? 0f : 1f).ToArray() };
        await using var two = PartitionsExecutor.Load(_files.WriteClassCsv("two.csv", binaryTable, Species), 3);

        var multi = await ClassificationData.TrainAsync(three, options);
        Assert.False(multi.Multinomial); // the hinge loss is one-vs-rest whatever `Multiclass` says
        var binary = await ClassificationData.TrainAsync(two, options);

        Assert.Equal(["setosa", "versicolor", "virginica"], multi.Classes!); // ordinal order, not order of appearance
        Assert.Equal(-1, multi.PositiveClass);
        Assert.Equal(3, multi.Weights.Length);
        Assert.Single(binary.Weights);
        Assert.Equal(binary.Summary.Iterations, multi.Summary.Iterations);
        Assert.Equal(two.Passes, three.Passes);
    }

    [Theory]
    [InlineData(LinearSolver.Lbfgs, LossKind.Logistic)]
    [InlineData(LinearSolver.Sgd, LossKind.Hinge)]
    [InlineData(LinearSolver.Cocoa, LossKind.Hinge)]
    public async Task One_vs_rest_predicts_the_original_labels_and_reports_macro_metrics(LinearSolver solver, LossKind loss)
    {
        var table = ClassificationData.ThreeBlobs();
        await using var executor = await DataDirectory.LoadAsync(_files.WriteClassCsv("three.csv", table, Species), 4, categorical: true);

        var model = await ClassificationData.TrainAsync(executor, Options(solver) with { Loss = loss, Tolerance = null, Multiclass = MulticlassStrategy.OneVsRest });
        var evaluation = await executor.RunAsync(model.CreateEvaluateStep(executor.Dataset.Schema), CancellationToken.None);
        var metrics = model.Metrics(evaluation);
        var predictions = await executor.RunAsync(model.CreatePredictStep(), CancellationToken.None);

        Assert.True(metrics["accuracy"] >= 0.97, $"accuracy {metrics["accuracy"]}");
        Assert.True(metrics["f1_macro"] >= 0.97);
        Assert.False(metrics.ContainsKey("roc_auc"));
        var confusion = model.Confusion(evaluation)!;
        Assert.Equal(model.Classes!, confusion.Classes);
        Assert.Equal(table.Count, confusion.Counts.Sum(r => r.Sum()));
        var predicted = predictions.Values.Select(p => model.Classes![(int)p]).ToArray();
        var actual = table.Labels!.Select(l => Species[(int)l]).ToArray();
        Assert.Equal(metrics["accuracy"], predicted.Zip(actual).Count(p => p.First == p.Second) / (double)table.Count, 12);
        if (loss == LossKind.Logistic)
        {
            Assert.Equal(3, predictions.ProbabilityColumns);
            for (var i = 0; i < table.Count; i++)
            {
                var p = predictions.Probabilities.AsSpan(i * 3, 3);
                Assert.Equal(1.0, p[0] + p[1] + p[2], 5);
                Assert.Equal((int)predictions.Values[i], p.IndexOf(Max(p)));
            }
        }
    }

    public void Dispose() => _files.Dispose();

    private static float Max(ReadOnlySpan<float> values)
    {
        var max = values[0];
        foreach (var v in values)
        {
            max = Math.Max(max, v);
        }

        return max;
    }

    private static LinearModelOptions Options(LinearSolver solver) => solver switch
    {
        LinearSolver.Cocoa => CocoaTests.Options() with { MaximumIterations = 30, Tolerance = 0 },
        LinearSolver.Lbfgs => LogisticRegressionTests.Lbfgs(),
        _ => LogisticRegressionTests.Sgd() with { Solver = solver, Loss = LossKind.Hinge, Epochs = 4, LocalSteps = 3, Averaged = false, LearningRate = 0.1 },
    };
}
