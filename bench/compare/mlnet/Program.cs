using System.Diagnostics;
using System.Text.Json;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;

// ML.NET 5's K-means on the .npy file `shardml bench --export DIR` wrote. ML.NET cannot start from given centers, so it
// starts at random rows, and it reports no iteration count, so the time per iteration is the difference of a fit with
// N iterations and a fit with 1, over N − 1: data conversion and initialization cancel out. Prints one JSON document.
var directory = args[0];
var iterations = int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture);
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
Console.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object>
{
    ["kmeans"] = new Dictionary<string, object>
    {
        ["rows"] = rows, ["features"] = features, ["clusters"] = clusters, ["iterations"] = iterations,
        ["ms_per_iteration"] = perIteration, ["ms_fit_1"] = Median(one), ["ms_fit_n"] = Median(many),
    },
}, new JsonSerializerOptions { WriteIndented = true }));

static double Median(List<double> values)
{
    var sorted = values.Order().ToArray();
    return sorted[sorted.Length / 2];
}

internal sealed class Row
{
    public float[] Features { get; set; } = [];
}

internal static class Npy
{
    /// <summary>A 2-d little-endian float32 .npy file (format 1.0, C order), as written by shardml bench --export.</summary>
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
        var values = new float[shape[0] * shape[1]];
        stream.ReadExactly(System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan()));
        return (values, shape[0], shape[1]);
    }
}
