using ShardML.Algorithms;

namespace ShardML.Cli.Tests;

/// <summary>What a user sees before anything runs: help in sections with each command's own defaults, and usage errors that say what to type instead.</summary>
public sealed class HelpAndUsageTests : IDisposable
{
    private readonly Samples _samples = new();

    [Fact]
    public async Task Help_lists_the_algorithms_own_options_first_then_data_output_cluster_and_jobs()
    {
        var run = await CliRun.RunAsync("train", "logreg", "--help");

        Assert.Equal(0, run.ExitCode);
        var sections = new[] { "Options:", "Data:", "Output:", "Cluster:", "Jobs and fault tolerance:" }.Select(s => run.StandardOutput.IndexOf(s, StringComparison.Ordinal)).ToArray();
        Assert.All(sections, index => Assert.True(index >= 0, run.StandardOutput));
        Assert.Equal(sections.Order(), sections);
        Assert.True(run.StandardOutput.IndexOf("--solver", StringComparison.Ordinal) < sections[1], "the solver is an algorithm option");
        Assert.Contains("lbfgs, gd, sgd or local-sgd (default lbfgs)", run.StandardOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("--loss", run.StandardOutput, StringComparison.Ordinal); // logreg fits one loss
        Assert.DoesNotContain(" \n", run.StandardOutput, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("linreg", "normal, gd, lbfgs, sgd or local-sgd (default normal up to 4,096 features without --l1, else lbfgs)", "L2 penalty λ₂ (default 0)")]
    [InlineData("svm", "cocoa, sgd or local-sgd (default cocoa; sgd with --l1)", "L2 penalty λ₂ (default 0.0001)")]
    [InlineData("sgd", "squared", "hinge, logistic or squared (default hinge)")]
    public async Task Each_command_shows_its_own_defaults(string command, string expected, string alsoExpected)
    {
        var run = await CliRun.RunAsync("train", command, "--help");

        Assert.Contains(expected, run.StandardOutput, StringComparison.Ordinal);
        Assert.Contains(alsoExpected, run.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_train_subcommands_are_the_catalogs_commands()
    {
        var run = await CliRun.RunAsync("train", "--help");

        foreach (var command in AlgorithmCatalog.All.SelectMany(a => a.Commands))
        {
            Assert.Contains($"  {command}  ", run.StandardOutput, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task An_option_spelled_as_other_tools_spell_it_gets_a_did_you_mean()
    {
        var run = await CliRun.RunAsync("train", "kmeans", "--data", _samples.Blobs, "--n-clusters", "4");

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("'--n-clusters' (did you mean --k?)", run.StandardError, StringComparison.Ordinal);
        Assert.Contains("Run 'shardml train kmeans --help'", run.StandardError, StringComparison.Ordinal);
        Assert.Equal(string.Empty, run.StandardOutput); // no help dump for a typo
    }

    [Fact]
    public async Task A_loss_the_command_does_not_fit_names_the_command_that_does()
    {
        var run = await CliRun.RunAsync("train", "logreg", "--data", _samples.Churn, "--loss", "squared");

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("train logreg fits the logistic loss; for the squared loss use train linreg, or train sgd --loss squared", run.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_value_that_is_none_of_the_choices_is_echoed_as_typed()
    {
        var run = await CliRun.RunAsync("train", "kmeans", "--data", _samples.Blobs, "--k", "3", "--algorithm", "Elkan");

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("--algorithm must be auto, lloyd, bounded or yinyang, not 'Elkan'", run.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_option_no_solver_of_the_command_reads_is_refused_not_ignored()
    {
        var byDefault = await CliRun.RunAsync("train", "linreg", "--data", _samples.Housing, "--learning-rate", "0.5");
        var explicitly = await CliRun.RunAsync("train", "sgd", "--data", _samples.Penguins, "--solver", "sgd", "--row-order", "shuffled-blocks");

        Assert.Equal(ExitCodes.Usage, byDefault.ExitCode);
        Assert.Contains("--learning-rate applies to --solver gd, sgd or local-sgd; linreg solves by default with normal or lbfgs", byDefault.StandardError, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Usage, explicitly.ExitCode);
        Assert.Contains("--row-order applies to --solver local-sgd; --solver sgd does not read it", explicitly.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Linear_regression_solves_exactly_by_default()
    {
        var run = await CliRun.RunAsync("train", "linreg", "--data", _samples.Housing, "--json");

        Assert.True(run.ExitCode == 0, run.StandardError);
        var json = run.Json();
        Assert.Equal("normal-equations", json.GetProperty("model").GetProperty("hyperparameters").GetProperty("solver").GetString());
        Assert.True(json.GetProperty("metrics").GetProperty("r2").GetDouble() > 0.99);
    }

    public void Dispose() => _samples.Dispose();
}
