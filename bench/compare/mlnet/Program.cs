using System.Diagnostics;
using System.Text.Json;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;

// ML.NET 5's K-means on the .npy file `shardml bench --export DIR` wrote. ML.NET cannot start from given centers, so it
// starts at random rows, and it reports no iteration count, so the time per iteration is the difference of a fit with
// N iterations and a fit with 1, over N − 1: data conversion and initialization cancel out. The same for its LinearSvm
// (Pegasos, hinge loss, λ = 1e-4 as ShardML's and scikit-learn's) on the dense SGD set: ms per epoch and held-out
// accuracy after as many epochs as ShardML ran (third argument). Prints one JSON document.
var directory = args[0];
var iterations = int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture);
var epochs = args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 10;
var result = new Dictionary<string, object>();
if (File.Exists(Path.Combine(directory, "sgd-x.npy")))
{
    result["sgd"] = LinearSvmRun.Measure(directory, epochs);
}
var (x, rows, features) = Npy.ReadMatrix(Path.Combine(directory, "kmeans-x.npy"));
var (_, clusters, _) = Npy.ReadMatrix(Path.Combine(directory, "kmeans-init.npy"));

var ml = new MLContext(seed: 1);
var schema = SchemaDefinition.Create(typeof(Row));
schema[nameof(Row.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, features);
var data = ml.Data.Cache(ml.Data.LoadFromEnumerable(Enumerable.Range(0, rows).Select(i => new Row { Features = x.AsSpan(i * features, features).ToArray() }), schema));

double Fit(int maximumIterations)
{
    var trainer = ml.Clustering.Trainers.KMeans(new KMeansTrainer.Options
    {
        NumberOfClusters = clusters,
        MaximumNumberOfIterations = maximumIterations,
        OptimizationTolerance = 1e-30f,
        InitializationAlgorithm = KMeansTrainer.InitializationAlgorithm.Random,
        NumberOfThreads = Environment.ProcessorCount,
    });
    var clock = Stopwatch.StartNew();
    trainer.Fit(data);
    return clock.Elapsed.TotalMilliseconds;
}

Fit(1); // warm-up: JIT and the cache
var one = new List<double>();
var many = new List<double>();
for (var r = 0; r < 3; r++)
{
    one.Add(Fit(1));
    many.Add(Fit(iterations));
}

var perIteration = (Median(many) - Median(one)) / (iterations - 1);
result["kmeans"] = new Dictionary<string, object>
{
    ["rows"] = rows, ["features"] = features, ["clusters"] = clusters, ["iterations"] = iterations,
    ["ms_per_iteration"] = perIteration, ["ms_fit_1"] = Median(one), ["ms_fit_n"] = Median(many),
};
Console.WriteLine(JsonSerializer.Serialize(result, new JsonSerializerOptions { WriteIndented = true }));

static double Median(List<double> values)
{
    var sorted = values.Order().ToArray();
    return sorted[sorted.Length / 2];
}

internal static class LinearSvmRun
{
    public static Dictionary<string, object> Measure(string directory, int epochs)
    {
        var ml = new MLContext(seed: 1);
        var (train, rows, features) = Load(ml, directory, "sgd");
        var (test, testRows, _) = Load(ml, directory, "sgd-test");
        Microsoft.ML.Data.BinaryPredictionTransformer<LinearBinaryModelParameters>? model = null;
        double Fit(int n)
        {
            var trainer = ml.BinaryClassification.Trainers.LinearSvm(new LinearSvmTrainer.Options { NumberOfIterations = n, Lambda = 1e-4f });
            var clock = Stopwatch.StartNew();
            model = trainer.Fit(train);
            return clock.Elapsed.TotalMilliseconds;
        }

        Fit(1);
        var one = new List<double>();
        var many = new List<double>();
        for (var r = 0; r < 3; r++)
        {
            one.Add(Fit(1));
            many.Add(Fit(epochs));
        }

        var metrics = ml.BinaryClassification.EvaluateNonCalibrated(model!.Transform(test));
        return new Dictionary<string, object>
        {
            ["trainer"] = "LinearSvm", ["rows"] = rows, ["features"] = features, ["epochs"] = epochs, ["test_rows"] = testRows,
            ["ms_per_epoch"] = (Median(many) - Median(one)) / Math.Max(1, epochs - 1), ["test_accuracy"] = metrics.Accuracy,
        };
    }

    private static (IDataView Data, int Rows, int Features) Load(MLContext ml, string directory, string name)
    {
        var (x, rows, features) = Npy.ReadMatrix(Path.Combine(directory, $"{name}-x.npy"));
        var (y, _, _) = Npy.ReadMatrix(Path.Combine(directory, $"{name}-y.npy"));
        var schema = SchemaDefinition.Create(typeof(LabelledRow));
        schema[nameof(LabelledRow.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, features);
        var data = ml.Data.Cache(ml.Data.LoadFromEnumerable(
            Enumerable.Range(0, rows).Select(i => new LabelledRow { Label = y[i] == 1, Features = x.AsSpan(i * features, features).ToArray() }), schema));
        return (data, rows, features);
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted[sorted.Length / 2];
    }
}

internal sealed class LabelledRow
{
    public bool Label { get; set; }

    public float[] Features { get; set; } = [];
}

internal sealed class Row
{
    public float[] Features { get; set; } = [];
}

internal static class Npy
{
    /// <summary>A 1- or 2-d little-endian float32 .npy file (format 1.0, C order), as written by shardml bench --export.</summary>
    public static (float[] Values, int Rows, int Columns) ReadMatrix(string path)
    {
        using var stream = File.OpenRead(path);
        var prefix = new byte[10];
        stream.ReadExactly(prefix);
        var headerLength = BitConverter.ToUInt16(prefix, 8);
        var header = new byte[headerLength];
        stream.ReadExactly(header);
        var text = System.Text.Encoding.ASCII.GetString(header);
        var shape = text[(text.IndexOf('(', StringComparison.Ordinal) + 1)..text.IndexOf(')', StringComparison.Ordinal)]
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(int.Parse).ToArray();
        var columns = shape.Length > 1 ? shape[1] : 1;
        var values = new float[shape[0] * columns];
        stream.ReadExactly(System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan()));
        return (values, shape[0], columns);
    }
}
