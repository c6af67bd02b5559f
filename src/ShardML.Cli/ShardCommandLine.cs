using System.CommandLine;
using ShardML.Cli.Commands;

namespace ShardML.Cli;

/// <summary>The <c>shardml</c> command tree.</summary>
public static class ShardCommandLine
{
    public static RootCommand Build()
    {
        var common = new CommonOptions();
        var train = new Command("train", "Train a model on a dataset, on the embedded silo")
        {
            new TrainKMeansCommand(common),
            new TrainLinearRegressionCommand(common),
        };
        return new RootCommand("ShardML: train classical models on partitioned data, on one machine or an Orleans cluster.")
        {
            train,
            new PredictCommand(common),
            new EvaluateCommand(common),
            new ConvertCommand(common),
            new BenchCommand(common),
        };
    }

    /// <summary>Parses and runs; parse errors exit with <see cref="ExitCodes.Usage"/>.</summary>
    public static async Task<int> RunAsync(string[] args, CancellationToken cancellationToken = default)
    {
        var parse = Build().Parse(args);
        if (parse.Errors.Count > 0 && parse.Action is null)
        {
            foreach (var error in parse.Errors)
            {
                await ShardCommand.StandardError.WriteLineAsync(error.Message);
            }

            return ExitCodes.Usage;
        }

        var exit = await parse.InvokeAsync(new InvocationConfiguration { Output = ShardCommand.StandardOutput, Error = ShardCommand.StandardError }, cancellationToken);
        return parse.Errors.Count > 0 ? ExitCodes.Usage : exit;
    }
}
