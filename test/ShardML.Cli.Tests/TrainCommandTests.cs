using System.Text.Json;
using ShardML.Algorithms.KMeans;
using ShardML.Algorithms.LinearModels;
using ShardML.Algorithms.Models;

namespace ShardML.Cli.Tests;

public sealed class TrainCommandTests : IDisposable
{
    private readonly Samples _samples = new();

    [Fact]
    public async Task Train_kmeans_prints_one_json_document_and_saves_a_versioned_model()
    {
        var model = _samples.In("kmeans.json");

        var run = await CliRun.RunAsync("train", "kmeans", "--data", _samples.Blobs, "--k", "4", "--label", "species", "--out", model, "--json");

        Assert.Equal(0, run.ExitCode);
        var json = run.Json();
        Assert.Equal("kmeans", json.GetProperty("algorithm").GetString());
        Assert.True(json.GetProperty("converged").GetBoolean());
        Assert.Equal(1.0, json.GetProperty("metrics").GetProperty("adjusted_rand_index").GetDouble(), 9);
        Assert.True(json.GetProperty("lossHistory").GetArrayLength() >= 1);
        Assert.True(json.GetProperty("execution").GetProperty("passes").GetInt32() > 1);
        var saved = Assert.IsType<KMeansModel>(await ModelFile.LoadAsync(model, CancellationToken.None));
        Assert.Equal(4, saved.Centers.Length);
        Assert.Equal(["x1", "x2", "x3"], saved.FeatureNames);
        using var file = JsonDocument.Parse(await File.ReadAllTextAsync(model));
        Assert.Equal("shardml-model", file.RootElement.GetProperty("format").GetString());
        Assert.Equal(2, file.RootElement.GetProperty("version").GetInt32()); // numbers as they are: the version builds without preprocessing read
    }

    [Fact]
    public async Task Bounded_and_yinyang_kmeans_save_the_centers_lloyd_saves_and_record_the_choice()
    {
        var lloyd = await CliRun.RunAsync("train", "kmeans", "--data", _samples.Blobs, "--k", "4", "--label", "species", "--partitions", "3", "--algorithm", "lloyd", "--out", _samples.In("lloyd.json"));
        var yinyang = await CliRun.RunAsync("train", "kmeans", "--data", _samples.Blobs, "--k", "4", "--label", "species", "--partitions", "3", "--algorithm", "yinyang", "--out", _samples.In("yinyang.json"));
        var bounded = await CliRun.RunAsync("train", "kmeans", "--data", _samples.Blobs, "--k", "4", "--label", "species", "--partitions", "3", "--algorithm", "bounded", "--out", _samples.In("bounded.json"));
        var unknown = await CliRun.RunAsync("train", "kmeans", "--data", _samples.Blobs, "--k", "4", "--algorithm", "elkan");

        Assert.Equal(0, lloyd.ExitCode);
        Assert.Equal(0, bounded.ExitCode);
        var one = Assert.IsType<KMeansModel>(await ModelFile.LoadAsync(_samples.In("lloyd.json"), CancellationToken.None));
        var two = Assert.IsType<KMeansModel>(await ModelFile.LoadAsync(_samples.In("bounded.json"), CancellationToken.None));
        Assert.Equal(one.Centers.SelectMany(c => c), two.Centers.SelectMany(c => c));
        Assert.Equal(KMeansAlgorithm.Bounded, two.Hyperparameters.Algorithm);
        Assert.Equal(0, yinyang.ExitCode);
        var three = Assert.IsType<KMeansModel>(await ModelFile.LoadAsync(_samples.In("yinyang.json"), CancellationToken.None));
        Assert.Equal(one.Centers.SelectMany(c => c), three.Centers.SelectMany(c => c));
        Assert.All(three.Summary.IterationMethods!, m => Assert.Equal("yinyang", m));
        Assert.Equal(ExitCodes.Usage, unknown.ExitCode);
        Assert.Contains("auto, lloyd, bounded or yinyang", unknown.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_squared_moves_test_is_chosen_by_name_and_kept_with_the_model()
    {
        var run = await CliRun.RunAsync("train", "kmeans", "--data", _samples.Blobs, "--k", "4", "--label", "species", "--convergence", "squared-moves", "--tol", "1e-3", "--out", _samples.In("squared.json"));
        var unknown = await CliRun.RunAsync("train", "kmeans", "--data", _samples.Blobs, "--k", "4", "--convergence", "inertia");

        Assert.Equal(0, run.ExitCode);
        var model = Assert.IsType<KMeansModel>(await ModelFile.LoadAsync(_samples.In("squared.json"), CancellationToken.None));
        Assert.Equal(KMeansConvergence.SquaredMoves, model.Hyperparameters.Convergence);
        Assert.Equal(1e-3, model.Hyperparameters.Tolerance);
        Assert.True(model.Summary.Converged);
        Assert.Equal(ExitCodes.Usage, unknown.ExitCode);
        Assert.Contains("--convergence must be move or squared-moves, not 'inertia'", unknown.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_same_seed_gives_the_same_model_file_content()
    {
        var first = await CliRun.RunAsync("train", "kmeans", "--data", _samples.Blobs, "--k", "4", "--seed", "9", "--partitions", "3", "--out", _samples.In("a.json"), "--json");
        var second = await CliRun.RunAsync("train", "kmeans", "--data", _samples.Blobs, "--k", "4", "--seed", "9", "--partitions", "3", "--out", _samples.In("b.json"));

        Assert.Equal(0, first.ExitCode);
        Assert.Equal(0, second.ExitCode);
        Assert.Equal(await File.ReadAllBytesAsync(_samples.In("a.json")), await File.ReadAllBytesAsync(_samples.In("b.json")));
        Assert.True(first.Json().GetProperty("seconds").GetDouble() > 0, "train still reports its time");
    }

    [Fact]
    public async Task Kmeans_scores_against_class_names_in_text_and_evaluate_agrees_on_any_partitioning()
    {
        var model = _samples.In("penguins.json");

        var train = await CliRun.RunAsync("train", "kmeans", "--data", _samples.Penguins, "--k", "3", "--label", "species", "--partitions", "3", "--out", model, "--json");
        var one = await CliRun.RunAsync("evaluate", "--model", model, "--data", _samples.Penguins, "--partitions", "1", "--json");
        var five = await CliRun.RunAsync("evaluate", "--model", model, "--data", _samples.Penguins, "--partitions", "5", "--json");

        var predict = await CliRun.RunAsync("predict", "--model", model, "--data", _samples.Penguins, "--out", _samples.In("clusters.csv"));

        Assert.Equal(0, train.ExitCode); // the species are words: read as numbers, this was a data error
        Assert.Equal(0, predict.ExitCode);
        var trained = train.Json().GetProperty("metrics").GetProperty("adjusted_rand_index").GetDouble();
        var header = (await File.ReadAllLinesAsync(_samples.Penguins))[0].Split(',');
        var species = (await File.ReadAllLinesAsync(_samples.Penguins)).Skip(1).Select(l => l.Split(',')[Array.IndexOf(header, "species")]).ToArray();
        var clusters = (await File.ReadAllLinesAsync(_samples.In("clusters.csv"))).Skip(1).ToArray();
        Assert.Equal(TextbookRandIndex(clusters, species), trained, 12);
        Assert.Equal(trained, one.Json().GetProperty("metrics").GetProperty("adjusted_rand_index").GetDouble(), 12);
        Assert.Equal(trained, five.Json().GetProperty("metrics").GetProperty("adjusted_rand_index").GetDouble(), 12);
    }

    [Fact]
    public async Task Kmeans_takes_a_numeric_label_spelled_two_ways_as_one_class()
    {
        // blobs.csv's species are 0..3; writing half of them as 1.0-style must not split a class in two.
        var lines = await File.ReadAllLinesAsync(_samples.Blobs);
        var respelled = lines.Select((line, i) => i > 0 && i % 2 == 0 ? line + ".0" : line).ToArray();
        Assert.EndsWith("species", respelled[0], StringComparison.Ordinal);
        var data = _samples.Write("blobs-respelled.csv", string.Join('\n', respelled) + "\n");

        var run = await CliRun.RunAsync("train", "kmeans", "--data", data, "--k", "4", "--label", "species", "--partitions", "3", "--json");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(1.0, run.Json().GetProperty("metrics").GetProperty("adjusted_rand_index").GetDouble(), 9);
    }

    [Fact]
    public async Task Kmeans_sets_aside_a_label_of_too_many_values_instead_of_failing_and_reports_no_rand_index()
    {
        // --label also keeps a column out of the features (an id, a measurement); with more distinct values than a
        // class vocabulary holds, it cannot score the clusters, and that must not fail the training.
        var lines = new List<string> { "x,y,id" };
        for (var i = 0; i < 70_000; i++)
        {
            lines.Add(FormattableString.Invariant($"{i % 7},{(i % 11) * 0.5},{i}"));
        }

        var data = _samples.Write("ids.csv", string.Join('\n', lines) + "\n");
        var model = _samples.In("ids.json");

        var train = await CliRun.RunAsync("train", "kmeans", "--data", data, "--k", "3", "--label", "id", "--partitions", "1", "--out", model, "--json");
        var evaluate = await CliRun.RunAsync("evaluate", "--model", model, "--data", data, "--partitions", "1", "--json");
        var spread = await CliRun.RunAsync("evaluate", "--model", model, "--data", data, "--partitions", "4", "--json"); // 17,500 ids a partition

        Assert.Equal(0, train.ExitCode);
        Assert.False(spread.Json().GetProperty("metrics").TryGetProperty("adjusted_rand_index", out _)); // the same on any partitioning
        Assert.False(train.Json().GetProperty("metrics").TryGetProperty("adjusted_rand_index", out _));
        Assert.Equal(0, evaluate.ExitCode);
        Assert.False(evaluate.Json().GetProperty("metrics").TryGetProperty("adjusted_rand_index", out _));
    }

    [Fact]
    public async Task Kmeans_starts_from_centers_given_in_a_file()
    {
        var centers = _samples.Write("centers.csv", "x1,x2,x3\n0,0,0\n8,8,0\n-8,6,4\n5,-7,-6\n");

        var run = await CliRun.RunAsync("train", "kmeans", "--data", _samples.Blobs, "--k", "4", "--label", "species", "--init", centers, "--json");

        Assert.Equal(0, run.ExitCode);
        Assert.True(run.Json().GetProperty("iterations").GetInt32() <= 3);
    }

    [Fact]
    public async Task Gradient_descent_and_the_normal_equations_agree_from_the_command_line()
    {
        var gd = await CliRun.RunAsync("train", "linreg", "--data", _samples.Housing, "--solver", "gd", "--standardize", "--learning-rate", "0.5", "--tol", "1e-9", "--out", _samples.In("gd.json"));
        var normal = await CliRun.RunAsync("train", "linreg", "--data", _samples.Housing, "--solver", "normal", "--out", _samples.In("normal.json"));

        Assert.Equal(0, gd.ExitCode);
        Assert.Equal(0, normal.ExitCode);
        var a = (LinearRegressionModel)await ModelFile.LoadAsync(_samples.In("gd.json"), CancellationToken.None);
        var b = (LinearRegressionModel)await ModelFile.LoadAsync(_samples.In("normal.json"), CancellationToken.None);
        for (var j = 0; j < a.Coefficients.Count; j++)
        {
            Assert.True(Math.Abs(a.Coefficients[j] - b.Coefficients[j]) <= 1e-4 * Math.Abs(b.Coefficients[j]), $"weight {j}: {a.Coefficients[j]} vs {b.Coefficients[j]}");
        }

        Assert.Equal(b.Intercept, a.Intercept, 1e-3);
    }

    [Fact]
    public async Task Trains_on_sparse_libsvm_data()
    {
        var run = await CliRun.RunAsync("train", "linreg", "--data", _samples.SparseRegression, "--solver", "normal", "--json");

        Assert.Equal(0, run.ExitCode);
        var json = run.Json();
        Assert.Equal(50, json.GetProperty("features").GetInt32());
        Assert.True(json.GetProperty("metrics").GetProperty("r2").GetDouble() > 0.99);
    }

    /// <summary>Hubert and Arabie's adjusted Rand index from the pair counts of two labelings, as a textbook writes it.</summary>
    private static double TextbookRandIndex(string[] first, string[] second)
    {
        static double Pairs(long n) => n * (n - 1) / 2.0;
        var cells = first.Zip(second).GroupBy(p => p).Sum(g => Pairs(g.Count()));
        var rows = first.GroupBy(x => x).Sum(g => Pairs(g.Count()));
        var columns = second.GroupBy(x => x).Sum(g => Pairs(g.Count()));
        var expected = rows * columns / Pairs(first.Length);
        return (cells - expected) / (((rows + columns) / 2) - expected);
    }

    public void Dispose() => _samples.Dispose();
}
