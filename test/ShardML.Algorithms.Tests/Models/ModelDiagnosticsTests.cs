using ShardML.Algorithms.Common;
using ShardML.Algorithms.KMeans;
using ShardML.Algorithms.Models.Diagnostics;
using ShardML.Algorithms.NaiveBayes;
using ShardML.Algorithms.Tests.KMeans;
using ShardML.Algorithms.Tests.LinearModels;
using ShardML.Algorithms.Tests.Support;

namespace ShardML.Algorithms.Tests.Models;

/// <summary>The data behind each kind's plots comes from distributed passes and does not depend on the partitioning.</summary>
public sealed class ModelDiagnosticsTests : IDisposable
{
    private readonly DataDirectory _files = new();

    [Fact]
    public void A_row_sample_is_distinct_sorted_seeded_and_whole_when_the_data_is_small()
    {
        var sample = RowSampling.Choose(100_000, 2000, 42);

        Assert.Equal(2000, sample.Distinct().Count());
        Assert.Equal(sample.Order(), sample);
        Assert.All(sample, r => Assert.InRange(r, 0, 99_999));
        Assert.Equal(sample, RowSampling.Choose(100_000, 2000, 42));
        Assert.NotEqual(sample, RowSampling.Choose(100_000, 2000, 43));
        Assert.Equal([0L, 1, 2], RowSampling.Choose(3, 2000, 42));
        Assert.InRange(sample.Average(), 45_000, 55_000);
    }

    [Fact]
    public async Task Principal_directions_are_the_covariances_leading_eigenvectors_under_any_partitioning()
    {
        // x₁ spreads 3 times as far as x₂ and x₃, along (1, 1, 0)/√2 after a rotation.
        var random = new Random(5);
        var rows = Enumerable.Range(0, 3000).Select(_ =>
        {
            double a = 3 * Generate.Gaussian(random), b = Generate.Gaussian(random), c = Generate.Gaussian(random);
            return new[] { (float)(10 + ((a - b) / Math.Sqrt(2))), (float)(-4 + ((a + b) / Math.Sqrt(2))), (float)c };
        }).ToArray();
        var table = new Table(["x1", "x2", "x3"], rows, null);
        await using var one = await DataDirectory.LoadAsync(_files.WriteCsv("one.csv", table), 1, hasLabel: false);
        await using var five = await DataDirectory.LoadAsync(_files.WriteCsv("five.csv", table), 5, hasLabel: false);

        var components = await PrincipalComponents.ComputeAsync(one, 3, 2, CancellationToken.None);
        var again = await PrincipalComponents.ComputeAsync(five, 3, 2, CancellationToken.None);

        Assert.Equal(1 / Math.Sqrt(2), components.Directions[0][0], 1);
        Assert.Equal(1 / Math.Sqrt(2), components.Directions[0][1], 1);
        Assert.Equal(9, components.Variances[0], 0.7);
        Assert.Equal(9.0 / 11, components.Variances[0] / components.TotalVariance, 0.05);
        for (var c = 0; c < 2; c++)
        {
            Assert.Equal(1, components.Directions[c].Sum(v => v * v), 12);
            Approx.Relative(components.Variances[c], again.Variances[c], 1e-9, $"variance {c}");
        }

        Assert.Equal(0, components.Directions[0].Zip(components.Directions[1], (a, b) => a * b).Sum(), 12);
    }

    [Fact]
    public async Task A_regression_plots_a_sample_of_its_predictions_against_the_labels()
    {
        var table = RegressionData.Skewed();
        await using var executor = await DataDirectory.LoadAsync(_files.WriteCsv("skewed.csv", table), 3);
        var model = await RegressionData.TrainAsync(executor, RegressionData.Normal(0, standardize: true));

        var diagnostics = await model.DiagnoseAsync(executor, CancellationToken.None);

        var sample = diagnostics.Regression!;
        Assert.Equal(ModelDiagnostics.SampleRows, sample.Actual.Length);
        Assert.Equal(table.Count, sample.Rows);
        var rows = RowSampling.Choose(table.Count, ModelDiagnostics.SampleRows, ModelDiagnostics.SampleSeed);
        for (var i = 0; i < rows.Length; i++)
        {
            Assert.Equal(table.Labels![rows[i]], sample.Actual[i]);
            Assert.Equal(model.Predict(table.Rows[rows[i]]), sample.Predicted[i]);
        }

        Assert.Null(diagnostics.Confusion);
        Assert.Equal(model.Summary.LossHistory, diagnostics.LossHistory);
    }

    [Fact]
    public async Task A_binary_classifier_gives_its_confusion_matrix_and_curves_whose_area_is_its_auc()
    {
        var table = ClassificationData.Noisy(rows: 1500);
        await using var executor = await DataDirectory.LoadAsync(_files.WriteClassCsv("noisy.csv", table, ["no", "yes"]), 3, categorical: true);
        var model = await new GaussianNaiveBayesTrainer().TrainAsync(executor, new GaussianNaiveBayesOptions(), null, CancellationToken.None);

        var diagnostics = await model.DiagnoseAsync(executor, CancellationToken.None);
        var metrics = model.Metrics(await executor.RunAsync(model.CreateEvaluateStep(executor.Dataset.Schema), CancellationToken.None));

        Assert.Equal("yes", diagnostics.PositiveClass);
        Assert.Equal(table.Count, diagnostics.Confusion!.Counts.Sum(r => r.Sum()));
        var curves = diagnostics.Curves!;
        var trapezoids = Enumerable.Range(1, curves.Thresholds.Length - 1)
            .Sum(k => (curves.FalsePositiveRates[k] - curves.FalsePositiveRates[k - 1]) * (curves.TruePositiveRates[k] + curves.TruePositiveRates[k - 1]) / 2);
        Assert.Equal(metrics["roc_auc"], trapezoids, 12);
        Assert.Equal(1, curves.TruePositiveRates[^1]);
        Assert.Equal(1, curves.FalsePositiveRates[^1]);
    }

    [Fact]
    public async Task Kmeans_projects_a_sample_of_rows_and_its_centers_on_two_principal_components()
    {
        var table = ClusterData.Separated();
        await using var executor = await DataDirectory.LoadAsync(_files.WriteCsv("blobs.csv", table), 3, hasLabel: false);
        var model = await ClusterData.TrainAsync(executor, new KMeansOptions { NumberOfClusters = 4, Seed = 1 });

        var diagnostics = await model.DiagnoseAsync(executor, CancellationToken.None);

        var projection = diagnostics.Clusters!;
        Assert.Equal("inertia", diagnostics.LossName);
        Assert.Equal(ModelDiagnostics.SampleRows, projection.X.Length);
        Assert.Equal(4, projection.CenterX.Length);
        Assert.InRange(projection.ExplainedVariance.Sum(), 0.5, 1);
        // Separated blobs stay separated on the plane: each sampled row is nearer its own center there than any other's.
        var nearest = projection.X.Select((x, i) => Enumerable.Range(0, 4).MinBy(c => Math.Pow(x - projection.CenterX[c], 2) + Math.Pow(projection.Y[i] - projection.CenterY[c], 2))).ToArray();
        Assert.True(nearest.Zip(projection.Clusters).Count(p => p.First == p.Second) > 0.95 * nearest.Length);
    }

    public void Dispose() => _files.Dispose();
}
