using ShardML.Algorithms.Tests.LinearModels;
using ShardML.Algorithms.Tests.Support;

namespace ShardML.Algorithms.Tests.KMeans;

public sealed class SparseInputTests : IDisposable
{
    private readonly DataDirectory _files = new();

    [Fact]
    public async Task The_same_rows_as_csv_and_as_libsvm_give_the_same_clusters_from_given_centers()
    {
        var table = RegressionData.HalfZero();
        var csv = _files.WriteCsv("data.csv", table);
        var libsvm = _files.WriteLibSvm("data.svm", table);
        float[][] initial = [table.Rows[0], table.Rows[1], table.Rows[2]];
        var options = ClusterData.Given(initial, 5);

        await using var dense = await DataDirectory.LoadAsync(csv, 3);
        await using var sparse = await DataDirectory.LoadAsync(libsvm, 3);
        var fromDense = await ClusterData.TrainAsync(dense, options);
        var fromSparse = await ClusterData.TrainAsync(sparse, options);
        var reference = ReferenceLloyd.Run(table, initial, 5);

        for (var c = 0; c < initial.Length; c++)
        {
            Approx.Absolute(fromDense.Centers[c].Select(v => (double)v).ToArray(), fromSparse.Centers[c], 1e-6, $"center {c}");
            Approx.Absolute(reference.Centers[c], fromSparse.Centers[c], 1e-5, $"center {c} against the reference");
        }

        Assert.Equal(fromDense.ClusterSizes, fromSparse.ClusterSizes);
        Assert.Equal(reference.Assignments, await ClusterData.PredictAsync(sparse, fromSparse));
        Approx.Relative(fromDense.Summary.FinalLoss, fromSparse.Summary.FinalLoss, 1e-6, "inertia");
        Approx.Relative(reference.Inertia, fromSparse.Summary.FinalLoss, 1e-6, "inertia against the reference");
    }

    public void Dispose() => _files.Dispose();
}
