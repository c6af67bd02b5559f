using ShardML.Algorithms.KMeans;
using ShardML.Algorithms.Tests.Support;

namespace ShardML.Algorithms.Tests.KMeans;

public sealed class KMeansDeterminismTests : IDisposable
{
    private readonly DataDirectory _files = new();

    [Theory]
    [InlineData(KMeansInitialization.Parallel)]
    [InlineData(KMeansInitialization.Random)]
    public async Task The_same_seed_gives_the_same_bits(KMeansInitialization initialization)
    {
        var path = _files.WriteCsv("ambiguous.csv", ClusterData.Ambiguous());
        var options = new KMeansOptions { NumberOfClusters = 5, Seed = 17, Initialization = initialization };

        await using var first = await DataDirectory.LoadAsync(path, 4);
        var one = await ClusterData.TrainAsync(first, options);
        await using var second = await DataDirectory.LoadAsync(path, 4);
        var two = await ClusterData.TrainAsync(second, options);

        Approx.SameBits(one.Centers, two.Centers);
        Approx.SameBits(one.Summary.LossHistory, two.Summary.LossHistory);
        Assert.Equal(one.ClusterSizes, two.ClusterSizes);
    }

    [Fact]
    public async Task Another_seed_starts_elsewhere()
    {
        var path = _files.WriteCsv("ambiguous.csv", ClusterData.Ambiguous());
        await using var executor = await DataDirectory.LoadAsync(path, 2);

        var one = await ClusterData.TrainAsync(executor, new KMeansOptions { NumberOfClusters = 5, Seed = 17, MaximumIterations = 1 });
        var two = await ClusterData.TrainAsync(executor, new KMeansOptions { NumberOfClusters = 5, Seed = 18, MaximumIterations = 1 });

        Assert.NotEqual(one.Summary.LossHistory[0], two.Summary.LossHistory[0]);
    }

    [Fact]
    public async Task One_three_and_eight_partitions_give_the_same_model()
    {
        var path = _files.WriteCsv("ambiguous.csv", ClusterData.Ambiguous());
        var options = new KMeansOptions { NumberOfClusters = 5, Seed = 17 };

        var models = new List<KMeansModel>();
        foreach (var partitions in new[] { 1, 3, 8 })
        {
            await using var executor = await DataDirectory.LoadAsync(path, partitions);
            Assert.Equal(partitions, executor.Dataset.PartitionCount);
            models.Add(await ClusterData.TrainAsync(executor, options));
        }

        foreach (var other in models.Skip(1))
        {
            Assert.Equal(models[0].Summary.Iterations, other.Summary.Iterations);
            Assert.Equal(models[0].ClusterSizes, other.ClusterSizes);
            for (var c = 0; c < options.NumberOfClusters; c++)
            {
                Approx.Absolute(models[0].Centers[c].Select(v => (double)v).ToArray(), other.Centers[c], 1e-5, $"center {c} with {other.Summary.Partitions} partitions");
            }

            Approx.Relative(models[0].Summary.FinalLoss, other.Summary.FinalLoss, 1e-9, "inertia");
        }
    }

    public void Dispose() => _files.Dispose();
}
