using System.CommandLine;
using ShardML.Cli.Commands;
using ShardML.Cli.Commands.Cluster;
using ShardML.Cli.Commands.Evaluation;
using ShardML.Cli.Commands.Jobs;
using ShardML.Cli.Commands.Privacy;
using ShardML.Cli.Commands.Train;
using ShardML.Cli.Help;

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
        var train = new TrainCommand(common, TrainCommands.Create(common));
        var root = new RootCommand("ShardML: train classical models on partitioned data, on one machine or an Orleans cluster.")
        {
            train,
            new EvaluationCommand("cv", "Cross-validate an algorithm: shardml cv --folds K ALGORITHM <train options>; each fold's held-out metrics, their mean and spread (with --out, the model trained on all rows).", common, TrainMode.CrossValidate),
            new EvaluationCommand("tune", "Search hyperparameters: shardml tune --grid \"l2=1e-4,1e-3\" ALGORITHM <train options>; every candidate on data loaded once, sharing each pass (with --out, the best trained on all rows).", common, TrainMode.Tune),
            new PredictCommand(common),
            new EvaluateCommand(common),
            new InspectCommand(common),
            new ExportCommand(common),
            new PlotCommand(common),
            new ConvertCommand(common),
            new MaskCommand(common),
            new BenchCommand(common),
            new SiloCommand(),
            new Command("jobs", "List the jobs kept in the state store, forget one, or collect old ones") { new JobsListCommand(common), new JobsForgetCommand(common), new JobsGcCommand(common) },
            new Command("cluster", "Look at a running cluster") { new ClusterStatusCommand(), new ClusterAuditCommand() },
            new Command("cert", "Make the certificates of a cluster (mutual TLS)") { new CreateAuthorityCommand(), new IssueCertificateCommand() },
            new Command("privacy", "Plan a differential privacy budget: the ε of a DP-SGD run, or the noise a target (ε, δ) needs") { new PrivacyEpsilonCommand(privacy), new PrivacyNoiseCommand(privacy) },
        };
        GroupedHelp.Install(root);
        return root;
    }

    /// <summary>Parses and runs; parse errors exit with <see cref="ExitCodes.Usage"/>.</summary>
    public static async Task<int> RunAsync(string[] args, CancellationToken cancellationToken = default)
    {
        var parse = Build().Parse(args);
        var json = args.Contains("--json", StringComparer.Ordinal);
        if (parse.Errors.Count > 0 && parse.Action is not GroupedHelp)
        {
            // With --json, stdout holds one JSON document even when the command line does not parse (instead of the help).
            var messages = parse.Errors.Select(e => WithSuggestion(e.Message, parse)).ToList();
            foreach (var message in messages)
            {
                await ShardCommand.StandardError.WriteLineAsync($"error: {message}");
            }

            await ShardCommand.StandardError.WriteLineAsync($"Run '{CommandPath(parse.CommandResult.Command)} --help' for its options.");

            if (json)
            {
                var message = string.Join("; ", messages);
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

    private static string CommandPath(Command command)
    {
        var names = new List<string>();
        for (Command? c = command; c is not null; c = c.Parents.OfType<Command>().FirstOrDefault())
        {
            names.Insert(0, c is RootCommand ? "shardml" : c.Name);
        }

        return string.Join(' ', names);
    }

    /// <summary>A parse error about an unknown option, with the option the user probably meant.</summary>
    private static string WithSuggestion(string message, ParseResult parse)
    {
        var token = parse.UnmatchedTokens.FirstOrDefault(t => message.Contains($"'{t}'", StringComparison.Ordinal));
        return token is not null && Suggestions.For(token, parse.CommandResult.Command) is { } suggestion
            ? $"{message.TrimEnd('.')} (did you mean {suggestion}?)"
            : message;
    }
}
