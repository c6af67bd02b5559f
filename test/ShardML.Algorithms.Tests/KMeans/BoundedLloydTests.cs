using ShardML.Algorithms.KMeans;
using ShardML.Algorithms.Tests.Support;

namespace ShardML.Algorithms.Tests.KMeans;

/// <summary>The bounded iteration must be Lloyd's, bit for bit, however its bounds prune; only faster.</summary>
public sealed class BoundedLloydTests : IDisposable
{
    private readonly DataDirectory _files = new();

    public static TheoryData<string, int, int> Datasets => new()
    {
        { "separated", 4, 1 }, { "separated", 4, 3 }, { "overlapping", 3, 3 }, { "ambiguous", 5, 8 },
        { "far", 5, 3 }, { "many", 24, 4 }, { "wide", 6, 2 },
    };

    [Theory]
    [MemberData(nameof(Datasets))]
    public async Task Bounded_training_ends_with_Lloyds_centers_sizes_and_iterations(string dataset, int k, int partitions)
    {
        var path = _files.WriteCsv(dataset + ".csv", Data(dataset));
        var lloyd = new KMeansOptions { NumberOfClusters = k, Seed = 5, Tolerance = 0, MaximumIterations = 40 };

        await using var executor = await DataDirectory.LoadAsync(path, partitions);
        var plain = await ClusterData.TrainAsync(executor, lloyd);
        var bounded = await ClusterData.TrainAsync(executor, lloyd with { Algorithm = KMeansAlgorithm.Bounded });

        Approx.SameBits(plain.Centers, bounded.Centers);
        Assert.Equal(plain.ClusterSizes, bounded.ClusterSizes);
        Assert.Equal(plain.Summary.Iterations, bounded.Summary.Iterations);
        Assert.Equal(plain.Summary.FinalLoss, bounded.Summary.FinalLoss); // the final pass is Lloyd's either way
        // Lloyd's inertia sums float distances, each within (d + 2)·2⁻²⁴ of exact; the bounded one is exact to double rounding.
        var rounding = (executor.Dataset.Schema.FeatureCount + 2) / (double)(1 << 24);
        for (var i = 0; i < plain.Summary.LossHistory.Length; i++)
        {
            Approx.Relative(plain.Summary.LossHistory[i], bounded.Summary.LossHistory[i], rounding, $"inertia after {i + 1} iterations");
        }
    }

    [Theory]
    [InlineData("separated", 4, 0.02)] // well apart: after a few passes almost no row is searched
    [InlineData("far", 5, 0.6)] // far from the origin, the scores' error bound is wide, so the lower bounds are weak
    [InlineData("wide", 6, 0.3)] // 300 features: 32-row Lloyd blocks, gathered from blocks of 160
    public async Task Pass_by_pass_the_sums_counts_and_farthest_rows_are_Lloyds_while_fewer_rows_are_searched(string dataset, int k, double searchedAtLast)
    {
        await using var executor = PartitionsExecutor.Load(_files.WriteCsv(dataset + ".csv", Data(dataset)), 2);
        var d = executor.Dataset.Schema.FeatureCount;
        var centers = Enumerable.Range(0, k).SelectMany(j => executor.Partitions[0].Dense!.Row(j * 37).ToArray()).ToArray();
        var searched = new List<long>();
        for (var pass = 0; pass < 12; pass++)
        {
            var plain = await executor.RunAsync(new LloydStep(centers, k, d, k), CancellationToken.None);
            var bounded = await executor.RunAsync(new BoundedLloydStep(centers, k, d, k, "test"), CancellationToken.None);

            Approx.SameBits(plain.Sums, bounded.Sums);
            Assert.Equal(plain.Counts, bounded.Counts);
            Assert.Equal(plain.Farthest.GlobalRows, bounded.Farthest.GlobalRows);
            Approx.Relative(plain.Inertia, bounded.Inertia, (d + 2) / (double)(1 << 24), $"inertia of pass {pass}");
            Assert.Equal(executor.Dataset.TotalRows, plain.SearchedRows);
            searched.Add(bounded.SearchedRows);
            centers = Means(plain, centers, k, d);
        }

        Assert.Equal(executor.Dataset.TotalRows, searched[0]); // no bounds yet
        Assert.True(searched[^1] <= searchedAtLast * executor.Dataset.TotalRows, $"rows searched pass by pass: {string.Join(", ", searched)}");
    }

    [Theory]
    [InlineData("separated", 4)]
    [InlineData("many", 24)]
    public async Task Asked_for_Lloyds_inertia_a_bounded_pass_gives_its_bits(string dataset, int k)
    {
        await using var executor = PartitionsExecutor.Load(_files.WriteCsv(dataset + ".csv", Data(dataset)), 3);
        var d = executor.Dataset.Schema.FeatureCount;
        var centers = Enumerable.Range(0, k).SelectMany(j => executor.Partitions[0].Dense!.Row(j * 37).ToArray()).ToArray();
        for (var pass = 0; pass < 8; pass++)
        {
            var plain = await executor.RunAsync(new LloydStep(centers, k, d, 0), CancellationToken.None);
            var bounded = await executor.RunAsync(new BoundedLloydStep(centers, k, d, 0, "test") { LloydInertia = true }, CancellationToken.None);

            Assert.Equal(plain.Inertia, bounded.Inertia); // bits, pass after pass, with bounds and without
            Assert.Equal(plain.Counts, bounded.Counts);
            centers = Means(plain, centers, k, d);
        }
    }

    [Fact]
    public void A_step_asking_for_Lloyds_inertia_says_so_on_the_wire()
    {
        var step = new BoundedLloydStep([1f, 2f], 2, 1, 0, "key") { LloydInertia = true };

        var read = MemoryPack.MemoryPackSerializer.Deserialize<BoundedLloydStep>(MemoryPack.MemoryPackSerializer.Serialize(step))!;

        Assert.True(read.LloydInertia);
        Assert.False(MemoryPack.MemoryPackSerializer.Deserialize<BoundedLloydStep>(MemoryPack.MemoryPackSerializer.Serialize(step with { LloydInertia = false }))!.LloydInertia);
    }

    [Fact]
    public async Task Segments_whose_rows_kept_their_clusters_are_added_from_their_kept_sums_with_Lloyds_bits()
    {
        // Overlapping blobs, so rows still change cluster in some segments while others have settled: every pass mixes
        // segments summed from their rows with segments added from the partial sums the last pass kept.
        var table = Generate.Blobs(Padded([[0, 0, 0], [3, 0, 0], [0, 3, 0], [3, 3, 1], [1.5, 1.5, 3]], 32), 14_000, 1.0, 41);
        await using var executor = PartitionsExecutor.Load(_files.WriteCsv("segments.csv", table), 3);
        var d = executor.Dataset.Schema.FeatureCount;
        const int k = 5;
        var centers = Enumerable.Range(0, k).SelectMany(j => executor.Partitions[1].Dense!.Row(j * 11).ToArray()).ToArray();
        var kept = new List<long>();
        for (var pass = 0; pass < 15; pass++)
        {
            var plain = await executor.RunAsync(new LloydStep(centers, k, d, k), CancellationToken.None);
            var bounded = await executor.RunAsync(new BoundedLloydStep(centers, k, d, k, "test"), CancellationToken.None);

            Approx.SameBits(plain.Sums, bounded.Sums);
            Assert.Equal(plain.Counts, bounded.Counts);
            Assert.Equal(plain.Farthest.GlobalRows, bounded.Farthest.GlobalRows);
            kept.Add(executor.Partitions.Sum(p => ((BoundedLloydState)p.State["test"]).Segments.TimesKept));
            centers = Means(plain, centers, k, d);
        }

        var segments = executor.Partitions.Sum(p => ((BoundedLloydState)p.State["test"]).Segments.Segments);
        Assert.True(segments >= 12, $"{segments} segments");
        Assert.Equal(0, kept[0]); // the first pass has nothing kept
        Assert.True(kept[^1] > kept[^2], $"segments kept, pass by pass (cumulative): {string.Join(", ", kept)}");
        Assert.True(kept[^1] < 15 * segments, "some passes must have summed changed segments from their rows");
    }

    [Fact]
    public async Task Losing_the_bounds_between_passes_changes_nothing()
    {
        var path = _files.WriteCsv("ambiguous.csv", ClusterData.Ambiguous());
        var options = new KMeansOptions { NumberOfClusters = 5, Seed = 9, Tolerance = 0, MaximumIterations = 15, Algorithm = KMeansAlgorithm.Bounded };

        await using var undisturbed = await DataDirectory.LoadAsync(path, 3);
        var expected = await ClusterData.TrainAsync(undisturbed, options);

        // As a reload would: the partitions come back without working state, on every third pass.
        await using var disturbed = PartitionsExecutor.Load(path, 3);
        var dropped = 0;
        disturbed.BeforePass = (pass, executor) =>
        {
            if (pass % 3 == 0)
            {
                dropped += executor.Partitions.Count(p => !p.State.IsEmpty);
                foreach (var partition in executor.Partitions)
                {
                    partition.State.Clear();
                }
            }
        };
        var actual = await ClusterData.TrainAsync(disturbed, options);

        Assert.True(dropped > 0);
        Approx.SameBits(expected.Centers, actual.Centers);
        Assert.Equal(expected.ClusterSizes, actual.ClusterSizes);
        Assert.All(disturbed.Partitions, p => Assert.Empty(p.State)); // the job frees its bounds when it ends
    }

    [Fact]
    public async Task Sparse_data_runs_Lloyd()
    {
        var table = Generate.SparseRegression(400, 0.3, [.. Enumerable.Repeat(1.0, 10)], [.. Enumerable.Repeat(0.0, 10)], 0, 0, 3);
        var path = _files.WriteLibSvm("sparse.svm", table);
        await using var executor = await DataDirectory.LoadAsync(path, 2);
        var options = new KMeansOptions { NumberOfClusters = 3, Seed = 4, Tolerance = 0, MaximumIterations = 10 };

        var plain = await ClusterData.TrainAsync(executor, options);
        var bounded = await ClusterData.TrainAsync(executor, options with { Algorithm = KMeansAlgorithm.Bounded });

        Approx.SameBits(plain.Centers, bounded.Centers);
        Approx.SameBits(plain.Summary.LossHistory, bounded.Summary.LossHistory);
    }

    [Fact]
    public async Task An_unknown_algorithm_is_refused_before_any_pass()
    {
        var path = _files.WriteCsv("separated.csv", ClusterData.Separated());
        await using var executor = PartitionsExecutor.Load(path, 2);
        var options = new KMeansOptions { NumberOfClusters = 4, Algorithm = (KMeansAlgorithm)7 };

        var error = await Assert.ThrowsAsync<ArgumentException>(() => ClusterData.TrainAsync(executor, options));

        Assert.Contains("unknown K-means algorithm 7", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, executor.Passes);
    }

    public void Dispose() => _files.Dispose();

    /// <summary>
    /// The test datasets: three of <see cref="ClusterData"/>, one far from the origin (the scores cancel), one with many
    /// clusters, and one of wide rows (300 features), whose bounded passes gather from blocks of several Lloyd blocks.
    /// </summary>
    private static Table Data(string name) => name switch
    {
        "separated" => ClusterData.Separated(),
        "overlapping" => ClusterData.Overlapping(),
        "ambiguous" => ClusterData.Ambiguous(),
        "wide" => Generate.Blobs([.. Enumerable.Range(0, 8).Select(j => Enumerable.Range(0, 300).Select(f => (double)(((j * 31) + (f * 7)) % 13)).ToArray())], 3000, 4.0, 33),
        "far" => Generate.Blobs([[1000, 1000, 1000], [1004, 1000, 1000], [1000, 1004, 1000], [1004, 1004, 1001], [1002, 1002, 1004]], 2500, 1.0, 31),
        _ => Generate.Blobs([.. Enumerable.Range(0, 30).Select(j => new double[] { j % 6 * 5, j / 6 * 5, (j * 7 % 5) - 2, j % 3 })], 3000, 1.0, 32),
    };

    /// <summary>Centers with zeros for the features after their own: d = 32 makes segments of 1024 rows.</summary>
    internal static double[][] Padded(double[][] centers, int dimension) => [.. centers.Select(c => c.Concat(new double[dimension - c.Length]).ToArray())];

    private static float[] Means(LloydSummary summary, float[] centers, int k, int d)
    {
        var next = (float[])centers.Clone();
        for (var j = 0; j < k; j++)
        {
            for (var f = 0; f < d && summary.Counts[j] > 0; f++)
            {
                next[(j * d) + f] = (float)(summary.Sums[(j * d) + f] / summary.Counts[j]);
            }
        }

        return next;
    }
}
