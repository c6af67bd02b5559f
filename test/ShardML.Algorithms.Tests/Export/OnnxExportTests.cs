using Microsoft.ML.OnnxRuntime;
using ShardML.Algorithms.Export.Onnx;
using ShardML.Algorithms.KMeans;
using ShardML.Algorithms.LinearModels;
using ShardML.Algorithms.Models;
using ShardML.Algorithms.NaiveBayes;
using ShardML.Algorithms.Tests.KMeans;
using ShardML.Algorithms.Tests.LinearModels;
using ShardML.Algorithms.Tests.Support;
using Xunit.Abstractions;

namespace ShardML.Algorithms.Tests.Export;

/// <summary>
/// Every model kind, exported, runs in ONNX Runtime and gives ShardML's own predictions on every row: the same labels,
/// and scores (probabilities, decision values, distances, regression values) within 1e-5.
/// </summary>
public sealed class OnnxExportTests(ITestOutputHelper output) : IDisposable
{
    private const double Tolerance = 1e-5;

    private readonly DataDirectory _files = new();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_linear_regression_predicts_every_row_as_ShardML(bool standardize)
    {
        var table = RegressionData.Skewed();
        await using var executor = await DataDirectory.LoadAsync(_files.WriteCsv("skewed.csv", table), 3);
        var model = await RegressionData.TrainAsync(executor, RegressionData.Normal(0.1, standardize));

        using var run = Run(model, table);

        var predictions = run.Floats("prediction");
        var deviation = 0.0;
        for (var i = 0; i < table.Count; i++)
        {
            var expected = model.Predict(table.Rows[i]);
            deviation = Math.Max(deviation, Math.Abs(predictions[i] - expected) / Math.Max(1, Math.Abs(expected)));
        }

        Report("linear regression", standardize, deviation);
        Assert.InRange(deviation, 0, Tolerance);
    }

    [Theory]
    [InlineData(LossKind.Logistic, 2, false, MulticlassStrategy.Softmax)]
    [InlineData(LossKind.Logistic, 2, true, MulticlassStrategy.Softmax)]
    [InlineData(LossKind.Logistic, 3, true, MulticlassStrategy.OneVsRest)]
    [InlineData(LossKind.Logistic, 3, true, MulticlassStrategy.Softmax)]
    [InlineData(LossKind.Logistic, 3, false, MulticlassStrategy.Softmax)]
    [InlineData(LossKind.Hinge, 2, true, MulticlassStrategy.OneVsRest)]
    [InlineData(LossKind.Hinge, 3, false, MulticlassStrategy.OneVsRest)]
    public async Task A_linear_classifier_gives_every_rows_class_and_scores_as_ShardML(LossKind loss, int classes, bool standardize, MulticlassStrategy multiclass)
    {
        var table = classes == 2 ? ClassificationData.Noisy(rows: 1000) : ClassificationData.ThreeBlobs();
        string[] names = classes == 2 ? ["no", "yes"] : ["a", "b", "c"];
        await using var executor = await DataDirectory.LoadAsync(_files.WriteClassCsv("classes.csv", table, names), 3, categorical: true);
        var model = await ClassificationData.TrainAsync(
            executor, LogisticRegressionTests.Lbfgs() with { Loss = loss, Solver = loss == LossKind.Hinge ? LinearSolver.Cocoa : LinearSolver.Lbfgs, Standardize = standardize, Multiclass = multiclass });
        Assert.Equal(loss == LossKind.Logistic && classes > 2 && multiclass == MulticlassStrategy.Softmax, model.Multinomial);

        using var run = Run(model, table);

        var labels = run.Strings("label");
        var scores = run.Floats(model.IsProbabilistic ? "probabilities" : "scores");
        var deviation = 0.0;
        var k = model.Classes.Length;
        for (var i = 0; i < table.Count; i++)
        {
            var expected = model.Predict(table.Rows[i]);
            Assert.Equal(expected.Label, labels[i]);
            var reference = expected.Probabilities ?? DecisionValues(model, table.Rows[i]);
            for (var c = 0; c < k; c++)
            {
                deviation = Math.Max(deviation, Math.Abs(scores[(i * k) + c] - reference[c]));
            }
        }

        Report($"{loss} classifier, {classes} classes{(model.Multinomial ? ", multinomial" : string.Empty)}", standardize, deviation);
        Assert.InRange(deviation, 0, Tolerance);
    }

    [Fact]
    public async Task Kmeans_assigns_every_row_to_ShardMLs_cluster_at_its_distance()
    {
        var table = ClusterData.Overlapping();
        await using var executor = await DataDirectory.LoadAsync(_files.WriteCsv("blobs.csv", table), 3);
        var model = await ClusterData.TrainAsync(executor, new KMeansOptions { NumberOfClusters = 5, Seed = 3 });

        using var run = Run(model, table);

        var clusters = run.Longs("cluster");
        var distances = run.Floats("distances");
        var k = model.Centers.Length;
        var deviation = 0.0;
        for (var i = 0; i < table.Count; i++)
        {
            var expected = model.Predict(table.Rows[i]);
            Assert.Equal(expected.Cluster, clusters[i]);
            deviation = Math.Max(deviation, Math.Abs(distances[(i * k) + expected.Cluster] - expected.Distance));
        }

        Report("K-means", false, deviation);
        Assert.InRange(deviation, 0, Tolerance);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public async Task Naive_Bayes_gives_every_rows_class_and_probabilities_as_ShardML(int classes)
    {
        var table = classes == 2 ? ClassificationData.Noisy(rows: 1000) : ClassificationData.ThreeBlobs();
        string[] names = classes == 2 ? ["no", "yes"] : ["a", "b", "c"];
        await using var executor = await DataDirectory.LoadAsync(_files.WriteClassCsv("classes.csv", table, names), 3, categorical: true);
        var model = await new GaussianNaiveBayesTrainer().TrainAsync(executor, new GaussianNaiveBayesOptions(), null, CancellationToken.None);

        using var run = Run(model, table);

        var labels = run.Strings("label");
        var probabilities = run.Floats("probabilities");
        var deviation = 0.0;
        for (var i = 0; i < table.Count; i++)
        {
            var expected = model.Predict(table.Rows[i]);
            Assert.Equal(expected.Label, labels[i]);
            for (var c = 0; c < classes; c++)
            {
                deviation = Math.Max(deviation, Math.Abs(probabilities[(i * classes) + c] - expected.Probabilities![c]));
            }
        }

        Report($"naive Bayes, {classes} classes", false, deviation);
        Assert.InRange(deviation, 0, Tolerance);
    }

    [Theory]
    [InlineData(false, 2, MulticlassStrategy.Softmax, "Cast LinearClassifier", "LOGISTIC")]
    [InlineData(true, 2, MulticlassStrategy.Softmax, "Cast Sub Div LinearClassifier", "LOGISTIC")]
    [InlineData(true, 3, MulticlassStrategy.OneVsRest, "Cast Sub Div LinearClassifier Normalizer", "LOGISTIC")]
    [InlineData(false, 3, MulticlassStrategy.Softmax, "Cast LinearClassifier", "SOFTMAX")]
    public async Task The_graph_standardizes_when_the_model_trained_standardized_and_normalizes_one_vs_rest(bool standardize, int classes, MulticlassStrategy multiclass, string operations, string transform)
    {
        var table = classes == 2 ? ClassificationData.Noisy(rows: 300) : ClassificationData.ThreeBlobs();
        string[] names = classes == 2 ? ["no", "yes"] : ["a", "b", "c"];
        await using var executor = await DataDirectory.LoadAsync(_files.WriteClassCsv("classes.csv", table, names), 2, categorical: true);
        var model = await ClassificationData.TrainAsync(executor, LogisticRegressionTests.Lbfgs() with { Standardize = standardize, Multiclass = multiclass });

        var graph = global::Onnx.ModelProto.Parser.ParseFrom(OnnxExport.ToBytes(model));

        Assert.Equal(operations, string.Join(' ', graph.Graph.Node.Select(n => n.OpType)));
        Assert.Equal(transform, graph.Graph.Node.Single(n => n.OpType == "LinearClassifier").Attribute.Single(a => a.Name == "post_transform").S.ToStringUtf8());
        Assert.Equal(OnnxExport.IrVersion, graph.IrVersion);
        Assert.Contains(graph.MetadataProps, p => p.Key == "shardml.classes" && p.Value == System.Text.Json.JsonSerializer.Serialize(names));
    }

    [Fact]
    public void Every_model_kind_of_the_catalog_has_an_export_test_here()
    {
        var tested = new[] { typeof(LinearRegressionModel), typeof(LinearClassifierModel), typeof(KMeansModel), typeof(GaussianNaiveBayesModel) };
        Assert.Equal(AlgorithmCatalog.ModelKinds.Select(k => k.Type).OrderBy(t => t.Name), tested.OrderBy(t => t.Name));
    }

    public void Dispose() => _files.Dispose();

    /// <summary>z_c for every class in class order, as the ONNX graph of a hinge model reports them (binary: −z and z).</summary>
    private static double[] DecisionValues(LinearClassifierModel model, float[] row)
    {
        double Score(int output) => row.Select((x, j) => x * model.Weights[output][j]).Sum() + model.Intercepts[output];
        return model.PositiveClass >= 0
            ? [.. model.Classes.Select((_, c) => c == model.PositiveClass ? Score(0) : -Score(0))]
            : [.. model.Classes.Select((_, c) => Score(c))];
    }

    private void Report(string kind, bool standardized, double deviation) =>
        output.WriteLine($"{kind}{(standardized ? ", standardized" : string.Empty)}: largest deviation from ShardML {deviation:E2}");

    private static OnnxRun Run(TrainedModel model, Table table)
    {
        var bytes = OnnxExport.ToBytes(model);
        var session = new InferenceSession(bytes);
        var rows = table.Rows.SelectMany(r => r).ToArray();
        using var input = OrtValue.CreateTensorValueFromMemory(rows, [table.Count, model.FeatureNames.Length]);
        var outputs = session.Run(new RunOptions(), [OnnxExport.InputName], [input], session.OutputNames);
        return new OnnxRun(session, session.OutputNames, outputs);
    }

    private sealed class OnnxRun(InferenceSession session, IReadOnlyList<string> names, IDisposableReadOnlyCollection<OrtValue> values) : IDisposable
    {
        public float[] Floats(string name) => values[Index(name)].GetTensorDataAsSpan<float>().ToArray();

        public long[] Longs(string name) => values[Index(name)].GetTensorDataAsSpan<long>().ToArray();

        public string[] Strings(string name) => values[Index(name)].GetStringTensorAsArray();

        public void Dispose()
        {
            values.Dispose();
            session.Dispose();
        }

        private int Index(string name)
        {
            var index = names.ToList().IndexOf(name);
            return index >= 0 ? index : throw new KeyNotFoundException($"no output '{name}' among {string.Join(", ", names)}");
        }
    }
}
