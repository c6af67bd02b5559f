using System.CommandLine;
using ShardML.Cli.Commands;
using ShardML.Cli.Commands.Cluster;
using ShardML.Cli.Commands.Jobs;
using ShardML.Cli.Commands.Privacy;

namespace ShardML.Cli;

/// <summary>The <c>shardml</c> command tree.</summary>
public static class ShardCommandLine
{
    /// <summary>How long Ctrl-C or SIGTERM leaves a command to stop cleanly before the process ends anyway.</summary>
    public static readonly TimeSpan ShutdownGrace = TimeSpan.FromSeconds(45);

    public static RootCommand Build()
    {
        var common = new CommonOptions();
        var privacy = new PrivacyOptions();
        var train = new TrainCommand(common, [
            new TrainKMeansCommand(common),
            new TrainLinearRegressionCommand(common),
            new TrainSgdCommand(common),
            new TrainLogisticRegressionCommand(common),
            new TrainSvmCommand(common),
        ]);
        return new RootCommand("ShardML: train classical models on partitioned data, on one machine or an Orleans cluster.")
        {
            train,
            new PredictCommand(common),
            new EvaluateCommand(common),
            new ConvertCommand(common),
            new BenchCommand(common),
            new SiloCommand(),
            new Command("cluster", "Look at a running cluster") { new ClusterStatusCommand() },
            new Command("cert", "Make the certificates of a cluster (mutual TLS)") { new CreateAuthorityCommand(), new IssueCertificateCommand() },
            new Command("privacy", "Plan a differential privacy budget: the ε of a DP-SGD run, or the noise a target (ε, δ) needs") { new PrivacyEpsilonCommand(privacy), new PrivacyNoiseCommand(privacy) },
        };
    }

    /// <summary>Parses and runs; parse errors exit with <see cref="ExitCodes.Usage"/>.</summary>
    public static async Task<int> RunAsync(string[] args, CancellationToken cancellationToken = default)
    {
        var parse = Build().Parse(args);
        var json = args.Contains("--json", StringComparer.Ordinal);
        if (parse.Errors.Count > 0 && (parse.Action is null || json))
        {
            // With --json, stdout holds one JSON document even when the command line does not parse (instead of the help).
            foreach (var error in parse.Errors)
            {
                await ShardCommand.StandardError.WriteLineAsync(error.Message);
            }

            if (json)
            {
                var message = string.Join("; ", parse.Errors.Select(e => e.Message));
                await ShardCommand.StandardOutput.WriteLineAsync(
                    System.Text.Json.JsonSerializer.Serialize(new { error = new { kind = "usage", message }, exitCode = ExitCodes.Usage }, Output.Reporter.JsonOptions));
            }

            return ExitCodes.Usage;
        }

        var exit = await parse.InvokeAsync(
            new InvocationConfiguration
            {
                Output = ShardCommand.StandardOutput,
                Error = ShardCommand.StandardError,
                ProcessTerminationTimeout = ShutdownGrace, // a silo hands its work over before it exits
            },
            cancellationToken);
        return parse.Errors.Count > 0 ? ExitCodes.Usage : exit;
    }
}
