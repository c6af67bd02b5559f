using System.Globalization;
using System.Text;
using ShardML.Algorithms.LinearModels;
using ShardML.Algorithms.Tests.Support;
using ShardML.Algorithms.Tests.Svm;
using ShardML.Core.Data;
using ShardML.Core.Execution;

namespace ShardML.Algorithms.Tests.LinearModels;

public sealed class SparseInputTests : IDisposable
{
    private readonly DataDirectory _files = new();

    public static TheoryData<LinearSolver, bool> Solvers => new()
    {
        { LinearSolver.Lbfgs, false },
        { LinearSolver.Lbfgs, true },
        { LinearSolver.Cocoa, false },
        { LinearSolver.Sgd, false },
        { LinearSolver.LocalSgd, false },
    };

    [Theory]
    [MemberData(nameof(Solvers))]
    public async Task The_same_rows_as_csv_and_as_libsvm_give_the_same_model(LinearSolver solver, bool standardize)
    {
        var table = HalfZero(ClassificationData.Noisy(rows: 800));
        var csv = _files.WriteClassCsv("data.csv", table, ["-1", "1"]);
        var libsvm = _files.WriteLibSvm("data.svm", ClassificationData.Signed(table));
        var options = solver switch
        {
            LinearSolver.Lbfgs => LogisticRegressionTests.Lbfgs() with { Standardize = standardize },
            LinearSolver.Cocoa => CocoaTests.Options(),
            _ => LogisticRegressionTests.Sgd() with { Solver = solver, Epochs = 5 },
        };

        await using var dense = await DataDirectory.LoadAsync(csv, 3, categorical: true);
        await using var sparse = await DataDirectory.LoadAsync(libsvm, 3, categorical: true);
        var fromDense = await ClassificationData.TrainAsync(dense, options);
        var fromSparse = await ClassificationData.TrainAsync(sparse, options);

        Assert.Equal(fromDense.Classes!, fromSparse.Classes!);
        Assert.Equal(table.Dimension, sparse.Dataset.Schema.FeatureCount);
        var tolerance = solver == LinearSolver.Cocoa ? 1e-4 : 1e-6; // CoCoA+: both within a 1e-4 gap of the optimum
        Approx.Relative(fromDense.Summary.FinalLoss, fromSparse.Summary.FinalLoss, tolerance, "objective");
        if (solver != LinearSolver.Cocoa)
        {
            Approx.Relative(fromDense.Weights[0], fromSparse.Weights[0], 1e-5, "weights");
            Approx.Relative(fromDense.Intercepts[0], fromSparse.Intercepts[0], 1e-5, "intercept");
        }
    }

    [Theory]
    [InlineData(LinearSolver.Lbfgs)]
    [InlineData(LinearSolver.LocalSgd)]
    public async Task A_libsvm_problem_with_a_million_features_trains_and_predicts(LinearSolver solver)
    {
        // 300 rows, 20 non-zeros each, indices spread over 10⁶ features; the label depends on 10 informative features
        // that every row carries, the other 10 non-zeros are noise features that rarely repeat.
        const int features = 1_000_000;
        var random = new Random(5);
        var text = new StringBuilder();
        var labels = new List<int>();
        for (var i = 0; i < 300; i++)
        {
            var entries = new SortedDictionary<int, float>();
            double score = 0;
            for (var k = 0; k < 10; k++)
            {
                var v = (float)Generate.Gaussian(random);
                entries[(k * 99_991) + 1] = v;
                score += (k % 2 == 0 ? 1 : -1) * v;
            }

            while (entries.Count < 20)
            {
                entries.TryAdd(random.Next(1, features + 1), (float)Generate.Gaussian(random));
            }

            var label = score > 0 ? 1 : -1;
            labels.Add(label);
            text.Append(label.ToString(CultureInfo.InvariantCulture));
            foreach (var (index, value) in entries)
            {
                text.Append(' ').Append(index.ToString(CultureInfo.InvariantCulture)).Append(':').Append(value.ToString("R", CultureInfo.InvariantCulture));
            }

            text.Append('\n');
        }

        var path = _files.Write("wide.svm", text.ToString());
        var plan = DatasetPlanner.Plan(new DatasetOptions { Path = path, CategoricalLabel = true, FeatureCount = features }, 2);
        await using var executor = await InMemoryExecutor.LoadAsync(plan, CancellationToken.None);
        var options = solver == LinearSolver.Lbfgs
            ? new LinearModelOptions { Solver = solver, Loss = LossKind.Logistic, L2 = 1e-3, MaximumIterations = 10, HistorySize = 5 }
            : new LinearModelOptions { Solver = solver, Loss = LossKind.Hinge, L2 = 1e-4, LearningRate = 0.2, BatchSize = 30, LocalSteps = 5, Epochs = 10 };

        var model = await ClassificationData.TrainAsync(executor, options);
        var predictions = await executor.RunAsync(model.CreatePredictStep(), CancellationToken.None);

        Assert.Equal(features, model.Weights[0].Length);
        Assert.Equal(300, predictions.Values.Length);
        var correct = predictions.Values.Select((p, i) => model.Classes![(int)p] == labels[i].ToString(CultureInfo.InvariantCulture)).Count(ok => ok);
        Assert.True(correct >= 290, $"{correct} of 300 training rows right");
    }

    public void Dispose() => _files.Dispose();

    /// <summary>Zeroes about half the values (deterministically), so the LibSVM file is genuinely sparse.</summary>
    private static Table HalfZero(Table table) => table with
    {
        Rows = table.Rows.Select((r, i) => r.Select((v, j) => (i + j) % 2 == 0 ? 0f : v).ToArray()).ToArray(),
    };
}
