using System.Globalization;

namespace ShardML.Cli.Tests;

/// <summary>Real data in, end to end: a Parquet file with a text column, a nullable number and an id, as its CSV reads.</summary>
public sealed class EndToEndPreprocessingTests : IDisposable
{
    private static readonly string[] Cities = ["Lyon", "Oslo", "Pune", "Rome", "Kyiv"];

    private readonly Samples _samples = new();

    /// <summary>Flats: an id, a city (text), an area missing every 11th row (null), rooms, and a rent that depends on all three.</summary>
    private (string Csv, string Parquet) Flats(int rows, string name)
    {
        var city = Enumerable.Range(0, rows).Select(i => Cities[i * 7 % 5]).ToArray();
        var area = Enumerable.Range(0, rows).Select(i => i % 11 == 5 ? (double?)null : 20 + (i * 13 % 90)).ToArray();
        var rooms = Enumerable.Range(0, rows).Select(i => 1 + (i % 4)).ToArray();
        var rent = Enumerable.Range(0, rows).Select(i => (float)Math.Round(300 + (40 * Array.IndexOf(Cities, city[i])) + (8.5 * (area[i] ?? 60)) + (25 * rooms[i]) + ((i * 37 % 19) - 9), 2)).ToArray();
        var table = new ParquetTable()
            .Add("flat_id", Enumerable.Range(0, rows).Select(i => 7_000_000_000L + i).ToArray())
            .AddText("city", city)
            .AddNullable("area", area)
            .Add("rooms", rooms)
            .Add("rent", rent);
        return (_samples.Write($"{name}.csv", table.ToCsv()), table.Write(_samples.In($"{name}.parquet"), rowsPerGroup: 250));
    }

    [Fact]
    public async Task A_parquet_file_trains_and_predicts_with_kept_ids_as_its_csv_does()
    {
        var (csv, parquet) = Flats(1200, "flats");
        var (newCsv, newParquet) = Flats(300, "new-flats");
        string[] training = ["--ignore", "flat_id", "--missing", "median", "--partitions", "1"];

        var fromParquet = await CliRun.RunAsync(["train", "linreg", "--data", parquet, .. training, "--out", _samples.In("parquet.json"), "--json"]);
        var fromCsv = await CliRun.RunAsync(["train", "linreg", "--data", csv, .. training, "--out", _samples.In("csv.json"), "--json"]);
        var predictParquet = await CliRun.RunAsync("predict", "--model", _samples.In("parquet.json"), "--data", newParquet, "--keep", "flat_id", "--out", _samples.In("p-parquet.csv"));
        var predictCsv = await CliRun.RunAsync("predict", "--model", _samples.In("csv.json"), "--data", newCsv, "--keep", "flat_id", "--out", _samples.In("p-csv.csv"), "--partitions", "3");
        var crossed = await CliRun.RunAsync("predict", "--model", _samples.In("parquet.json"), "--data", newCsv, "--keep", "flat_id", "--out", "-");

        Assert.True(fromParquet.ExitCode == 0, fromParquet.StandardError);
        Assert.True(fromCsv.ExitCode == 0, fromCsv.StandardError);
        Assert.Equal(LearnedNumbers.OfFile(_samples.In("csv.json")), LearnedNumbers.OfFile(_samples.In("parquet.json")));
        Assert.Equal(
            ["city=Kyiv", "city=Lyon", "city=Oslo", "city=Pune", "city=Rome", "city=<other>", "area", "rooms"],
            fromParquet.Json().GetProperty("model").GetProperty("featureNames").EnumerateArray().Select(n => n.GetString()));
        Assert.True(fromParquet.Json().GetProperty("metrics").GetProperty("r2").GetDouble() > 0.99);

        Assert.True(predictParquet.ExitCode == 0, predictParquet.StandardError);
        Assert.True(predictCsv.ExitCode == 0, predictCsv.StandardError);
        var lines = await File.ReadAllLinesAsync(_samples.In("p-parquet.csv"));
        Assert.Equal(lines, await File.ReadAllLinesAsync(_samples.In("p-csv.csv")));
        Assert.Equal(lines, crossed.StandardOutput.TrimEnd('\n').Split('\n'));
        Assert.Equal("flat_id,prediction", lines[0]);
        Assert.Equal(301, lines.Length);
        Assert.Equal(Enumerable.Range(0, 300).Select(i => (7_000_000_000L + i).ToString(CultureInfo.InvariantCulture)), lines.Skip(1).Select(l => l.Split(',')[0]));
    }

    public void Dispose() => _samples.Dispose();
}
