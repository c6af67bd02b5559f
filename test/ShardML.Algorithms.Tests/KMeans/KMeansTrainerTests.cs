using ShardML.Algorithms.KMeans;
using ShardML.Algorithms.Tests.Support;

namespace ShardML.Algorithms.Tests.KMeans;

public sealed class KMeansTrainerTests : IDisposable
{
    private readonly DataDirectory _files = new();

    [Fact]
    public async Task Four_points_on_a_line_split_into_the_two_pairs()
    {
        var path = _files.Write("line.csv", "x\n0\n1\n10\n11\n");
        await using var executor = await DataDirectory.LoadAsync(path, 2, hasLabel: false);

        var model = await ClusterData.TrainAsync(executor, ClusterData.Given([[0f], [10f]], 10));

        Assert.Equal(new[] { new[] { 0.5f }, new[] { 10.5f } }, model.Centers);
        Assert.Equal(new[] { 2L, 2L }, model.ClusterSizes);
        Assert.Equal(1.0, model.Summary.FinalLoss); // four rows, each 0.5 from its center
        Assert.True(model.Summary.Converged);
        Assert.Equal(new[] { 0, 0, 1, 1 }, await ClusterData.PredictAsync(executor, model));
    }

    [Fact]
    public async Task Five_lloyd_iterations_from_given_centers_match_a_reference_lloyd_in_double()
    {
        var table = ClusterData.Overlapping();
        var path = _files.WriteCsv("overlapping.csv", table);
        await using var executor = await DataDirectory.LoadAsync(path, 3); // the blob label is a column, not a feature
        float[][] initial = [[-1, -1, 0, 0], [4, 0, 0, 0], [0, 4, 0, 0]];

        var model = await ClusterData.TrainAsync(executor, ClusterData.Given(initial, 5));
        var reference = ReferenceLloyd.Run(table, initial, 5);

        Assert.Equal(5, model.Summary.Iterations);
        for (var c = 0; c < initial.Length; c++)
        {
            Approx.Absolute(reference.Centers[c], model.Centers[c], 1e-5, $"center {c}");
        }

        Assert.Equal(reference.Assignments, await ClusterData.PredictAsync(executor, model));
        Assert.Equal(reference.Assignments.CountBy(a => a).OrderBy(g => g.Key).Select(g => (long)g.Value), model.ClusterSizes);
        Approx.Relative(reference.Inertia, model.Summary.FinalLoss, 1e-6, "final inertia");
        Approx.Relative(reference.History, model.Summary.LossHistory, 1e-6, "inertia before each update");
        Assert.True(reference.History[0] > 1.5 * reference.Inertia, "the initial centers were already good: the comparison would prove little");
    }

    [Fact]
    public async Task The_squared_moves_test_stops_at_the_first_iteration_whose_squared_center_moves_sum_to_the_tolerance()
    {
        var path = _files.WriteCsv("overlapping.csv", ClusterData.Overlapping());
        await using var executor = await DataDirectory.LoadAsync(path, 3);
        float[][] initial = [[-1, -1, 0, 0], [4, 0, 0, 0], [0, 4, 0, 0]];
        // The centers after 0, 1, …, 12 iterations, each run stopping at its cap, and the squared moves between them.
        var centers = new List<float[][]> { initial };
        for (var i = 1; i <= 12; i++)
        {
            centers.Add((await ClusterData.TrainAsync(executor, ClusterData.Given(initial, i))).Centers.ToArray());
        }

        var moves = Enumerable.Range(1, 12)
            .Select(i => centers[i].Zip(centers[i - 1], (a, b) => a.Zip(b, (x, y) => ((double)x - y) * ((double)x - y)).Sum()).Sum())
            .ToArray();
        var tolerance = moves[3] * 1.5; // the 4th iteration's squared moves pass, or an earlier smaller one
        var expected = Array.FindIndex(moves, m => m <= tolerance) + 1;
        Assert.True(moves.All(m => Math.Abs(m - tolerance) > 1e-3 * tolerance), $"a move too near the tolerance {tolerance} for a clear answer: {string.Join(", ", moves)}");
        Assert.True(expected >= 3, $"squared moves {string.Join(", ", moves)}: the test would stop too early to prove anything");

        var options = ClusterData.Given(initial, 50) with { Tolerance = tolerance, Convergence = KMeansConvergence.SquaredMoves };
        var model = await ClusterData.TrainAsync(executor, options);

        Assert.True(model.Summary.Converged);
        Assert.Equal(expected, model.Summary.Iterations);
        Approx.SameBits(centers[expected], [.. model.Centers]);
    }

    [Fact]
    public async Task Lloyds_inertia_never_increases()
    {
        var path = _files.WriteCsv("ambiguous.csv", ClusterData.Ambiguous());
        await using var executor = await DataDirectory.LoadAsync(path, 4);

        var model = await ClusterData.TrainAsync(executor, new KMeansOptions { NumberOfClusters = 5, Initialization = KMeansInitialization.Random, Seed = 9 });

        var losses = model.Summary.LossHistory.Append(model.Summary.FinalLoss).ToArray();
        Assert.True(losses.Length > 3);
        for (var i = 1; i < losses.Length; i++)
        {
            Assert.True(losses[i] <= losses[i - 1] * (1 + 1e-12), $"inertia rose from {losses[i - 1]} to {losses[i]} at iteration {i}");
        }
    }

    [Fact]
    public async Task Kmeans_parallel_finds_four_separated_blobs_and_an_adjusted_rand_index_of_one()
    {
        var path = _files.WriteCsv("blobs.csv", ClusterData.Separated());
        await using var executor = await DataDirectory.LoadAsync(path, 4);

        var model = await ClusterData.TrainAsync(executor, new KMeansOptions { NumberOfClusters = 4, Seed = 5 });
        var metrics = await ClusterData.EvaluateAsync(executor, model);

        Assert.Equal(KMeansInitialization.Parallel, model.Hyperparameters.Initialization);
        foreach (var center in ClusterData.SeparatedCenters)
        {
            Assert.True(ClusterData.DistanceToNearestCenter(model, center) <= 0.1, $"no center within 0.1 of ({string.Join(", ", center)})");
        }

        Assert.Equal(1.0, metrics["adjusted_rand_index"], 12);
        Assert.Equal(2000, metrics["rows"]);
        Approx.Relative(model.Summary.FinalLoss, metrics["inertia"], 1e-12, "inertia of the evaluation");
        Assert.All(model.ClusterSizes, size => Assert.Equal(500, size));
    }

    [Fact]
    public async Task Random_initialization_converges_to_a_fixed_point_of_lloyd_no_better_than_kmeans_parallel()
    {
        var table = ClusterData.Separated();
        var path = _files.WriteCsv("blobs.csv", table);
        await using var executor = await DataDirectory.LoadAsync(path, 3);

        var parallel = await ClusterData.TrainAsync(executor, new KMeansOptions { NumberOfClusters = 4, Seed = 5 });
        var random = await ClusterData.TrainAsync(executor, new KMeansOptions
        {
            NumberOfClusters = 4, Initialization = KMeansInitialization.Random, Seed = 5, Tolerance = 0,
        });

        Assert.True(random.Summary.Converged);
        var means = ReferenceLloyd.Means(table, await ClusterData.PredictAsync(executor, random), 4);
        for (var c = 0; c < 4; c++)
        {
            Approx.Absolute(means[c], random.Centers[c], 1e-5, $"center {c} against the mean of its rows");
        }

        Assert.True(random.Summary.FinalLoss >= parallel.Summary.FinalLoss * (1 - 1e-9));
    }

    [Fact]
    public async Task An_empty_cluster_is_reseeded_at_a_far_row_and_a_note_says_so()
    {
        var path = _files.WriteCsv("blobs.csv", ClusterData.Separated());
        await using var executor = await DataDirectory.LoadAsync(path, 3);
        float[][] initial = [[0, 0, 0], [12, 0, 0], [0, 12, 0], [1000, 1000, 1000]]; // nothing is near the last center

        var model = await ClusterData.TrainAsync(executor, ClusterData.Given(initial, 20));
        var metrics = await ClusterData.EvaluateAsync(executor, model);

        Assert.All(model.ClusterSizes, size => Assert.True(size > 0));
        Assert.Contains(model.Summary.Notes, note => note.Contains("re-seeded 1 empty cluster", StringComparison.Ordinal));
        Assert.True(ClusterData.DistanceToNearestCenter(model, ClusterData.SeparatedCenters[3]) <= 0.1);
        Assert.Equal(1.0, metrics["adjusted_rand_index"], 12);
        Assert.True(model.Summary.Converged);
    }

    public void Dispose() => _files.Dispose();
}
