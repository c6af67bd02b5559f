using Microsoft.Extensions.Logging;
using ShardML.Cli.Engine;
using ShardML.Cli.Output;
using ShardML.Core.Execution;

namespace ShardML.Cli.Tests;

/// <summary>What the CLI shows as it works: progress without a terminal, and what each verbosity logs.</summary>
public sealed class OutputTests
{
    [Fact]
    public async Task Without_a_terminal_progress_is_plain_lines_with_the_bytes_and_rows_loaded()
    {
        var stderr = new StringWriter();
        var reporter = new Reporter(false, new StringWriter(), stderr, TimeSpan.Zero);

        await reporter.WithProgressAsync("train logreg", 200, progress =>
        {
            progress.Report(new TrainingProgress("loading", 0, 0, double.NaN) { Load = new LoadProgress(312_400_000, 1_500_000_000, 2_100_000) });
            progress.Report(new TrainingProgress("loading", 0, 0, double.NaN) { Load = new LoadProgress(312_400_000, 1_500_000_000, 2_100_000) });
            progress.Report(new TrainingProgress("iteration", 12, 200, 0.43215));
            return Task.FromResult(0);
        });

        var lines = stderr.ToString().Trim().Split('\n');
        Assert.Equal(2, lines.Length); // an unchanged line is not repeated
        Assert.StartsWith("train logreg: loading 312.4 MB of 1.50 GB (21%), 2,100,000 rows (", lines[0], StringComparison.Ordinal);
        Assert.StartsWith("train logreg: iteration 12/200, loss 0.43215 (", lines[1], StringComparison.Ordinal);
        Assert.DoesNotContain("\u001b", stderr.ToString(), StringComparison.Ordinal); // no terminal codes in a log
    }

    [Fact]
    public async Task Without_a_terminal_progress_is_written_every_few_seconds_not_every_report()
    {
        var stderr = new StringWriter();
        var reporter = new Reporter(false, new StringWriter(), stderr);

        await reporter.WithProgressAsync("predict", 0, progress =>
        {
            for (var i = 0; i < 1000; i++)
            {
                progress.Report(new TrainingProgress("loading", 0, 0, double.NaN) { Load = new LoadProgress(i, 1000, i) });
            }

            return Task.FromResult(0);
        });

        Assert.Equal(string.Empty, stderr.ToString()); // within the first five seconds: nothing yet
    }

    [Theory]
    [InlineData("-v", false, true)]
    [InlineData("-vv", true, false)]
    [InlineData("--verbose", false, true)]
    public void Vv_is_its_own_option_not_two_verbose_flags(string flag, bool veryVerbose, bool verbose)
    {
        var parse = ShardCommandLine.Build().Parse(["train", "linreg", "--data", "x.csv", flag]);

        Assert.Empty(parse.Errors);
        Assert.Equal(veryVerbose, parse.GetValue<bool>("-vv"));
        Assert.Equal(verbose, parse.GetValue<bool>("--verbose"));
    }

    [Theory]
    [InlineData(0, null, false, false, false)]
    [InlineData(1, null, true, false, true)]
    [InlineData(2, null, true, true, true)]
    [InlineData(0, LogLevel.Debug, true, true, true)]
    public void Verbose_shows_shardml_and_not_orleans_which_needs_a_second_level(int level, LogLevel? minimum, bool shardml, bool orleans, bool orleansWarnings)
    {
        using var loggers = LoggerFactory.Create(new LogVerbosity(level, minimum).Configure);

        Assert.Equal(shardml, loggers.CreateLogger("ShardML.Runtime.Grains.JobGrain").IsEnabled(LogLevel.Debug));
        Assert.Equal(orleans, loggers.CreateLogger("Orleans.Runtime.Silo").IsEnabled(LogLevel.Information));
        Assert.Equal(orleansWarnings, loggers.CreateLogger("Orleans.Runtime.Silo").IsEnabled(LogLevel.Warning));
        Assert.Equal(orleans, loggers.CreateLogger("Polly").IsEnabled(LogLevel.Information)); // Orleans' placement retries
    }
}
