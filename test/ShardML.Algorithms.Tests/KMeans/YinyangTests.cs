using MemoryPack;
using ShardML.Algorithms.KMeans;
using ShardML.Algorithms.Tests.Support;

namespace ShardML.Algorithms.Tests.KMeans;

/// <summary>The Yinyang iteration and the automatic choice must be Lloyd's, bit for bit, however they prune; only faster.</summary>
public sealed class YinyangTests : IDisposable
{
    private readonly DataDirectory _files = new();

    public static TheoryData<string, int, int> Datasets => new()
    {
        { "blobs16", 16, 1 }, { "blobs16", 16, 4 }, { "blobs64", 64, 1 }, { "blobs64", 64, 4 }, { "blobs256", 256, 4 },
        { "ambiguous", 5, 3 }, { "far", 5, 3 }, { "many", 24, 4 },
    };

    [Theory]
    [MemberData(nameof(Datasets))]
    public async Task Yinyang_and_auto_training_end_with_Lloyds_centers_sizes_and_iterations(string dataset, int k, int partitions)
    {
        var path = _files.WriteCsv(dataset + ".csv", Data(dataset));
        var lloyd = new KMeansOptions { NumberOfClusters = k, Seed = 5, Tolerance = 0, MaximumIterations = 30, Algorithm = KMeansAlgorithm.Lloyd };

        await using var executor = await DataDirectory.LoadAsync(path, partitions);
        var plain = await ClusterData.TrainAsync(executor, lloyd);
        foreach (var algorithm in new[] { KMeansAlgorithm.Yinyang, KMeansAlgorithm.Auto })
        {
            var other = await ClusterData.TrainAsync(executor, lloyd with { Algorithm = algorithm });

            Approx.SameBits(plain.Centers, other.Centers);
            Assert.Equal(plain.ClusterSizes, other.ClusterSizes);
            Assert.Equal(plain.Summary.Iterations, other.Summary.Iterations);
            Assert.Equal(plain.Summary.Notes, other.Summary.Notes); // the same clusters re-seeded at the same rows
            Assert.Equal(plain.Summary.FinalLoss, other.Summary.FinalLoss);
            var rounding = (executor.Dataset.Schema.FeatureCount + 2) / (double)(1 << 24);
            for (var i = 0; i < plain.Summary.LossHistory.Length; i++)
            {
                Approx.Relative(plain.Summary.LossHistory[i], other.Summary.LossHistory[i], rounding, $"{algorithm}: inertia after {i + 1} iterations");
            }
        }
    }

    [Fact]
    public async Task Clusters_emptied_by_a_far_start_are_reseeded_at_Lloyds_rows()
    {
        var path = _files.WriteCsv("many.csv", Data("many"));
        await using var executor = await DataDirectory.LoadAsync(path, 3);
        // Twelve centers far from every row: they empty in the first pass and are re-seeded at the farthest rows.
        var rows = Enumerable.Range(0, 24).Select(j => j < 12
            ? executor.Dataset.Schema.FeatureNames.Select(_ => (float)(j * 97 % 31)).ToArray()
            : executor.Dataset.Schema.FeatureNames.Select((_, f) => 500f + j + f).ToArray()).ToArray();
        var options = ClusterData.Given(rows, 25) with { Tolerance = 0, Algorithm = KMeansAlgorithm.Lloyd };

        var plain = await ClusterData.TrainAsync(executor, options);
        var yinyang = await ClusterData.TrainAsync(executor, options with { Algorithm = KMeansAlgorithm.Yinyang });

        Assert.Contains(plain.Summary.Notes, note => note.Contains("re-seeded", StringComparison.Ordinal));
        Assert.Equal(plain.Summary.Notes, yinyang.Summary.Notes);
        Approx.SameBits(plain.Centers, yinyang.Centers);
        Assert.Equal(plain.ClusterSizes, yinyang.ClusterSizes);
    }

    [Theory]
    [InlineData("blobs64", 64, 0.05)]
    [InlineData("blobs256", 256, 0.05)]
    [InlineData("far", 5, 0.8)] // far from the origin the scores' error bound is wide, so the group bounds are weak
    [InlineData("widest", 24, 0.5)] // 300 features: 48-row Lloyd blocks, gathered from blocks of 192
    public async Task Pass_by_pass_the_sums_counts_and_farthest_rows_are_Lloyds_while_fewer_rows_are_searched(string dataset, int k, double searchedAtLast)
    {
        await using var executor = PartitionsExecutor.Load(_files.WriteCsv(dataset + ".csv", Data(dataset)), 2);
        var d = executor.Dataset.Schema.FeatureCount;
        var centers = Enumerable.Range(0, k).SelectMany(j => executor.Partitions[0].Dense!.Row(j * 7).ToArray()).ToArray();
        var groups = CenterGroups.Compute(centers, k, d, 3);
        var searched = new List<long>();
        for (var pass = 0; pass < 12; pass++)
        {
            var plain = await executor.RunAsync(new LloydStep(centers, k, d, k), CancellationToken.None);
            var yinyang = await executor.RunAsync(new YinyangStep(centers, k, d, k, "test", groups), CancellationToken.None);

            Approx.SameBits(plain.Sums, yinyang.Sums);
            Assert.Equal(plain.Counts, yinyang.Counts);
            Assert.Equal(plain.Farthest.GlobalRows, yinyang.Farthest.GlobalRows);
            Approx.Relative(plain.Inertia, yinyang.Inertia, (d + 2) / (double)(1 << 24), $"inertia of pass {pass}");
            searched.Add(yinyang.SearchedRows);
            centers = Means(plain, centers, k, d);
        }

        Assert.Equal(executor.Dataset.TotalRows, searched[0]); // no bounds yet
        Assert.True(searched[^1] <= searchedAtLast * executor.Dataset.TotalRows, $"rows searched pass by pass: {string.Join(", ", searched)}");
    }

    [Fact]
    public async Task Segments_whose_rows_kept_their_clusters_are_added_from_their_kept_sums_with_Lloyds_bits()
    {
        // Overlapping blobs: some segments still change while others have settled (as BoundedLloydTests' twin).
        var table = Generate.Blobs(BoundedLloydTests.Padded([[0, 0, 0], [3, 0, 0], [0, 3, 0], [3, 3, 1], [1.5, 1.5, 3], [6, 0, 0], [0, 6, 0], [6, 6, 0]], 32), 14_000, 1.0, 43);
        await using var executor = PartitionsExecutor.Load(_files.WriteCsv("segments.csv", table), 3);
        var d = executor.Dataset.Schema.FeatureCount;
        const int k = 8;
        var centers = Enumerable.Range(0, k).SelectMany(j => executor.Partitions[1].Dense!.Row(j * 11).ToArray()).ToArray();
        var groups = CenterGroups.Compute(centers, k, d, 3);
        var kept = new List<long>();
        for (var pass = 0; pass < 15; pass++)
        {
            var plain = await executor.RunAsync(new LloydStep(centers, k, d, k), CancellationToken.None);
            var yinyang = await executor.RunAsync(new YinyangStep(centers, k, d, k, "test", groups), CancellationToken.None);

            Approx.SameBits(plain.Sums, yinyang.Sums);
            Assert.Equal(plain.Counts, yinyang.Counts);
            Assert.Equal(plain.Farthest.GlobalRows, yinyang.Farthest.GlobalRows);
            kept.Add(executor.Partitions.Sum(p => ((YinyangState)p.State["test"]).Segments.TimesKept));
            centers = Means(plain, centers, k, d);
        }

        var segments = executor.Partitions.Sum(p => ((YinyangState)p.State["test"]).Segments.Segments);
        Assert.True(segments >= 12, $"{segments} segments");
        Assert.Equal(0, kept[0]);
        Assert.True(kept[^1] > kept[^2], $"segments kept, pass by pass (cumulative): {string.Join(", ", kept)}");
        Assert.True(kept[^1] < 15 * segments, "some passes must have summed changed segments from their rows");
    }

    [Fact]
    public async Task Losing_the_bounds_between_passes_changes_nothing()
    {
        var path = _files.WriteCsv("blobs64.csv", Data("blobs64"));
        var options = new KMeansOptions { NumberOfClusters = 64, Seed = 9, Tolerance = 0, MaximumIterations = 15, Algorithm = KMeansAlgorithm.Yinyang };

        await using var undisturbed = await DataDirectory.LoadAsync(path, 3);
        var expected = await ClusterData.TrainAsync(undisturbed, options);

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

    [Theory]
    [InlineData("blobs256", 256, "bounded")] // 8 features: Hamerly's bounds
    [InlineData("wide", 128, "yinyang")] // 128 features
    public async Task Auto_runs_Lloyd_first_then_the_bounds_for_its_k_and_d_and_says_so_per_iteration(string dataset, int k, string bounded)
    {
        var path = _files.WriteCsv(dataset + ".csv", Data(dataset));
        await using var executor = PartitionsExecutor.Load(path, 2);
        var options = new KMeansOptions { NumberOfClusters = k, Seed = 5, Tolerance = 0, MaximumIterations = 40, Initialization = KMeansInitialization.Random };

        var model = await ClusterData.TrainAsync(executor, options);
        var lloyd = await ClusterData.TrainAsync(executor, options with { Algorithm = KMeansAlgorithm.Lloyd });

        var methods = model.Summary.IterationMethods!;
        Assert.Equal(KMeansAlgorithm.Auto, options.Algorithm); // the default
        Assert.Equal(model.Summary.Iterations, methods.Length);
        Assert.Equal("lloyd", methods[0]);
        Assert.True(methods.Contains(bounded), $"{string.Join(",", methods)} converged {model.Summary.Converged}");
        Assert.Equal(methods.Length, methods.TakeWhile(m => m == "lloyd").Count() + methods.SkipWhile(m => m == "lloyd").Count(m => m == bounded));
        Assert.All(executor.Partitions, p => Assert.Empty(p.State));
        Approx.SameBits(lloyd.Centers, model.Centers);
    }

    [Theory]
    [InlineData(4, 2, KMeansAlgorithm.Lloyd, 0.01, KMeansAlgorithm.Bounded)] // small k as well: a settled pass reads little
    [InlineData(16, 2, KMeansAlgorithm.Lloyd, 5.0, KMeansAlgorithm.Lloyd)]
    [InlineData(64, 2, null, 0.0, KMeansAlgorithm.Lloyd)] // no move known yet
    [InlineData(64, 2, KMeansAlgorithm.Lloyd, 0.01, KMeansAlgorithm.Bounded)]
    [InlineData(64, 2, KMeansAlgorithm.Lloyd, 5.0, KMeansAlgorithm.Lloyd)] // still moving far
    [InlineData(256, 2, KMeansAlgorithm.Lloyd, 0.01, KMeansAlgorithm.Bounded)] // few features: Hamerly
    [InlineData(256, 128, KMeansAlgorithm.Lloyd, 0.01, KMeansAlgorithm.Yinyang)]
    [InlineData(256, 128, KMeansAlgorithm.Yinyang, 5.0, KMeansAlgorithm.Yinyang)] // once bounded, it stays
    public void Auto_chooses_by_k_d_and_the_last_move(int k, int d, KMeansAlgorithm? previous, double move, KMeansAlgorithm expected)
    {
        // Centers on a line 1 apart: every half-separation is 0.5.
        var centers = new CenterSet([.. Enumerable.Range(0, k).SelectMany(j => Enumerable.Range(0, d).Select(f => f == 0 ? (float)j : 0f))], k, d);

        Assert.Equal(expected, KMeansIterationPolicy.Choose(KMeansAlgorithm.Auto, previous, move, centers, 1_000_000));
        Assert.Equal(KMeansAlgorithm.Lloyd, KMeansIterationPolicy.Choose(KMeansAlgorithm.Lloyd, previous, move, centers, 1_000_000));
        // Small data: a Lloyd pass of fewer than 2²² multiply-adds is never bounded by Auto.
        Assert.Equal(KMeansAlgorithm.Lloyd, KMeansIterationPolicy.Choose(KMeansAlgorithm.Auto, previous ?? KMeansAlgorithm.Lloyd, 0.0, centers, ((1L << 22) / (k * d)) - 1));
    }

    [Fact]
    public void Center_groups_cover_every_center_with_no_empty_group_the_same_for_the_same_seed()
    {
        var random = new Random(4);
        var centers = Enumerable.Range(0, 300 * 5).Select(_ => (float)random.NextDouble()).ToArray();

        var groups = CenterGroups.Compute(centers, 300, 5, 11);

        Assert.Equal(groups, CenterGroups.Compute(centers, 300, 5, 11));
        var used = groups.Distinct().Order().ToArray();
        Assert.Equal(Enumerable.Range(0, used.Length), used); // numbered 0..t−1 with none empty
        Assert.InRange(used.Length, 2, CenterGroups.GroupCount(300));
        Assert.Equal(0, groups[0]); // numbered by their lowest center
        Assert.All(CenterGroups.Members(groups, used.Length), m => Assert.Equal(m.Order(), m));
    }

    [Fact]
    public void Options_saved_before_the_algorithm_existed_read_as_Lloyd_and_new_ones_default_to_auto()
    {
        var old = MemoryPackSerializer.Serialize(new OptionsBeforeAlgorithm { NumberOfClusters = 7, MaximumIterations = 9, Seed = 3 });

        var read = MemoryPackSerializer.Deserialize<KMeansOptions>(old)!;

        Assert.Equal(7, read.NumberOfClusters);
        Assert.Equal(9, read.MaximumIterations);
        Assert.Equal(KMeansAlgorithm.Lloyd, read.Algorithm);
        Assert.Equal(KMeansAlgorithm.Auto, new KMeansOptions { NumberOfClusters = 2 }.Algorithm);
    }

    public void Dispose() => _files.Dispose();

    /// <summary>
    /// Blobs with k well-spread centers in 8 dimensions (128 overlapping ones for "wide", 300 for "widest"); and three of
    /// <see cref="BoundedLloydTests"/>' kind.
    /// </summary>
    private static Table Data(string name) => name switch
    {
        "blobs16" => Blobs(16, 4000, 41),
        "blobs64" => Blobs(64, 6000, 42),
        "blobs256" => Blobs(256, 8000, 43),
        "wide" => Blobs(128, 8000, 44, 128, 3),
        "widest" => Blobs(24, 3000, 45, 300, 6),
        "ambiguous" => ClusterData.Ambiguous(),
        "far" => Generate.Blobs([[1000, 1000, 1000], [1004, 1000, 1000], [1000, 1004, 1000], [1004, 1004, 1001], [1002, 1002, 1004]], 2500, 1.0, 31),
        _ => Generate.Blobs([.. Enumerable.Range(0, 30).Select(j => new double[] { j % 6 * 5, j / 6 * 5, (j * 7 % 5) - 2, j % 3 })], 3000, 1.0, 32),
    };

    private static Table Blobs(int k, int rows, int seed, int features = 8, double spread = 40)
    {
        var random = new Random(seed);
        var centers = Enumerable.Range(0, k).Select(_ => Enumerable.Range(0, features).Select(_ => random.NextDouble() * spread).ToArray()).ToArray();
        return Generate.Blobs(centers, rows, 1.5, seed);
    }

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
