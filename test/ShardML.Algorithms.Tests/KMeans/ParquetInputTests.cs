using ShardML.Algorithms.KMeans;
using ShardML.Algorithms.Tests.Support;
using ShardML.Core.Data;
using ShardML.Core.Execution;
using ShardML.Testing;

namespace ShardML.Algorithms.Tests.KMeans;

/// <summary>A Parquet file trains the model its equivalent CSV trains: same rows, same order, same model.</summary>
public sealed class ParquetInputTests : IDisposable
{
    private static readonly string[] BlobNames = ["north", "east", "south"];

    private readonly DataDirectory _files = new();

    [Fact]
    public async Task Kmeans_from_given_centers_on_a_parquet_file_is_the_model_its_csv_trains_to_the_bit()
    {
        var (csv, parquet) = Write(rowsPerGroup: 128);
        float[][] initial = [[-1, -1, 0, 0], [4, 0, 0, 0], [0, 4, 0, 0]];

        var (fromCsv, csvMetrics, csvAssignments) = await TrainAsync(csv, 1, initial);
        var (fromParquet, parquetMetrics, parquetAssignments) = await TrainAsync(parquet, 1, initial);

        Assert.Equal(fromCsv.Centers, fromParquet.Centers);
        Assert.Equal(fromCsv.ClusterSizes, fromParquet.ClusterSizes);
        Assert.Equal(fromCsv.Summary.LossHistory, fromParquet.Summary.LossHistory);
        Assert.Equal(csvAssignments, parquetAssignments);
        Assert.Equal(csvMetrics["adjusted_rand_index"], parquetMetrics["adjusted_rand_index"]);
        Assert.True(csvMetrics["adjusted_rand_index"] > 0.5, "the blob names were not read as the ground truth");
    }

    [Fact]
    public async Task Kmeans_on_parquet_row_groups_matches_the_csv_on_any_partitioning()
    {
        var (csv, parquet) = Write(rowsPerGroup: 100);
        float[][] initial = [[-1, -1, 0, 0], [4, 0, 0, 0], [0, 4, 0, 0]];

        var (fromCsv, _, csvAssignments) = await TrainAsync(csv, 4, initial);
        var (fromParquet, _, parquetAssignments) = await TrainAsync(parquet, 3, initial);

        // Partitions cut the rows elsewhere (bytes against row groups), so the sums merge in another order.
        Assert.Equal(csvAssignments, parquetAssignments);
        Assert.Equal(fromCsv.ClusterSizes, fromParquet.ClusterSizes);
        for (var c = 0; c < initial.Length; c++)
        {
            Approx.Absolute([.. fromCsv.Centers[c].Select(v => (double)v)], fromParquet.Centers[c], 1e-5, $"center {c}");
        }
    }

    /// <summary>The overlapping blobs with an id column first and the blob's name as a text label, as Parquet and as CSV.</summary>
    private (string Csv, string Parquet) Write(int rowsPerGroup)
    {
        var blobs = ClusterData.Overlapping();
        var table = new ParquetTable().Add("id", Enumerable.Range(0, blobs.Count).Select(i => 10_000L + i).ToArray());
        for (var j = 0; j < blobs.Dimension; j++)
        {
            table.Add(blobs.FeatureNames[j], blobs.Rows.Select(row => row[j]).ToArray());
        }

        table.AddText(blobs.LabelName, blobs.Labels!.Select(label => BlobNames[(int)label]).ToArray());
        var csv = _files.Write("blobs.csv", table.ToCsv());
        return (csv, table.Write(Path.ChangeExtension(csv, ".parquet"), rowsPerGroup));
    }

    private static async Task<(KMeansModel Model, IReadOnlyDictionary<string, double> Metrics, int[] Assignments)> TrainAsync(string path, int partitions, float[][] initial)
    {
        var options = new DatasetOptions { Path = path, Ignore = ["id"], Label = "blob", CategoricalLabel = true, OptionalClasses = true };
        await using var executor = await InMemoryExecutor.LoadAsync(DatasetPlanner.Plan(options, partitions), CancellationToken.None);
        var model = await ClusterData.TrainAsync(executor, ClusterData.Given(initial, 5));
        return (model, await ClusterData.EvaluateAsync(executor, model), await ClusterData.PredictAsync(executor, model));
    }

    public void Dispose() => _files.Dispose();
}
