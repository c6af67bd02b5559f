using System.Globalization;
using System.Text;
using ShardML.Algorithms.Models;

namespace ShardML.Cli.Tests;

/// <summary>Missing values, categories, label sanity and kept columns, through the command line.</summary>
public sealed class PreprocessingCommandTests : IDisposable
{
    private static readonly string[] Colors = ["red", "green", "blue", "teal"];

    private readonly Samples _samples = new();

    /// <summary>An id, a color, a size missing every 9th row, a code of numbers, and a price depending on color and size.</summary>
    private string Shop(int rows = 300)
    {
        var text = new StringBuilder("id,color,size,code,price\n");
        for (var i = 0; i < rows; i++)
        {
            var size = i % 9 == 4 ? "NA" : (i % 10).ToString(CultureInfo.InvariantCulture);
            text.Append(CultureInfo.InvariantCulture, $"item-{i},{Colors[i * 5 % 4]},{size},{100 + (i % 3)},{10 + (3 * (i * 5 % 4)) + (i % 10)}\n");
        }

        return _samples.Write("shop.csv", text.ToString());
    }

    [Fact]
    public async Task A_missing_value_by_default_is_an_error_naming_the_flag_and_missing_fills_or_drops()
    {
        var path = Shop();

        var refused = await CliRun.RunAsync("train", "linreg", "--data", path, "--ignore", "id");
        var filled = await CliRun.RunAsync("train", "linreg", "--data", path, "--ignore", "id", "--missing", "median", "--out", _samples.In("m.json"));
        var dropped = await CliRun.RunAsync("train", "linreg", "--data", path, "--ignore", "id", "--missing", "drop", "--json");
        var unknown = await CliRun.RunAsync("train", "linreg", "--data", path, "--missing", "zero");

        Assert.Equal(3, refused.ExitCode);
        Assert.Contains($"{path}:6:3: column 'size': a missing value ('NA'); fill missing values with --missing mean, median or most-frequent, or drop their rows with --missing drop", refused.StandardError, StringComparison.Ordinal);
        Assert.True(filled.ExitCode == 0, filled.StandardError);
        var model = await ModelFile.LoadAsync(_samples.In("m.json"), CancellationToken.None);
        Assert.Equal(5f, model.Preprocessing!.Columns.Single(c => c.Name == "size").Fill);
        Assert.True(dropped.ExitCode == 0, dropped.StandardError);
        Assert.Equal(267, dropped.Json().GetProperty("rows").GetInt64());
        Assert.True(dropped.StandardError.Contains("dropped 33 of 300 rows for a missing value (--missing drop)", StringComparison.Ordinal), dropped.StandardError);
        Assert.Equal(2, unknown.ExitCode);
        Assert.Contains("--missing must be error, drop, mean, median or most-frequent, not 'zero'", unknown.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Text_is_one_hot_encoded_capped_by_max_categories_or_hashed_and_numbers_are_categories_when_declared()
    {
        var path = Shop();

        var capped = await CliRun.RunAsync("train", "linreg", "--data", path, "--ignore", "id", "--missing", "mean", "--max-categories", "2", "--categorical", "code", "--json");
        var hashed = await CliRun.RunAsync("train", "linreg", "--data", path, "--ignore", "id,code", "--missing", "mean", "--max-categories", "2", "--hash-buckets", "8", "--json");
        var zero = await CliRun.RunAsync("train", "linreg", "--data", path, "--max-categories", "0");
        var noBuckets = await CliRun.RunAsync("train", "linreg", "--data", path, "--hash-buckets", "0");

        Assert.True(capped.ExitCode == 0, capped.StandardError);
        Assert.Equal(
            ["color=blue", "color=green", "color=<other>", "size", "code=100", "code=101", "code=<other>"],
            capped.Json().GetProperty("model").GetProperty("featureNames").EnumerateArray().Select(n => n.GetString()));
        Assert.Contains("the 2 most frequent are one-hot encoded and the other 2 share 'color=<other>' (--max-categories; --hash-buckets hashes them instead)", capped.StandardError, StringComparison.Ordinal);
        Assert.True(hashed.ExitCode == 0, hashed.StandardError);
        Assert.Equal(9, hashed.Json().GetProperty("features").GetInt32());
        Assert.Contains("color#7", hashed.Json().GetProperty("model").GetProperty("featureNames").EnumerateArray().Select(n => n.GetString()));
        Assert.Equal(2, zero.ExitCode);
        Assert.Contains("--max-categories must be between 1 and 65,536", zero.StandardError, StringComparison.Ordinal);
        Assert.Equal(2, noBuckets.ExitCode);
    }

    [Fact]
    public async Task Kmeans_starting_centers_from_a_file_are_refused_for_text_columns_encoded_only_at_load()
    {
        var centers = _samples.Write("centers.csv", "color,size\n1,2\n");

        var run = await CliRun.RunAsync("train", "kmeans", "--data", Shop(), "--k", "2", "--ignore", "id,price,code", "--missing", "mean", "--init", centers);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--init FILE names the features, and text columns are one-hot encoded into features only when the data loads", run.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Logreg_refuses_a_price_as_classes_pointing_to_linreg_unless_classes_are_declared()
    {
        var text = new StringBuilder("size,rooms,price\n");
        for (var i = 0; i < 200; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"{i % 17},{i % 5},{1000 + i}\n");
        }

        var path = _samples.Write("prices.csv", text.ToString());
        var classes = string.Join(',', Enumerable.Range(1000, 200));

        var refused = await CliRun.RunAsync("train", "logreg", "--data", path);
        var svm = await CliRun.RunAsync("train", "svm", "--data", path);
        var declared = await CliRun.RunAsync("train", "logreg", "--data", path, "--classes", classes, "--max-iter", "2");
        var onRegression = await CliRun.RunAsync("train", "linreg", "--data", path, "--classes", "1,2");

        Assert.Equal(3, refused.ExitCode);
        Assert.Contains("the label 'price' takes 200 numeric values over 200 rows: it measures a quantity rather than naming classes", refused.StandardError, StringComparison.Ordinal);
        Assert.Contains("shardml train linreg", refused.StandardError, StringComparison.Ordinal);
        Assert.Contains("(--classes)", refused.StandardError, StringComparison.Ordinal);
        Assert.Equal(3, svm.ExitCode);
        Assert.True(declared.ExitCode == 0, declared.StandardError);
        Assert.Equal(2, onRegression.ExitCode);
    }

    [Fact]
    public async Task Predict_keeps_id_columns_and_writes_to_standard_output_with_out_dash()
    {
        var path = Shop();
        var model = _samples.In("shop.json");
        Assert.Equal(0, (await CliRun.RunAsync("train", "linreg", "--data", path, "--ignore", "id", "--missing", "mean", "--out", model)).ExitCode);
        var fresh = _samples.Write("fresh.csv", "price,size,code,color,id\n0,3,100,purple,x-1\n0,,101,red,\"x,2\"\n");

        var toFile = await CliRun.RunAsync("predict", "--model", model, "--data", fresh, "--keep", "id", "--keep", "color", "--out", _samples.In("p.csv"));
        var toStdout = await CliRun.RunAsync("predict", "--model", model, "--data", fresh, "--keep", "id,color", "--out", "-");
        var both = await CliRun.RunAsync("predict", "--model", model, "--data", fresh, "--out", "-", "--json");
        var missing = await CliRun.RunAsync("predict", "--model", model, "--data", fresh, "--keep", "sku", "--out", "-");

        Assert.True(toFile.ExitCode == 0, toFile.StandardError);
        var lines = await File.ReadAllLinesAsync(_samples.In("p.csv"));
        Assert.Equal("id,color,prediction", lines[0]);
        Assert.StartsWith("x-1,purple,", lines[1], StringComparison.Ordinal);
        Assert.StartsWith("\"x,2\",red,", lines[2], StringComparison.Ordinal);
        Assert.True(toStdout.ExitCode == 0, toStdout.StandardError);
        Assert.Equal(lines, toStdout.StandardOutput.TrimEnd('\n').Split('\n'));
        Assert.False(File.Exists(Path.Combine(Environment.CurrentDirectory, "-")));
        Assert.Contains("wrote 2 predictions to standard output", toStdout.StandardError, StringComparison.Ordinal);
        Assert.Equal(2, both.ExitCode);
        Assert.Equal(3, missing.ExitCode);
        Assert.Contains("kept column 'sku' is not in the header", missing.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_model_that_is_not_a_model_is_refused_from_its_first_bytes_even_at_a_gigabyte_and_a_half()
    {
        var huge = _samples.In("huge.csv");
        await using (var stream = File.Create(huge))
        {
            await stream.WriteAsync("a,b,c\n1,2,3\n"u8.ToArray());
            stream.SetLength(1_500_000_000); // sparse: no disk is used, and nothing may read it whole
        }

        var clock = System.Diagnostics.Stopwatch.StartNew();
        var run = await CliRun.RunAsync("predict", "--model", huge, "--data", _samples.Housing, "--out", _samples.In("p.csv"));

        Assert.Equal(4, run.ExitCode);
        Assert.Contains($"{huge}: not a ShardML model (it does not start with a JSON object)", run.StandardError, StringComparison.Ordinal);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"{clock.Elapsed}");
        Assert.Single(run.StandardError.Trim().Split('\n'));
    }

    [Fact]
    public async Task Verbose_and_log_level_are_accepted_on_every_data_command()
    {
        var verbose = await CliRun.RunAsync("train", "linreg", "--data", _samples.Housing, "-v", "--partitions", "1");
        var very = await CliRun.RunAsync("train", "linreg", "--data", _samples.Housing, "-vv", "--partitions", "1");
        var level = await CliRun.RunAsync("evaluate", "--model", _samples.In("none.json"), "--data", _samples.Housing, "--log-level", "debug");
        var bad = await CliRun.RunAsync("train", "linreg", "--data", _samples.Housing, "--log-level", "loud");

        Assert.True(verbose.ExitCode == 0, verbose.StandardError);
        Assert.True(very.ExitCode == 0, very.StandardError);
        Assert.Equal(4, level.ExitCode); // parsed; the model is what is missing
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("--log-level must be trace, debug, information, info, warning, error, critical or none, not 'loud'", bad.StandardError, StringComparison.Ordinal);
    }

    public void Dispose() => _samples.Dispose();
}
