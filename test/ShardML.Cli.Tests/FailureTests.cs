namespace ShardML.Cli.Tests;

public sealed class FailureTests : IDisposable
{
    private readonly Samples _samples = new();

    [Fact]
    public async Task A_malformed_row_exits_3_naming_file_line_and_column_and_writes_no_model()
    {
        var data = _samples.Write("bad.csv", "a,b,y\n1,2,3\n4,5,6\n7,x8,9\n");
        var model = _samples.In("model.json");

        var run = await CliRun.RunAsync("train", "linreg", "--data", data, "--out", model, "--partitions", "2");

        Assert.Equal(ExitCodes.DataError, run.ExitCode);
        Assert.Contains("bad.csv:4:2:", run.StandardError, StringComparison.Ordinal);
        Assert.False(File.Exists(model));
    }

    [Fact]
    public async Task A_data_error_is_reported_without_a_stack_trace()
    {
        var data = _samples.Write("bad.csv", "a,b,y\n1,2,3\n4,5,6\n7,x8,9\n");

        var run = await CliRun.RunAsync("train", "linreg", "--data", data, "--partitions", "2");

        Assert.Equal(ExitCodes.DataError, run.ExitCode);
        Assert.DoesNotContain("   at ", run.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", run.StandardError, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("kmeans", "--k", "0", "number of clusters --k must be at least 1")]
    [InlineData("linreg", "--l2", "-1", "the penalties --l1 and --l2 must be finite numbers ≥ 0")]
    [InlineData("logreg", "--row-order", "shuffled-blocks", "--row-order applies to --solver local-sgd; logreg solves by default with lbfgs")]
    [InlineData("logreg", "--preconditioner", "identity", "--preconditioner must be diagonal or none, not 'identity'")]
    public async Task Options_that_cannot_work_are_a_usage_error_before_the_data_is_read(string algorithm, string option, string value, string message)
    {
        var run = await CliRun.RunAsync("train", algorithm, "--data", algorithm == "logreg" ? _samples.Churn : _samples.Housing, option, value);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains(message, run.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("job ", run.StandardError, StringComparison.Ordinal); // no job was started
        Assert.DoesNotContain("(Parameter '", run.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_job_that_failed_on_bad_data_leaves_nothing_to_resume_and_a_finished_one_neither()
    {
        var bad = _samples.Write("bad.csv", "a,b,y\n1,2,3\n4,5,6\n7,x8,9\n");
        var state = _samples.In("state");

        var failed = await CliRun.RunAsync("train", "linreg", "--data", bad, "--partitions", "2", "--state-dir", state, "--job-id", "bad-data");
        var succeeded = await CliRun.RunAsync("train", "linreg", "--data", _samples.Housing, "--state-dir", state, "--job-id", "good-data");

        Assert.Equal(ExitCodes.DataError, failed.ExitCode);
        Assert.Equal(ExitCodes.Success, succeeded.ExitCode);
        foreach (var job in new[] { "bad-data", "good-data" })
        {
            var resume = await CliRun.RunAsync("train", "--resume", job, "--state-dir", state, "--out", _samples.In($"{job}.json"));
            Assert.Equal(ExitCodes.Usage, resume.ExitCode);
            Assert.Contains($"no job '{job}'", resume.StandardError, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_resume_without_out_or_json_is_refused_before_the_job_is_touched()
    {
        var run = await CliRun.RunAsync("train", "--resume", "any-job", "--state-dir", _samples.In("state"));

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("--resume needs --out", run.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_json_an_error_is_one_json_document_too()
    {
        var data = _samples.Write("empty.csv", string.Empty);

        var run = await CliRun.RunAsync("train", "kmeans", "--data", data, "--k", "2", "--json");

        Assert.Equal(ExitCodes.DataError, run.ExitCode);
        var error = run.Json().GetProperty("error");
        Assert.Equal("data", error.GetProperty("kind").GetString());
        Assert.Contains("empty", error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("train")]
    [InlineData("predict-data")]
    [InlineData("predict-model")]
    [InlineData("convert")]
    public async Task An_output_that_is_an_input_is_refused_and_the_input_stays_as_it_was(string command)
    {
        var data = _samples.Write("housing.csv", await File.ReadAllTextAsync(_samples.Housing));
        var model = _samples.In("model.json");
        Assert.Equal(0, (await CliRun.RunAsync("train", "linreg", "--data", data, "--out", model)).ExitCode);
        var victim = command == "predict-model" ? model : data;
        var before = await File.ReadAllBytesAsync(victim);

        var run = command switch
        {
            "train" => await CliRun.RunAsync("train", "linreg", "--data", data, "--out", data),
            "convert" => await CliRun.RunAsync("convert", "--data", data, "--out", data),
            _ => await CliRun.RunAsync("predict", "--model", model, "--data", data, "--out", victim),
        };

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("--out", run.StandardError, StringComparison.Ordinal);
        Assert.Contains("would destroy the input", run.StandardError, StringComparison.Ordinal);
        Assert.Equal(before, await File.ReadAllBytesAsync(victim));
    }

    [Fact]
    public async Task An_output_in_a_missing_directory_on_a_directory_or_on_a_device_is_refused_before_training_and_leaves_nothing()
    {
        var missing = await CliRun.RunAsync("train", "linreg", "--data", _samples.Housing, "--out", _samples.In(Path.Combine("nowhere", "model.json")), "--json");
        var directory = await CliRun.RunAsync("train", "linreg", "--data", _samples.Housing, "--out", _samples.Scratch);
        var device = OperatingSystem.IsWindows() ? null : await CliRun.RunAsync("train", "linreg", "--data", _samples.Housing, "--out", "/dev/null");

        Assert.Equal(ExitCodes.Usage, missing.ExitCode);
        Assert.Contains("does not exist", missing.Json().GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain("job ", missing.StandardError, StringComparison.Ordinal); // refused before a job was started
        Assert.Equal(ExitCodes.Usage, directory.ExitCode);
        Assert.Contains("is a directory", directory.StandardError, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Usage, device?.ExitCode ?? ExitCodes.Usage); // it would have renamed a model over the device
        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(_samples.Scratch)!, Path.GetFileName(_samples.Scratch) + ".tmp*"));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("2000000")]
    public async Task A_partition_count_out_of_range_is_a_usage_error_before_any_work(string partitions)
    {
        var train = await CliRun.RunAsync("train", "linreg", "--data", _samples.Housing, "--partitions", partitions);
        var convert = await CliRun.RunAsync("convert", "--data", _samples.Housing, "--out", _samples.In("h.shard"), "--partitions", partitions);

        Assert.Equal(ExitCodes.Usage, train.ExitCode);
        Assert.Equal(ExitCodes.Usage, convert.ExitCode);
        Assert.Contains("--partitions must be between 1 and 65,536", train.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("job ", train.StandardError, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--bogus")]
    [InlineData("--partitions", "abc")]
    public async Task With_json_a_command_line_that_does_not_parse_is_one_json_document_not_the_help(params string[] extra)
    {
        var run = await CliRun.RunAsync(["train", "linreg", "--data", _samples.Housing, "--json", .. extra]);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Equal("usage", run.Json().GetProperty("error").GetProperty("kind").GetString());
    }

    [Fact]
    public async Task A_missing_required_option_exits_2()
    {
        var run = await CliRun.RunAsync("train", "kmeans", "--data", _samples.Blobs);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
    }

    [Fact]
    public async Task An_invalid_option_value_exits_2()
    {
        var run = await CliRun.RunAsync("train", "kmeans", "--data", _samples.Blobs, "--k", "0");

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("at least 1", run.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_model_with_other_features_exits_4()
    {
        var model = _samples.In("kmeans.json");
        Assert.Equal(0, (await CliRun.RunAsync("train", "kmeans", "--data", _samples.Blobs, "--k", "2", "--out", model)).ExitCode);

        var run = await CliRun.RunAsync("predict", "--model", model, "--data", _samples.Housing, "--out", _samples.In("p.csv"));

        Assert.Equal(ExitCodes.ModelError, run.ExitCode);
        Assert.Contains("not in this file's header", run.StandardError, StringComparison.Ordinal);
        Assert.False(File.Exists(_samples.In("p.csv")));
    }

    [Fact]
    public async Task A_file_that_is_not_a_model_exits_4()
    {
        var notModel = _samples.Write("not-a-model.json", "{\"format\":\"something-else\",\"version\":1}");

        var run = await CliRun.RunAsync("evaluate", "--model", notModel, "--data", _samples.Blobs);

        Assert.Equal(ExitCodes.ModelError, run.ExitCode);
    }

    public void Dispose() => _samples.Dispose();
}
