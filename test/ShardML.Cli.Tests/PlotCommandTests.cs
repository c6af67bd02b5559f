using System.Buffers.Binary;
using System.Xml.Linq;

namespace ShardML.Cli.Tests;

/// <summary><c>plot</c> and <c>train --plots</c> write each plot a model supports as a valid PNG and SVG of 800 × 600.</summary>
public sealed class PlotCommandTests : IDisposable
{
    private readonly Samples _samples = new();

    [Fact]
    public async Task Train_with_plots_draws_a_binary_classifiers_loss_confusion_roc_and_precision_recall()
    {
        var directory = _samples.In("churn-plots");

        var train = await CliRun.RunAsync("train", "logreg", "--data", _samples.Churn, "--label", "churned", "--standardize", "--out", _samples.In("churn.json"), "--plots", directory);

        Assert.True(train.ExitCode == 0, train.StandardError);
        AssertPlots(directory, "loss", "confusion", "roc", "precision-recall");
    }

    [Theory]
    [InlineData("kmeans", "loss", "clusters")]
    [InlineData("linreg", "predicted-vs-actual", "residuals")]
    public async Task Plot_draws_what_each_model_kind_supports(string algorithm, params string[] plots)
    {
        var model = _samples.In($"{algorithm}.json");
        var directory = _samples.In($"{algorithm}-plots");
        string[] train = algorithm == "kmeans"
            ? ["train", "kmeans", "--data", _samples.Blobs, "-k", "4", "--ignore", "species", "--out", model]
            : ["train", "linreg", "--data", _samples.Housing, "--label", "price", "--out", model];
        var trained = await CliRun.RunAsync(train);

        var plot = await CliRun.RunAsync("plot", "--model", model, "--data", algorithm == "kmeans" ? _samples.Blobs : _samples.Housing, "--out", directory, "--json");

        Assert.True(trained.ExitCode == 0, trained.StandardError);
        Assert.True(plot.ExitCode == 0, plot.StandardError);
        AssertPlots(directory, plots);
        Assert.Equal(2 * plots.Length, plot.Json().GetProperty("files").GetArrayLength());
    }

    [Fact]
    public async Task A_private_model_is_not_plotted_on_its_training_rows()
    {
        var bounds = _samples.Write("bounds.csv", "feature,lower,upper\ntenure_months,0,72\nmonthly_charges,0,150\nsupport_calls,0,10\ncontract_years,0,3\n");
        var directory = _samples.In("private-plots");
        var model = _samples.In("private.json");

        var train = await CliRun.RunAsync(
            "train", "logreg", "--data", _samples.Churn, "--label", "churned", "--dp-epsilon", "1", "--standardize",
            "--feature-bounds", bounds, "--dp-test-seed", "5", "--out", model, "--plots", directory);
        var inspect = await CliRun.RunAsync("inspect", "--model", model);

        Assert.True(train.ExitCode == 0, train.StandardError);
        Assert.Contains("a private model is not measured on its training rows", train.StandardError, StringComparison.Ordinal);
        Assert.False(Directory.Exists(directory) && Directory.EnumerateFiles(directory).Any());
        Assert.Contains("differential privacy", inspect.StandardError, StringComparison.Ordinal);
        Assert.Contains("TEST SEED", inspect.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_file_as_the_plot_directory_is_refused_before_any_work()
    {
        var file = _samples.Write("taken", "not a directory");

        var plot = await CliRun.RunAsync("plot", "--model", _samples.In("missing.json"), "--data", _samples.Housing, "--out", file);

        Assert.Equal(2, plot.ExitCode);
        Assert.Contains("is a file; give a directory", plot.StandardError, StringComparison.Ordinal);
    }

    public void Dispose() => _samples.Dispose();

    /// <summary>Exactly these plots, each a PNG whose header says 800 × 600 and an SVG whose root says the same.</summary>
    private static void AssertPlots(string directory, params string[] names)
    {
        Assert.Equal(
            names.SelectMany(n => new[] { n + ".png", n + ".svg" }).Order(StringComparer.Ordinal),
            Directory.GetFiles(directory).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        foreach (var name in names)
        {
            var png = File.ReadAllBytes(Path.Combine(directory, name + ".png"));
            Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A], png[..8]);
            Assert.Equal("IHDR", System.Text.Encoding.ASCII.GetString(png, 12, 4));
            Assert.Equal(800, BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16)));
            Assert.Equal(600, BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20)));
            Assert.True(png.Length > 5_000, $"{name}.png has {png.Length} bytes: too few for a drawn plot");
            var svg = XDocument.Load(Path.Combine(directory, name + ".svg")).Root!;
            Assert.Equal("svg", svg.Name.LocalName);
            Assert.Equal("800", svg.Attribute("width")!.Value);
            Assert.Equal("600", svg.Attribute("height")!.Value);
        }
    }
}
