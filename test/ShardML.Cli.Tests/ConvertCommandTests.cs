namespace ShardML.Cli.Tests;

public sealed class ConvertCommandTests : IDisposable
{
    private readonly Samples _samples = new();

    [Fact]
    public async Task A_converted_file_trains_the_same_linear_regression_as_its_csv()
    {
        var shard = _samples.In("housing.shard");

        var convert = await CliRun.RunAsync("convert", "--data", _samples.Housing, "--out", shard, "--json");
        var fromCsv = await CliRun.RunAsync("train", "linreg", "--data", _samples.Housing, "--solver", "normal", "--json");
        var fromShard = await CliRun.RunAsync("train", "linreg", "--data", shard, "--solver", "normal", "--json");

        Assert.True(convert.ExitCode == 0, convert.StandardError);
        Assert.True(fromShard.ExitCode == 0, fromShard.StandardError);
        Assert.True(convert.Json().GetProperty("rows").GetInt64() > 0);
        var expected = fromCsv.Json().GetProperty("model").GetProperty("weights")[0].EnumerateArray().Select(w => w.GetDouble()).ToArray();
        var actual = fromShard.Json().GetProperty("model").GetProperty("weights")[0].EnumerateArray().Select(w => w.GetDouble()).ToArray();
        Assert.Equal(expected.Length, actual.Length);
        for (var j = 0; j < expected.Length; j++)
        {
            Assert.True(Math.Abs(expected[j] - actual[j]) <= 1e-9 * Math.Max(1, Math.Abs(expected[j])), $"weight {j}: {actual[j]} vs {expected[j]}");
        }
    }

    [Fact]
    public async Task A_file_with_class_names_converts_with_its_vocabulary_and_trains_the_same_logistic_regression_as_its_csv()
    {
        var shard = _samples.In("churn.shard");

        var convert = await CliRun.RunAsync("convert", "--data", _samples.Churn, "--out", shard, "--json");
        var fromCsv = await CliRun.RunAsync("train", "logreg", "--data", _samples.Churn, "--json");
        var fromShard = await CliRun.RunAsync("train", "logreg", "--data", shard, "--json");

        Assert.True(convert.ExitCode == 0, convert.StandardError);
        Assert.True(fromShard.ExitCode == 0, fromShard.StandardError);
        Assert.Equal(["no", "yes"], convert.Json().GetProperty("labelVocabulary").EnumerateArray().Select(c => c.GetString()!).Order());
        Assert.Equal(fromCsv.Json().GetProperty("model").GetProperty("classes").ToString(), fromShard.Json().GetProperty("model").GetProperty("classes").ToString());
        // The partitions' row ranges differ (bytes for the CSV, rows for the .shard file), so sums merge in another order.
        var expected = fromCsv.Json().GetProperty("model").GetProperty("weights").EnumerateArray().SelectMany(Numbers).ToArray();
        var actual = fromShard.Json().GetProperty("model").GetProperty("weights").EnumerateArray().SelectMany(Numbers).ToArray();
        Assert.Equal(expected.Length, actual.Length);
        for (var j = 0; j < expected.Length; j++)
        {
            Assert.True(Math.Abs(expected[j] - actual[j]) <= 1e-9 * Math.Max(1, Math.Abs(expected[j])), $"weight {j}: {actual[j]} vs {expected[j]}");
        }

        Assert.Equal(
            fromCsv.Json().GetProperty("metrics").GetProperty("accuracy").GetDouble(),
            fromShard.Json().GetProperty("metrics").GetProperty("accuracy").GetDouble());
    }

    [Fact]
    public async Task A_file_with_class_names_is_refused_as_a_regression_target()
    {
        var shard = _samples.In("churn.shard");
        Assert.Equal(0, (await CliRun.RunAsync("convert", "--data", _samples.Churn, "--out", shard)).ExitCode);

        var run = await CliRun.RunAsync("train", "linreg", "--data", shard, "--json");

        Assert.Equal(ExitCodes.DataError, run.ExitCode);
        Assert.Contains("names classes", run.StandardError);
    }

    [Fact]
    public async Task Unlabelled_blobs_convert_and_cluster()
    {
        var shard = _samples.In("blobs.shard");

        var convert = await CliRun.RunAsync("convert", "--data", _samples.Blobs, "--out", shard, "--label", "species");
        var train = await CliRun.RunAsync("train", "kmeans", "--data", shard, "--k", "4", "--label", "species", "--json");

        Assert.True(convert.ExitCode == 0, convert.StandardError);
        Assert.True(train.ExitCode == 0, train.StandardError);
        Assert.Equal(1.0, train.Json().GetProperty("metrics").GetProperty("adjusted_rand_index").GetDouble(), 9);
    }

    [Fact]
    public async Task A_truncated_shard_file_is_a_data_error_naming_it()
    {
        var shard = _samples.In("housing.shard");
        Assert.Equal(0, (await CliRun.RunAsync("convert", "--data", _samples.Housing, "--out", shard)).ExitCode);
        using (var stream = new FileStream(shard, FileMode.Open))
        {
            stream.SetLength(stream.Length / 2);
        }

        var run = await CliRun.RunAsync("train", "linreg", "--data", shard, "--json");

        Assert.Equal(ExitCodes.DataError, run.ExitCode);
        Assert.Contains(shard, run.StandardError);
        Assert.Contains("truncated", run.StandardError);
    }

    [Fact]
    public async Task Libsvm_input_is_refused_with_a_data_error()
    {
        var run = await CliRun.RunAsync("convert", "--data", _samples.SparseRegression, "--out", _samples.In("s.shard"));

        Assert.Equal(ExitCodes.DataError, run.ExitCode);
        Assert.Contains("only CSV and Parquet convert", run.StandardError);
    }

    public void Dispose() => _samples.Dispose();

    private static IEnumerable<double> Numbers(System.Text.Json.JsonElement element) =>
        element.ValueKind == System.Text.Json.JsonValueKind.Array ? element.EnumerateArray().SelectMany(Numbers) : [element.GetDouble()];
}
