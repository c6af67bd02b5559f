using System.Globalization;
using System.Text.Json;

namespace ShardML.Cli.Tests;

/// <summary>Parquet input, CSV dialects and column choice, through the command line.</summary>
public sealed class DataFormatCommandTests : IDisposable
{
    private readonly Samples _samples = new();

    /// <summary>The churn sample with an id column first, as Parquet (row groups of 500 rows, a text label) and as the equivalent CSV.</summary>
    private (string Csv, string Parquet) ChurnWithIds()
    {
        var rows = File.ReadLines(_samples.Churn).Skip(1).Select(l => l.Split(',')).ToArray();
        int Int(string[] row, int j) => int.Parse(row[j], CultureInfo.InvariantCulture);
        var table = new ParquetTable()
            .Add("customer_id", rows.Select((_, i) => 900_000L + i).ToArray())
            .Add("tenure_months", rows.Select(r => Int(r, 0)).ToArray())
            .Add("monthly_charges", rows.Select(r => float.Parse(r[1], CultureInfo.InvariantCulture)).ToArray())
            .Add("support_calls", rows.Select(r => Int(r, 2)).ToArray())
            .Add("contract_years", rows.Select(r => Int(r, 3)).ToArray())
            .AddText("churned", rows.Select(r => r[4]).ToArray());
        return (_samples.Write("churn-ids.csv", table.ToCsv()), table.Write(_samples.In("churn-ids.parquet"), rowsPerGroup: 500));
    }

    [Fact]
    public async Task A_parquet_file_with_an_id_and_a_text_label_trains_the_model_its_csv_trains()
    {
        var (csv, parquet) = ChurnWithIds();

        var fromCsv = await CliRun.RunAsync("train", "logreg", "--data", csv, "--ignore", "customer_id", "--partitions", "1", "--json");
        var fromParquet = await CliRun.RunAsync("train", "logreg", "--data", parquet, "--ignore", "customer_id", "--partitions", "1", "--json");
        var chosen = await CliRun.RunAsync(
            "train", "logreg", "--data", parquet, "--features", "tenure_months,monthly_charges,support_calls,contract_years", "--partitions", "1", "--json");
        var original = await CliRun.RunAsync("train", "logreg", "--data", _samples.Churn, "--partitions", "1", "--json");

        Assert.True(fromParquet.ExitCode == 0, fromParquet.StandardError);
        Assert.True(chosen.ExitCode == 0, chosen.StandardError);
        Assert.Equal(Model(fromCsv), Model(fromParquet));
        Assert.Equal(Model(fromParquet), Model(chosen));
        Assert.Equal(Model(original), Model(fromParquet));
        Assert.Equal(["tenure_months", "monthly_charges", "support_calls", "contract_years"], Strings(fromParquet.Json().GetProperty("model").GetProperty("featureNames")));
    }

    [Fact]
    public async Task A_model_predicts_and_evaluates_data_with_extra_columns_in_any_format()
    {
        var (csv, parquet) = ChurnWithIds();
        var model = _samples.In("churn.json");
        Assert.Equal(0, (await CliRun.RunAsync("train", "logreg", "--data", _samples.Churn, "--out", model)).ExitCode);

        var fromCsv = await CliRun.RunAsync("predict", "--model", model, "--data", csv, "--out", _samples.In("p-csv.csv"));
        var fromParquet = await CliRun.RunAsync("predict", "--model", model, "--data", parquet, "--out", _samples.In("p-parquet.csv"));
        var plain = await CliRun.RunAsync("predict", "--model", model, "--data", _samples.Churn, "--out", _samples.In("p.csv"));
        var evaluated = await CliRun.RunAsync("evaluate", "--model", model, "--data", parquet, "--json");
        var contradicted = await CliRun.RunAsync("predict", "--model", model, "--data", csv, "--features", "tenure_months", "--out", _samples.In("p-x.csv"));

        Assert.True(fromCsv.ExitCode == 0, fromCsv.StandardError);
        Assert.True(fromParquet.ExitCode == 0, fromParquet.StandardError);
        Assert.Equal(await File.ReadAllLinesAsync(_samples.In("p.csv")), await File.ReadAllLinesAsync(_samples.In("p-csv.csv")));
        Assert.Equal(await File.ReadAllLinesAsync(_samples.In("p.csv")), await File.ReadAllLinesAsync(_samples.In("p-parquet.csv")));
        Assert.True(evaluated.ExitCode == 0, evaluated.StandardError);
        Assert.True(evaluated.Json().GetProperty("metrics").GetProperty("accuracy").GetDouble() > 0.6);
        Assert.Equal(ExitCodes.Usage, contradicted.ExitCode);
        Assert.Contains("--features applies to training", contradicted.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_gzip_copy_of_a_csv_trains_the_same_model_and_a_cut_one_is_a_data_error()
    {
        var bytes = await File.ReadAllBytesAsync(_samples.Churn);
        var gzip = _samples.In("churn.csv.gz");
        await using (var output = File.Create(gzip))
        await using (var compressor = new System.IO.Compression.GZipStream(output, System.IO.Compression.CompressionLevel.Optimal))
        {
            await compressor.WriteAsync(bytes);
        }

        var cut = _samples.In("cut.csv.gz");
        await File.WriteAllBytesAsync(cut, (await File.ReadAllBytesAsync(gzip))[..^20]);

        var plain = await CliRun.RunAsync("train", "logreg", "--data", _samples.Churn, "--partitions", "3", "--out", _samples.In("plain.json"));
        var fromGzip = await CliRun.RunAsync("train", "logreg", "--data", gzip, "--partitions", "3", "--out", _samples.In("gzip.json"));
        var truncated = await CliRun.RunAsync("train", "logreg", "--data", cut, "--partitions", "3");

        Assert.True(plain.ExitCode == 0, plain.StandardError);
        Assert.True(fromGzip.ExitCode == 0, fromGzip.StandardError);
        Assert.Equal(await File.ReadAllTextAsync(_samples.In("plain.json")), await File.ReadAllTextAsync(_samples.In("gzip.json")));
        Assert.Equal(ExitCodes.DataError, truncated.ExitCode);
        Assert.Contains($"{cut}: truncated or corrupt gzip stream", truncated.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", truncated.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Convert_reads_parquet_and_its_shard_file_trains_the_same_model()
    {
        var (_, parquet) = ChurnWithIds();
        var shard = _samples.In("churn.shard");

        var convert = await CliRun.RunAsync("convert", "--data", parquet, "--ignore", "customer_id", "--out", shard, "--json");
        var fromShard = await CliRun.RunAsync("train", "logreg", "--data", shard, "--partitions", "1", "--json");
        var fromParquet = await CliRun.RunAsync("train", "logreg", "--data", parquet, "--ignore", "customer_id", "--partitions", "1", "--json");

        Assert.True(convert.ExitCode == 0, convert.StandardError);
        Assert.Equal(4000, convert.Json().GetProperty("rows").GetInt64());
        Assert.Equal(["no", "yes"], Strings(convert.Json().GetProperty("labelVocabulary")).Order());
        Assert.Equal(Model(fromParquet), Model(fromShard));
    }

    [Theory]
    [InlineData(";", "housing.csv")]
    [InlineData("tab", "housing.txt")]
    [InlineData(null, "housing.tsv")]
    public async Task Another_separator_trains_the_same_model(string? separator, string name)
    {
        var text = await File.ReadAllTextAsync(_samples.Housing);
        var path = _samples.Write(name, text.Replace(',', separator is null or "tab" ? '\t' : separator[0]));
        string[] options = separator is null ? [] : ["--separator", separator];

        var expected = await CliRun.RunAsync("train", "linreg", "--data", _samples.Housing, "--solver", "normal", "--partitions", "1", "--json");
        var run = await CliRun.RunAsync(["train", "linreg", "--data", path, "--format", "csv", "--solver", "normal", "--partitions", "1", "--json", .. options]);

        Assert.True(run.ExitCode == 0, run.StandardError);
        Assert.Equal(Model(expected), Model(run));
    }

    [Fact]
    public async Task Quoted_header_names_find_the_label_and_a_file_without_a_header_trains_with_position_names()
    {
        var lines = await File.ReadAllLinesAsync(_samples.Housing);
        var quoted = _samples.Write("quoted.csv", string.Join('\n', lines.Select(l => string.Join(',', l.Split(',').Select(f => $"\"{f}\"")))) + "\n");
        var headless = _samples.Write("headless.csv", string.Join('\n', lines.Skip(1)) + "\n");

        var expected = await CliRun.RunAsync("train", "linreg", "--data", _samples.Housing, "--label", "price", "--solver", "normal", "--partitions", "1", "--json");
        var fromQuoted = await CliRun.RunAsync("train", "linreg", "--data", quoted, "--label", "price", "--solver", "normal", "--partitions", "1", "--json");
        var fromHeadless = await CliRun.RunAsync("train", "linreg", "--data", headless, "--no-header", "--label", "c4", "--solver", "normal", "--partitions", "1", "--json");
        var refused = await CliRun.RunAsync("train", "linreg", "--data", headless, "--solver", "normal");

        Assert.True(fromQuoted.ExitCode == 0, fromQuoted.StandardError);
        Assert.Equal(Model(expected), Model(fromQuoted));
        Assert.True(fromHeadless.ExitCode == 0, fromHeadless.StandardError);
        Assert.Equal(Model(expected), Model(fromHeadless));
        Assert.Equal(["c0", "c1", "c2", "c3"], Strings(fromHeadless.Json().GetProperty("model").GetProperty("featureNames")));
        Assert.Equal(ExitCodes.DataError, refused.ExitCode);
        Assert.Contains($"{headless}:1: the header looks like data", refused.StandardError, StringComparison.Ordinal);
        Assert.Contains("say so (--no-header)", refused.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Wrong_columns_and_options_that_do_not_apply_are_clear_errors()
    {
        var unknown = await CliRun.RunAsync("train", "linreg", "--data", _samples.Housing, "--ignore", "id");
        var text = await CliRun.RunAsync("train", "linreg", "--data", ChurnWithIds().Parquet, "--label", "tenure_months", "--json");
        var libsvm = await CliRun.RunAsync("train", "linreg", "--data", _samples.SparseRegression, "--features", "f1");
        var separator = await CliRun.RunAsync("train", "linreg", "--data", _samples.Housing, "--separator", "x");
        var format = await CliRun.RunAsync("train", "linreg", "--data", _samples.Housing, "--format", "xlsx");

        Assert.Equal(ExitCodes.DataError, unknown.ExitCode);
        Assert.Contains("ignored column 'id' is not in the header; columns are 'area', 'age', 'rooms', 'inv_distance', 'price'", unknown.StandardError, StringComparison.Ordinal);
        Assert.True(text.ExitCode == 0, text.StandardError); // a text feature is one-hot encoded (it was refused before encoding existed)
        Assert.Equal(["customer_id", "monthly_charges", "support_calls", "contract_years", "churned=no", "churned=yes", "churned=<other>"], Strings(text.Json().GetProperty("model").GetProperty("featureNames")));
        Assert.Equal(ExitCodes.Usage, libsvm.ExitCode);
        Assert.Contains("LibSVM features are numbered, not named", libsvm.StandardError, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Usage, separator.ExitCode);
        Assert.Equal(ExitCodes.Usage, format.ExitCode);
        Assert.Contains("shard or parquet, not 'xlsx'", format.StandardError, StringComparison.Ordinal);
    }

    /// <summary>The model's weights (or coefficients) and classes, as JSON text: equal text is the same model to the bit.</summary>
    private static string Model(CliRun run)
    {
        Assert.True(run.ExitCode == 0, run.StandardError);
        var model = run.Json().GetProperty("model");
        var weights = model.TryGetProperty("weights", out var w) ? w.ToString() : model.GetProperty("coefficients").ToString();
        return weights + (model.TryGetProperty("classes", out var classes) ? classes.ToString() : string.Empty);
    }

    private static string[] Strings(JsonElement array) => [.. array.EnumerateArray().Select(e => e.GetString()!)];

    public void Dispose() => _samples.Dispose();
}
