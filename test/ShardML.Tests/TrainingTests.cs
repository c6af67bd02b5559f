using ShardML.Algorithms.KMeans;
using ShardML.Algorithms.LinearModels;
using ShardML.Core.Data;
using ShardML.Core.Execution;

namespace ShardML.Tests;

/// <summary>The library as a .NET developer uses it: one context, data from a file or from memory, typed models that predict on their own.</summary>
public sealed class TrainingTests(ContextFixture context) : IClassFixture<ContextFixture>, IDisposable
{
    private readonly Samples _samples = new();

    private ShardMLContext Ml => context.Ml;

    [Fact]
    public async Task Kmeans_from_a_csv_finds_the_blobs_and_predicts_a_row_without_the_cluster()
    {
        var data = Ml.Data.FromCsv(_samples.Blobs, label: "species");

        var model = await Ml.KMeans(4).TrainAsync(data);

        Assert.Equal(4, model.Centers.Length);
        var metrics = await Ml.EvaluateAsync(model, data);
        Assert.Equal(1.0, metrics["adjusted_rand_index"], 9);
        var predictions = await Ml.PredictAsync(model, data);
        var first = File.ReadLines(_samples.Blobs).Skip(1).First().Split(',')[..^1].Select(v => float.Parse(v, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        Assert.Equal((int)predictions.Value(0), model.Predict(first).Cluster);
    }

    [Fact]
    public async Task A_regression_from_arrays_recovers_the_weights_that_made_the_labels()
    {
        var random = new Random(3);
        var rows = Enumerable.Range(0, 3000).Select(_ => new[] { (float)random.NextDouble(), (float)random.NextDouble() * 10, (float)random.NextDouble() - 5 }).ToArray();
        var labels = rows.Select(r => (float)((2 * r[0]) - (0.5 * r[1]) + (3 * r[2]) + 1)).ToArray();

        var model = await Ml.LinearRegression().TrainAsync(Ml.Data.FromArrays(rows, labels));

        Assert.Equal(LinearSolver.NormalEquations, model.Hyperparameters.Solver);
        Assert.Equal(2, model.Coefficients[0], 3);
        Assert.Equal(-0.5, model.Coefficients[1], 3);
        Assert.Equal(3, model.Coefficients[2], 3);
        Assert.Equal(1, model.Intercept, 2);
        Assert.Equal(labels[17], model.Predict(rows[17]), 3);
    }

    [Fact]
    public async Task A_classifier_from_objects_predicts_class_names_and_probabilities()
    {
        var flowers = Flowers(600, seed: 5);

        var model = await Ml.LogisticRegression(standardize: true).TrainAsync(Ml.Data.FromEnumerable(flowers, label: nameof(Flower.Species)));

        Assert.Equal(["PetalLength", "PetalWidth"], model.FeatureNames);
        Assert.Equal(["setosa", "virginica"], model.Classes.Order());
        var prediction = model.Predict([6f, 2.2f]);
        Assert.Equal("virginica", prediction.Label);
        Assert.Equal(1.0, prediction.Probabilities!.Sum(), 12);
        Assert.True(prediction.Probabilities![prediction.ClassIndex] > 0.9);
    }

    [Fact]
    public async Task Naive_bayes_from_the_catalog_predicts_like_a_classifier()
    {
        var model = await Ml.NaiveBayes().TrainAsync(Ml.Data.FromCsv(_samples.Penguins, label: "species"));

        Assert.Equal(["Adelie", "Chinstrap", "Gentoo"], model.Classes);
        var metrics = await Ml.EvaluateAsync(model, Ml.Data.FromCsv(_samples.Penguins, label: "species"));
        Assert.True(metrics["accuracy"] > 0.95);
        Assert.Equal(model.Summary.FinalLoss, metrics["log_loss"], 12);
    }

    [Fact]
    public async Task A_submitted_job_gives_the_model_a_direct_training_gives_to_the_bit()
    {
        var data = Ml.Data.FromCsv(_samples.Churn, label: "churned");
        var trainer = Ml.LogisticRegression(l2: 1e-3, standardize: true);

        var direct = await trainer.TrainAsync(data);
        var job = await trainer.SubmitAsync(data, jobId: "submitted-churn");
        var submitted = await job.WaitAsync();
        await job.ForgetAsync();

        Assert.Equal("submitted-churn", job.Id);
        Assert.Equal(LearnedNumbers.Of(Algorithms.Models.ModelFile.ToJson(direct)), LearnedNumbers.Of(Algorithms.Models.ModelFile.ToJson(submitted)));
    }

    [Fact]
    public async Task Progress_reports_the_iterations_as_the_job_reaches_them()
    {
        var reports = new List<TrainingProgress>();
        var progress = new SynchronousProgress(reports.Add);
        var options = new LinearModelOptions { Loss = LossKind.Squared, Solver = LinearSolver.GradientDescent, MaximumIterations = 400, Tolerance = 0, L2 = 0, Standardize = true };

        var model = await Ml.LinearRegression(options).TrainAsync(Ml.Data.FromCsv(_samples.Housing), progress);

        Assert.Equal(400, model.Summary.Iterations);
        var iterations = reports.Where(r => r.InMainLoop).Select(r => r.Iteration).ToList();
        Assert.NotEmpty(iterations);
        Assert.Equal(iterations.Order(), iterations);
        Assert.All(reports.Where(r => r.InMainLoop), r => Assert.Equal(400, r.MaximumIterations));
    }

    [Fact]
    public async Task Bad_data_throws_a_data_error_naming_the_file_line_and_column()
    {
        var path = Path.Combine(_samples.Scratch, "bad.csv");
        await File.WriteAllTextAsync(path, "a,b,y\n1,2,3\n4,x,6\n");

        var error = await Assert.ThrowsAsync<DataFormatException>(() => Ml.LinearRegression().TrainAsync(Ml.Data.FromCsv(path)));

        Assert.Contains($"{path}:3:2:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Options_that_cannot_work_are_refused_in_the_libraries_terms()
    {
        var error = Assert.Throws<ArgumentException>(() => Ml.LogisticRegression(l2: -1));
        var k = await Assert.ThrowsAsync<ArgumentException>(() => Ml.KMeans(0).TrainAsync(Ml.Data.FromCsv(_samples.Blobs)));

        Assert.Contains("`L1` and `L2` must be finite numbers", error.Message, StringComparison.Ordinal);
        Assert.Contains("`NumberOfClusters` must be at least 1", k.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancelling_stops_the_job_and_throws()
    {
        using var cancel = new CancellationTokenSource();
        var progress = new SynchronousProgress(p =>
        {
            if (p.InMainLoop && p.Iteration >= 2)
            {
                cancel.Cancel();
            }
        });
        var options = new LinearModelOptions { Loss = LossKind.Squared, Solver = LinearSolver.GradientDescent, MaximumIterations = 100_000, Tolerance = 0, L2 = 0, LearningRate = 1e-9 };

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Ml.LinearRegression(options).TrainAsync(Ml.Data.FromCsv(_samples.Housing), progress, cancel.Token));
    }

    public void Dispose() => _samples.Dispose();

    private static Flower[] Flowers(int count, int seed)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, count).Select(i => i % 2 == 0
            ? new Flower((float)(1.4 + (0.2 * random.NextDouble())), (float)(0.2 + (0.1 * random.NextDouble())), "setosa")
            : new Flower((float)(5.5 + random.NextDouble()), (float)(1.8 + (0.5 * random.NextDouble())), "virginica"))];
    }

    public sealed record Flower(float PetalLength, float PetalWidth, string Species);

    private sealed class SynchronousProgress(Action<TrainingProgress> report) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => report(value);
    }
}
